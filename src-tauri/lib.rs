//! Closeout's core: everything a seller's store closure needs, with no window in it.
//! The desktop shell (`app`, behind the `desktop` feature) and the command line (`cli`) are two
//! faces over these same functions.

#![warn(missing_docs)]

pub mod calendar;
pub mod case;
pub mod checklist;
pub mod cli;
pub mod error;
pub mod export;
pub mod fuzz_targets;
pub mod import;
pub mod locale;
pub mod model;
pub mod pack;
pub mod report;
pub mod rules;
pub mod tasks;
pub mod text;
pub mod zones;

#[cfg(feature = "desktop")]
pub mod app;

pub use error::{Error, Result};

/// The version of Closeout, as `--version` and the report print it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
