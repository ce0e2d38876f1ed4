// No console window on Windows for the desktop app; the CLI still prints where it is started.
#![cfg_attr(all(not(debug_assertions), target_os = "windows"), windows_subsystem = "windows")]

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    match closeout::cli::Invocation::from_args(&args) {
        closeout::cli::Invocation::Window { case } => open_window(case),
        closeout::cli::Invocation::Command => std::process::exit(closeout::cli::run(args)),
    }
}

#[cfg(feature = "desktop")]
fn open_window(case: Option<std::path::PathBuf>) {
    closeout::app::run(case);
}

#[cfg(not(feature = "desktop"))]
fn open_window(_case: Option<std::path::PathBuf>) {
    eprintln!(
        "closeout: this build has no desktop window (built without the `desktop` feature); see `closeout --help`"
    );
    std::process::exit(2);
}
