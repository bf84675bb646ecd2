#!/usr/bin/env bash
# Renders phasecheck's HTML report in headless Chromium, as a person would see it:
#   1. lints the bundled example transcripts into an HTML report,
#   2. takes a screenshot of it (docs/report-screenshot.png, shown in the README),
#   3. builds a report of a 10,000-exchange transcript and times Chromium loading and painting it
#      (headless --screenshot returns after the load event and a paint; the time includes browser
#      start-up, which is timed on an empty page too).
# Installs Debian's chromium when it is missing (needs root and the Debian package mirror).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/docs/report-screenshot.png}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v chromium >/dev/null; then
  echo "installing chromium (Debian package)..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars "--user-data-dir=$work/profile")

# the examples hold faulty clients on purpose: lint exits 1, which is what the report shows
(cd "$here" && ./phasecheck lint fixtures/examples --report html="$work/report.html" >/dev/null) || true
chromium "${flags[@]}" --window-size=1400,2200 --screenshot="$out" "file://$work/report.html" 2>/dev/null
echo "screenshot: $out"

# the same transcript ReportsTest measures: one generator (JDK only, run by the source launcher)
java "$here/reports/src/test/java/dev/phasecheck/reports/BigTranscript.java" "$work/big.jsonl" 10000
"$here/phasecheck" lint "$work/big.jsonl" --fail-on never --report html="$work/big.html" >/dev/null
size=$(stat -c %s "$work/big.html")
echo '<html><body>empty</body></html>' > "$work/empty.html"
timed() { local s e; s=$(date +%s.%N); chromium "${flags[@]}" --window-size=1400,1000 --screenshot="$work/shot.png" "file://$1" >/dev/null 2>&1; e=$(date +%s.%N); python3 -c "print(round($e - $s, 2))"; }
empty=$(timed "$work/empty.html")
big=$(timed "$work/big.html")
echo "10,000-exchange report: $((size / 1024 / 1024)) MB; Chromium load + first paint: $big s (an empty page: $empty s, i.e. browser start-up)"
