//! End-to-end tests of the real app: Xvfb, tauri-driver and WebKitWebDriver drive the built
//! `closeout` binary through its window, selecting elements by `data-testid`.
//! Set CLOSEOUT_SKIP_E2E=1 to skip them (they need Xvfb, tauri-driver and webkit2gtk-driver).

pub(crate) mod harness;

mod app_bench;
mod attachments;
mod axe;
mod checklist;
mod feedback;
mod foundation;
mod hardening;
mod journeys;
mod money;
mod one_file;
mod orders;
mod real_files;
mod report;
mod statuses;
mod verdict;
