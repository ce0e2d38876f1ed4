#!/usr/bin/env bash
# The import benchmark: builds the release CLI (the core only, no window) and the benchmark,
# generates the data into bench/data/ the first time, and prints medians side by side with the
# sqlite3 shell's .import; each run is appended to bench/results/DATE-MACHINE.md.
#   bash bench/run.sh                      # 10k, 100k, 1M orders and a 1M-row ledger, 3 runs
#   bash bench/run.sh --runs 5 --sizes 10000,100000 --ledger 0
#   bash bench/run.sh --baseline /path/to/older/closeout   # a second build measured beside it
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlite3 >/dev/null; then
    echo "bench: the sqlite3 shell is the reference; install it first (sudo apt-get install sqlite3)" >&2
    exit 1
fi
cargo build --release --no-default-features --bin closeout --example bench
target="${CARGO_TARGET_DIR:-target}"
exec "$target/release/examples/bench" --closeout "$target/release/closeout" "$@"
