#!/usr/bin/env bash
# Builds the Linux installer (a .deb) with the Tauri CLI and prints its path, and only that, on
# stdout; everything else goes to stderr, so `deb="$(bash scripts/package.sh)"` works.
# Installs what is missing first: system packages and Rust (scripts/deps.sh), Node.js and npm,
# and the Tauri CLI from npm, pinned, into a cache folder (no global install, no prompt).
#   TAURI_CLI_VERSION   the @tauri-apps/cli version to use (default below; any 2.x)
#   TAURI_CLI           a tauri binary to use instead of installing one
#   CLOSEOUT_CACHE      where the CLI is kept (default ~/.cache/closeout)
# Windows and macOS installers are built on those systems: see docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."

TAURI_CLI_VERSION="${TAURI_CLI_VERSION:-2.12.5}"
[[ "$TAURI_CLI_VERSION" == 2.* ]] || { echo "TAURI_CLI_VERSION must be a 2.x version, not $TAURI_CLI_VERSION" >&2; exit 2; }
cache="${CLOSEOUT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/closeout}"

bash scripts/deps.sh >&2
export PATH="$HOME/.cargo/bin:$PATH"

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
apt_install() {
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "$@" >&2
}

# The installer test (tests/installer.rs) checks the menu entry and file association with
# desktop-file-validate and update-desktop-database, as a seller's system would see them.
if ! command -v update-desktop-database >/dev/null; then
  echo "Installing desktop-file-utils (to check the menu entry)" >&2
  apt_install desktop-file-utils
fi

tauri="${TAURI_CLI:-}"
if [[ -z "$tauri" ]]; then
  prefix="$cache/tauri-cli-$TAURI_CLI_VERSION"
  tauri="$prefix/node_modules/.bin/tauri"
  if [[ ! -x "$tauri" ]]; then
    if ! command -v npm >/dev/null; then
      echo "Installing Node.js and npm (to fetch the Tauri CLI)" >&2
      apt_install nodejs npm
    fi
    echo "Installing the Tauri CLI $TAURI_CLI_VERSION into $prefix" >&2
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "@tauri-apps/cli@$TAURI_CLI_VERSION" >&2
  fi
fi
echo "Using $("$tauri" --version)" >&2

# Where cargo puts its output (honours CARGO_TARGET_DIR and .cargo/config), and the .deb's name.
target_dir="$(cargo metadata --format-version 1 --no-deps | grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)"
version="$(grep -m1 -o '"version": *"[^"]*"' tauri.conf.json | cut -d'"' -f4)"
product="$(grep -m1 -o '"productName": *"[^"]*"' tauri.conf.json | cut -d'"' -f4)"
deb_dir="$target_dir/release/bundle/deb"
rm -rf "$deb_dir"   # so an old installer is never mistaken for this one

"$tauri" build --bundles deb --ci >&2

deb="$deb_dir/${product}_${version}_$(dpkg --print-architecture).deb"
[[ -f "$deb" ]] || { echo "The build finished but made no $deb; it made: $(ls "$deb_dir" 2>&1)" >&2; exit 1; }
echo "Built $deb ($(du -h "$deb" | cut -f1))" >&2
echo "$deb"
