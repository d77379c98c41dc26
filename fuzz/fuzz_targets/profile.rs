#![no_main]
//! Fuzz target `profile`: see `caseaudit::fuzzing::profile`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    caseaudit::fuzzing::profile(data);
});
