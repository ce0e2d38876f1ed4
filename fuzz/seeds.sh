#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the seeds tests/fuzz.rs uses: the fixtures by kind, and the
# sheet XML (with its shared strings after \xFF\x00) of every xlsx fixture.
set -euo pipefail
cd "$(dirname "$0")"
fixtures=(../tests/fixtures/samples ../tests/fixtures/real ../tests/fixtures/quirks)
seed() { # target, extensions...
    local target=$1; shift
    mkdir -p "corpus/$target"
    for dir in "${fixtures[@]}"; do
        for ext in "$@"; do
            find "$dir" -maxdepth 1 -iname "*.$ext" -exec cp -n {} "corpus/$target/" \;
        done
    done
}
seed csv csv; seed xlsx xlsx; seed xls xls; seed zip zip; seed zip_members csv
seed import_check csv xlsx xls zip
mkdir -p corpus/sheet_xml
for book in $(find "${fixtures[@]}" -maxdepth 1 -iname '*.xlsx'); do
    out="corpus/sheet_xml/$(basename "$book").xml"
    unzip -p "$book" xl/worksheets/sheet1.xml > "$out" 2>/dev/null || { rm -f "$out"; continue; }
    if unzip -l "$book" xl/sharedStrings.xml >/dev/null 2>&1; then
        printf '\xff\x00' >> "$out"
        unzip -p "$book" xl/sharedStrings.xml >> "$out"
    fi
done
ls corpus | while read -r t; do echo "$t: $(ls "corpus/$t" | wc -l) seeds"; done
