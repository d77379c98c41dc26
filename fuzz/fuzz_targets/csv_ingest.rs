#![no_main]
//! Fuzz target `csv_ingest`: see `caseaudit::fuzzing::csv_ingest`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    caseaudit::fuzzing::csv_ingest(data);
});
