#!/usr/bin/env bash
# Installs what is missing, builds Closeout and opens it. The first time, it creates a sample
# case so there is something to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
export PATH="$HOME/.cargo/bin:$PATH"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "No screen to open a window on (DISPLAY is not set). On a server, run: Xvfb :99 & DISPLAY=:99 $0" >&2
  exit 1
fi

cargo build --quiet --bins
target_dir="$(cargo metadata --format-version 1 --no-deps | grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)"
bin="$target_dir/debug/closeout"      # the command line
window="$target_dir/debug/closeout-app"  # the window
cases_dir="$(xdg-user-dir DOCUMENTS 2>/dev/null || echo "$HOME")/Closeout"
[[ "$cases_dir" == "$HOME/Closeout" || -d "$(dirname "$cases_dir")" ]] || cases_dir="$HOME/Closeout"
if ! compgen -G "$cases_dir/*.closeout" >/dev/null; then
  mkdir -p "$cases_dir"
  sample="$cases_dir/Sample store.closeout"
  "$bin" new "$sample" --store "Sample store (example)" --region CN --stop-date "$(date +%F)"
  # Real-shaped example files, so every step has something to show (one row is damaged on
  # purpose: it shows how a row Closeout cannot read is kept aside).
  samples=tests/fixtures/samples
  "$bin" import "$sample" "$samples/订单.xlsx" "$samples/orders_2026-09_2026-11.csv" \
    "$samples/20880098765432105678_20261101_账务明细.csv" "$samples/放款.xlsx" "$samples/退款.xlsx" >/dev/null || true
  exec "$window" "$sample"
fi
exec "$window"
