//! Closeout's core: everything a seller's store closure needs, with no window in it.
//! The desktop shell (`app`, behind the `desktop` feature) and the command line (`cli`) are two
//! faces over these same functions.

pub mod case;
pub mod cli;
pub mod error;
pub mod locale;
pub mod model;
pub mod tasks;

#[cfg(feature = "desktop")]
pub mod app;

pub use error::{Error, Result};

/// The version of Closeout, as `--version` and the report print it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
