#![no_main]
//! The input as the members of an always-whole zip, as Alipay sends statements.
libfuzzer_sys::fuzz_target!(|data: &[u8]| closeout_core::fuzz_targets::read_zip_members(data));
