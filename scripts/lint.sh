#!/usr/bin/env bash
# The habits the test command keeps: formatting, clippy with and without the window, the API
# docs with warnings denied, and a build on the declared rust-version (the oldest Rust the
# package promises to build on).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo fmt --check
cargo clippy --all-targets --no-default-features --target-dir "$target/core" -- -D warnings
cargo clippy --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --no-default-features --target-dir "$target/core"
msrv="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)"
cargo "+$msrv" build --no-default-features --target-dir "$target/msrv"
