#!/usr/bin/env bash
# The Windows half of the test command: the core's tests cross-built for x86_64-pc-windows-gnu
# and run under Wine, then the installer (scripts/package-windows.sh) installed, used and
# removed under Wine by tests/installer_windows.rs. Wine gets a prefix of its own and, for the
# tests only, a stand-in bcryptprimitives.dll (tests/windows/bcryptprimitives.c says why).
#   CLOSEOUT_WINDOWS=0   skips all of it (say, on a machine without Wine)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ "${CLOSEOUT_WINDOWS:-1}" == 1 ]] || { echo "Windows tests skipped (CLOSEOUT_WINDOWS=0)" >&2; exit 0; }
bash scripts/deps.sh --windows --test
export PATH="$HOME/.cargo/bin:$PATH"

target=x86_64-pc-windows-gnu
rustup target list --installed | grep -qx "$target" || rustup target add "$target"

cache="${XDG_CACHE_HOME:-$HOME/.cache}/closeout"
export WINEPREFIX="$cache/wine-prefix" WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n,b"
mkdir -p "$WINEPREFIX"
wineboot --init >/dev/null 2>&1 || true
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  tests/windows/bcryptprimitives.c -ladvapi32

export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
# Slow tests measure memory through /proc, which a Windows program has not; the fuzz targets
# get a second each (their campaign is the Linux run's).
CLOSEOUT_SLOW_TESTS=0 CLOSEOUT_FUZZ_SECONDS=1 cargo test --workspace --no-default-features --target "$target" --lib --bins --test tests \
  --target-dir "${CARGO_TARGET_DIR:-target}/windows"

setup="$(bash scripts/package-windows.sh)"
# The installer test itself runs on Linux, driving Wine; the core build of test.sh serves it.
CLOSEOUT_WINDOWS_SETUP="$setup" cargo test --no-default-features --target-dir "${CARGO_TARGET_DIR:-target}/core" \
  --test tests installer_windows
