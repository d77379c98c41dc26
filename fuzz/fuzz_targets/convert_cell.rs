#![no_main]
//! Fuzz target `convert_cell`: see `caseaudit::fuzzing::convert_cell`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    caseaudit::fuzzing::convert_cell(data);
});
