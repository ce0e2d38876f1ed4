//! Every integration test, in one binary (it links once). Helpers live in `util`.

mod util;

mod case_files;
mod cli;
