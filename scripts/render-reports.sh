#!/usr/bin/env bash
# Renders the bundled sample's report.html and one supervision pack in headless Chromium
# to PNG (docs/report.png, docs/pack.png) and a PDF each (the printed page count), with
# every network request refused, then converts report.xlsx and a pack workbook with
# LibreOffice headless (a workbook Excel would have to repair does not convert cleanly).
# Installs Debian's chromium and LibreOffice Calc when missing (root, apt-get).
#
#   scripts/render-reports.sh [OUT]     # OUT: a scratch folder (default target/render)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/render}
rm -rf "$out"
mkdir -p "$out" docs

need() { command -v "$1" >/dev/null 2>&1; }
if ! need chromium || ! need soffice; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  need chromium || apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  need soffice || apt-get install -y -qq libreoffice-calc-nogui >/dev/null
fi

cargo build --release --quiet
./target/release/caseaudit audit sample-exports/native.xlsx --rules middlesbrough \
  --to 2026-10-31 --out "$out/audit" --packs team --quiet --exit-zero
pack=$(ls "$out"/audit/packs/*.html | head -1)

# No request leaves the machine: every host resolves to nothing, the proxy is a dead
# port, and background fetches are off.
chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --proxy-server=127.0.0.1:9 --host-resolver-rules="MAP * ~NOTFOUND" \
    --user-data-dir="$out/chrome-profile" "$@" 2>>"$out/chromium.log"
}
shot() { # page png width height (CSS pixels; the PNG is 0.75 of that)
  chrome --hide-scrollbars --force-device-scale-factor=0.75 --window-size="$3,$4" \
    --screenshot="$2" "file://$PWD/$1"
}
shot "$out/audit/report.html" docs/report.png 1280 1700
# The trend section alone (a screenshot shows the top of a page): the page's head, then
# from its "Trend by month" heading to the next section.
awk '/<body>/ {print; exit} {print}' "$out/audit/report.html" >"$out/trend.html"
awk '/<h2 id="trend"/ {on=1} /<h2 id="(changes|training)"/ {on=0} on' "$out/audit/report.html" >>"$out/trend.html"
echo '</body></html>' >>"$out/trend.html"
shot "$out/trend.html" docs/trend.png 1280 1000
shot "$pack" docs/pack.png 1280 1400
chrome --print-to-pdf="$out/report.pdf" --no-pdf-header-footer "file://$PWD/$out/audit/report.html"
chrome --print-to-pdf="$out/pack.pdf" --no-pdf-header-footer "file://$PWD/$pack"
pages() { # the PDF's page count (pdfinfo when installed)
  if need pdfinfo; then pdfinfo "$1" | awk '/^Pages:/ {print $2}'; else echo "?"; fi
}
echo "report.html: $(pages "$out/report.pdf") printed pages; $(basename "$pack"): $(pages "$out/pack.pdf") pages"
echo "packs: $(ls "$out"/audit/packs/*.html | wc -l) team packs"

# The workbooks: LibreOffice converts each to CSV (first sheet) headless; a file it
# cannot open fails the conversion.
for x in "$out/audit/report.xlsx" "${pack%.html}.xlsx"; do
  soffice --headless --norestore --convert-to csv --outdir "$out/lo" "$x" >>"$out/soffice.log" 2>&1
  test -s "$out/lo/$(basename "${x%.xlsx}").csv" || { echo "LibreOffice could not open $x"; exit 1; }
  echo "LibreOffice opened $(basename "$x")"
done
if grep -qiE 'https?://' "$out/chromium.log" 2>/dev/null; then
  echo "note: chromium logged a URL (see $out/chromium.log)"
fi
