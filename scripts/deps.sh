#!/usr/bin/env bash
# Installs what Closeout needs on Debian or Ubuntu, skipping whatever is already there.
#   scripts/deps.sh          to build and run the app
#   scripts/deps.sh --test   also what the tests need (Xvfb, WebKitWebDriver, tauri-driver …)
set -euo pipefail

packages=(build-essential pkg-config curl libwebkit2gtk-4.1-dev libssl-dev
          libayatana-appindicator3-dev librsvg2-dev libxdo-dev fonts-noto-cjk)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(xvfb webkit2gtk-driver imagemagick poppler-utils sqlite3)
fi

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

if [[ "${1:-}" == "--test" ]] && ! command -v tauri-driver >/dev/null && [[ ! -x "$HOME/.cargo/bin/tauri-driver" ]]; then
  echo "Installing tauri-driver (drives the app in the end-to-end tests)"
  cargo install tauri-driver --locked --quiet
fi
