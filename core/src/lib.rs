//! Closeout's core: everything a seller's store closure needs, with no face in it. The command
//! line (`src-tauri/cli`) and the window (`src-tauri/app`) are two binaries over these same
//! functions; this library knows neither clap nor Tauri.

#![warn(missing_docs)]

pub mod calendar;
pub mod case;
pub mod checklist;
pub mod error;
pub mod export;
#[cfg(feature = "fuzzing")]
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

pub use error::{Error, Result};

/// The version of Closeout, as `--version` and the report print it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
