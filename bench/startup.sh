#!/usr/bin/env bash
# What a command costs before it does anything: `closeout check` on a small case (the command
# line, the core alone) beside `closeout-app --version` (the window's program, which loads the
# window toolkit and answers before opening a window): the cost every CLI call paid while the CLI
# was the window's program. Release builds of both; 20 counted runs of each, alternating, after
# 2 warm-ups; medians and their ratio, appended to bench/results/DATE-MACHINE.md.
#   bash bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C  # a point in $EPOCHREALTIME, whatever the machine's language
runs="${1:-20}"
cargo build --release --quiet --bin closeout --bin closeout-app
target="$(cargo metadata --format-version 1 --no-deps | grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)"
cli="$target/release/closeout" window="$target/release/closeout-app"
scratch="$(mktemp -d)" && trap 'rm -rf "$scratch"' EXIT
case="$scratch/small.closeout"
"$cli" new "$case" --store Bench --region CN >/dev/null
"$cli" import "$case" tests/fixtures/samples/订单.xlsx tests/fixtures/samples/放款.xlsx >/dev/null

# One run's wall time in milliseconds (bash's own clock, microseconds).
time_ms() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  local end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", (e - s) * 1000 }'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

for _ in 1 2; do time_ms "$cli" check "$case" --as-of 2026-12-01 >/dev/null; time_ms "$window" --version >/dev/null; done
check_times=() window_times=()
for _ in $(seq "$runs"); do
  check_times+=("$(time_ms "$cli" check "$case" --as-of 2026-12-01)")
  window_times+=("$(time_ms "$window" --version)")
done
check_median="$(printf '%s\n' "${check_times[@]}" | median)"
window_median="$(printf '%s\n' "${window_times[@]}" | median)"
libs_cli="$(ldd "$cli" | wc -l)" libs_window="$(ldd "$window" | wc -l)"
ratio="$(awk -v w="$window_median" -v c="$check_median" 'BEGIN { printf "%.1f", w / c }')"

# The same name bench/main.rs's machine() gives, so both write to one results file a day.
model="$(grep -m1 'model name' /proc/cpuinfo | sed 's/^[^:]*: *//')"
gib="$(awk '/MemTotal:/ { printf "%d", $2 / 1048576 + 0.5 }' /proc/meminfo)"
machine="$(printf '%score-%s-%sg' "$(nproc)" "$model" "$gib" | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9]/-/g')"
out="bench/results/$(date +%F)-$machine.md"
{
  echo
  echo "## Start-up: \`closeout check\` beside the window's program ($(date -u +%FT%TZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "$runs runs each, alternating, after 2 warm-ups; release builds; a case of $(stat -c %s "$case") bytes."
  echo
  echo "| command | shared libraries | median wall (ms) |"
  echo "|---|---|---|"
  echo "| \`closeout check CASE\` (the command line) | $libs_cli | $check_median |"
  echo "| \`closeout-app --version\` (the window's program, no window) | $libs_window | $window_median |"
  echo
  echo "The window's program takes ${ratio}× as long to start and answer as the command line takes to start, read the case and evaluate it."
} | tee -a "$out"
