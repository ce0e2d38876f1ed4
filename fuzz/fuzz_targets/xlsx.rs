#![no_main]
//! Detection and parse of any bytes; seeds: the xlsx fixtures.
libfuzzer_sys::fuzz_target!(|data: &[u8]| closeout_core::fuzz_targets::read_bytes(data));
