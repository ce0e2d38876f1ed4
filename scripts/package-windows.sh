#!/usr/bin/env bash
# Builds the Windows installer on Linux and prints its path, and only that, on stdout (as
# package.sh does for the .deb): the release exe cross-built for x86_64-pc-windows-gnu with
# Debian's mingw-w64: the window (`closeout-app`, installed as closeout.exe) and the command line
# (`closeout`, a console program, installed as closeout.com, which terminals find first), and
# packaging/windows/closeout.nsi compiled by Debian's makensis. Installs what is missing first: system packages and Rust
# (scripts/deps.sh), the Rust target, mingw-w64 and nsis. Names, version, publisher and the
# file association come from tauri.conf.json.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh --windows >&2
export PATH="$HOME/.cargo/bin:$PATH"

target=x86_64-pc-windows-gnu
rustup target list --installed | grep -qx "$target" || rustup target add "$target" >&2

conf() { # the first string value of a key in tauri.conf.json
  grep -m1 -o "\"$1\": *\"[^\"]*\"" tauri.conf.json | cut -d'"' -f4
}
product="$(conf productName)"
version="$(conf version)"
publisher="$(conf publisher)"
identifier="$(conf identifier)"
extension="$(grep -m1 -o '"ext": *\[ *"[^"]*"' tauri.conf.json | grep -o '"[^"]*"$' | tr -d '"')"
[[ -n "$extension" ]] || { echo "tauri.conf.json: no file association (bundle.fileAssociations)" >&2; exit 1; }

# Windows builds have a target folder of their own beside the Linux ones (as the tests do).
target_dir="${CARGO_TARGET_DIR:-$PWD/target}/windows"
# Both faces, in one build.
cargo build --release --target "$target" --target-dir "$target_dir" --bin closeout --bin closeout-app >&2
built="$target_dir/$target/release"
stage="$built/installer"
rm -rf "$stage" && mkdir -p "$stage"
cp "$built/WebView2Loader.dll" "$stage/"
# Without their symbol tables (a third of the exe); a panic still names its file and line.
x86_64-w64-mingw32-strip -o "$stage/closeout.exe" "$built/closeout-app.exe"
x86_64-w64-mingw32-strip -o "$stage/closeout.com" "$built/closeout.exe"

out="$stage/${product}_${version}_x64-setup.exe"
makensis -V2 -NOCD \
  -DPRODUCT="$product" -DVERSION="$version" -DPUBLISHER="$publisher" -DIDENTIFIER="$identifier" \
  -DASSOC_EXT="$extension" -DBUILD_DIR="$stage" -DICON="$PWD/icons/icon.ico" -DOUTFILE="$out" \
  packaging/windows/closeout.nsi >&2
[[ -f "$out" ]] || { echo "makensis finished but made no $out" >&2; exit 1; }
echo "Built $out ($(du -h "$out" | cut -f1))" >&2
echo "$out"
