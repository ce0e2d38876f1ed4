//! Windows only: the console twin of `closeout.exe`, installed beside it as `closeout.com`.
//! The window's exe is a GUI-subsystem program (a console would flash at every double-click),
//! and cmd and PowerShell neither wait for such a program nor show what it prints. Typed in a
//! terminal, `closeout …` finds the `.com` first (PATHEXT), which is this console program: the
//! same `cli::run`, its output in the terminal and its exit code in `%ERRORLEVEL%` and
//! `$LASTEXITCODE`. Without a subcommand it starts the window's exe beside it.

use std::ffi::OsString;
use std::process::{exit, Command};

fn main() {
    let args: Vec<OsString> = std::env::args_os().collect();
    match closeout::cli::Invocation::from_args(&args) {
        closeout::cli::Invocation::Command => exit(closeout::cli::run(args)),
        closeout::cli::Invocation::Window { .. } => exit(open_window(&args[1..])),
    }
}

/// Starts `closeout.exe` from this program's folder with the same arguments, without waiting.
fn open_window(args: &[OsString]) -> i32 {
    let window = std::env::current_exe().map(|exe| exe.with_file_name("closeout.exe"));
    match window.and_then(|exe| Command::new(exe).args(args).spawn()) {
        Ok(_) => 0,
        Err(e) => {
            eprintln!("closeout: could not start the window (closeout.exe): {e}");
            2
        }
    }
}
