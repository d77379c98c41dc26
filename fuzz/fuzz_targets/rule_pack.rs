#![no_main]
//! Fuzz target `rule_pack`: see `caseaudit::fuzzing::rule_pack`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    caseaudit::fuzzing::rule_pack(data);
});
