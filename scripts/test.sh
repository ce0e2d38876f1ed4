#!/usr/bin/env bash
# Runs every test: the core alone (no Tauri, proves the invariant), then everything, including
# the end-to-end tests that drive the real app under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

# The core and the command line alone, without WebKitGTK: proves neither needs Tauri (slow tests
# run once, below).
CLOSEOUT_SLOW_TESTS=0 cargo test --workspace --no-default-features --target-dir "${CARGO_TARGET_DIR:-target}/core"
# Formatting, clippy (both ways), the API docs and the declared rust-version (scripts/lint.sh).
bash scripts/lint.sh
# Everything, with the window: end-to-end tests under Xvfb, and the slow tests.
CLOSEOUT_SLOW_TESTS="${CLOSEOUT_SLOW_TESTS:-1}" cargo test --workspace
# The installer as sellers get it: build the .deb, then unpack it and run it (tests/installer.rs).
deb="$(bash scripts/package.sh)"
CLOSEOUT_DEB="$deb" cargo test --test tests installer
# Windows: the core's tests built for Windows and run under Wine, then the Windows installer
# installed, used and removed under Wine (scripts/test-windows.sh; CLOSEOUT_WINDOWS=0 skips it).
bash scripts/test-windows.sh
