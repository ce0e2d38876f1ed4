//! Every integration test, in one binary (it links once). Helpers live in `util`.

mod util;

mod case_files;
mod checklist;
mod cli;
mod i18n;
mod report;
mod security;

#[cfg(feature = "desktop")]
mod e2e;
