//! Every integration test, in one binary (it links once). Helpers live in `util`.

mod util;

mod attachments;
mod bombs;
mod case_files;
mod checklist;
mod cli;
mod fuzz;
mod hardening;
mod i18n;
mod import_money;
mod import_orders;
mod lang;
mod large_imports;
mod order_imports;
mod pack;
mod real_files;
mod regression;
mod report;
mod security;
mod tidy;

#[cfg(feature = "desktop")]
mod e2e;

#[cfg(feature = "desktop")]
mod installer;

mod installer_windows;
