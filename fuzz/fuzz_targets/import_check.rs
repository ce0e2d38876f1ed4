#![no_main]
//! Import into a scratch case, then check, calendar, money and report.
libfuzzer_sys::fuzz_target!(|data: &[u8]| closeout_core::fuzz_targets::import_then_check(data));
