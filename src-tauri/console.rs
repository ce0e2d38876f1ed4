//! Windows only: the console twin of `closeout.exe`, installed beside it as `closeout.com`.
//! The window's exe is a GUI-subsystem program (a console would flash at every double-click),
//! and cmd and PowerShell neither wait for such a program nor show what it prints. Typed in a
//! terminal, `closeout …` finds the `.com` first (PATHEXT): this small console program, which
//! runs `closeout.exe` with the same arguments, passes its output on to the terminal as it
//! comes, and exits with its exit code (`%ERRORLEVEL%`, `$LASTEXITCODE`). It holds no logic of
//! its own and links nothing of Closeout's (it stays a few hundred KB): `closeout.exe` decides
//! what the arguments mean. Only to return at once when the window opens (no arguments, or a
//! case file alone, as a double-click passes it) does it look at them.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::{exit, Command, Stdio};

fn main() {
    let args: Vec<OsString> = std::env::args_os().collect();
    let exe = match std::env::current_exe() {
        Ok(twin) => twin.with_file_name("closeout.exe"),
        Err(e) => fail(&e),
    };
    let mut closeout = Command::new(exe);
    closeout.args(&args[1..]);
    let opens_window = match &args[1..] {
        [] => true,
        [file] => std::path::Path::new(file).is_file(),
        _ => false,
    };
    if opens_window {
        exit(closeout.spawn().map_or_else(|e| fail(&e), |_| 0));
    }
    // Through pipes: a GUI program cannot be relied on to write to a console it inherited.
    let mut child = closeout.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap_or_else(|e| fail(&e));
    let (out, err) = (child.stdout.take().expect("piped"), child.stderr.take().expect("piped"));
    let errors = std::thread::spawn(move || pass_on(err, std::io::stderr()));
    pass_on(out, std::io::stdout());
    let _ = errors.join();
    let status = child.wait().unwrap_or_else(|e| fail(&e));
    exit(status.code().unwrap_or(2));
}

/// Copies `from` to `to` as it comes, flushing each piece (progress lines show at once).
fn pass_on(mut from: impl Read, mut to: impl Write) {
    let mut buffer = [0u8; 8192];
    while let Ok(n @ 1..) = from.read(&mut buffer) {
        if to.write_all(&buffer[..n]).and_then(|()| to.flush()).is_err() {
            break;
        }
    }
}

fn fail(e: &std::io::Error) -> ! {
    eprintln!("closeout: could not start closeout.exe beside this program: {e}");
    exit(2)
}
