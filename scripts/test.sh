#!/usr/bin/env bash
# Runs every test: the core alone (no Tauri, proves the invariant), then everything, including
# the end-to-end tests that drive the real app under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

cargo test --no-default-features --target-dir "${CARGO_TARGET_DIR:-target}/core"
cargo test
