#!/usr/bin/env bash
# Installs what Closeout needs on Debian or Ubuntu, skipping whatever is already there.
#   scripts/deps.sh          to build and run the app
#   scripts/deps.sh --test   also what the tests need (Xvfb, WebKitWebDriver, tauri-driver …)
#   scripts/deps.sh --windows [--test]   also what the Windows build needs (and Wine to test it)
set -euo pipefail

packages=(build-essential pkg-config curl libwebkit2gtk-4.1-dev libssl-dev
          libayatana-appindicator3-dev librsvg2-dev libxdo-dev fonts-noto-cjk)
testing=0 windows=0
for arg in "$@"; do
  case "$arg" in
    --test) testing=1 ;;
    --windows) windows=1 ;;
    *) echo "deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
((testing)) && packages+=(xvfb webkit2gtk-driver imagemagick poppler-utils sqlite3 x11-utils)
# Building for Windows (mingw-w64 links, nsis packs); testing it needs Wine.
((windows)) && packages+=(mingw-w64 nsis)
((windows && testing)) && packages+=(wine wine64)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  [[ -x "$HOME/.cargo/bin/cargo" ]] || {
    echo "Installing Rust with rustup (https://rustup.rs)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  }
  export PATH="$HOME/.cargo/bin:$PATH"
fi

# The lints the test command runs (scripts/lint.sh), and the toolchain of the declared
# rust-version, which it builds on.
if ((testing)) && command -v rustup >/dev/null; then
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
  msrv="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' "$(dirname "$0")/../Cargo.toml")"
  rustup toolchain list | grep -q "^$msrv" || rustup toolchain install "$msrv" --profile minimal
fi

if ((testing)) && ! command -v tauri-driver >/dev/null && [[ ! -x "$HOME/.cargo/bin/tauri-driver" ]]; then
  echo "Installing tauri-driver (drives the app in the end-to-end tests)"
  cargo install tauri-driver --locked --quiet
fi

# axe-core, the accessibility checker the end-to-end tests run inside the window
# (tests/e2e/axe.rs), pinned, from the npm registry, unpacked where the tests look for it.
axe_version=4.14.1
axe_dir="$HOME/.cache/closeout-axe/$axe_version"
if ((testing)) && [[ ! -f "$axe_dir/axe.min.js" ]]; then
  command -v npm >/dev/null || {
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y -qq npm
  }
  echo "Fetching axe-core $axe_version (checks the window's accessibility in the tests)"
  scratch="$(mktemp -d)"
  (cd "$scratch" && npm pack --silent "axe-core@$axe_version" >/dev/null && tar xzf "axe-core-$axe_version.tgz")
  mkdir -p "$axe_dir"
  cp "$scratch/package/axe.min.js" "$scratch/package/LICENSE" "$axe_dir/"
  rm -rf "$scratch"
fi
