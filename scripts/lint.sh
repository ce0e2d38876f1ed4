#!/usr/bin/env bash
# The habits the test command keeps: formatting, clippy with and without the window, the API
# docs with warnings denied, and the core checked on the declared rust-version (the oldest Rust
# the package promises to build on; `check`, not `build`: it is the compiler's verdict that
# matters, and a cold build on that toolchain takes 12 minutes here, a check far less).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo fmt --all --check
cargo clippy --workspace --all-targets --no-default-features --target-dir "$target/core" -- -D warnings
cargo clippy --workspace --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --no-default-features --target-dir "$target/core"
msrv="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)"
cargo "+$msrv" check --workspace --no-default-features --target-dir "$target/msrv"
