#![no_main]
//! The input as the sheet (and shared strings) of an always-whole workbook.
libfuzzer_sys::fuzz_target!(|data: &[u8]| closeout_core::fuzz_targets::read_sheet_xml(data));
