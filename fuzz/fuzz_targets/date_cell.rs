#![no_main]
//! Fuzz target `date_cell`: see `caseaudit::fuzzing::date_cell`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    caseaudit::fuzzing::date_cell(data);
});
