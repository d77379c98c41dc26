#![no_main]
//! Fuzz target `workbook_ingest`: see `caseaudit::fuzzing::workbook_ingest`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    caseaudit::fuzzing::workbook_ingest(data);
});
