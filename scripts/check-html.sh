#!/usr/bin/env bash
# Opens a report page in headless Chromium, takes a screenshot, checks that the page's script
# ran to the end, and fails on any console message (errors, uncaught exceptions, blocked
# resources). Needs Chromium: `apt-get install chromium` (Debian) or set CHROMIUM=/path.
#
#   scripts/check-html.sh [reports/report.html] [screenshot.png]
set -euo pipefail
abs() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }
repo=$(cd "$(dirname "$0")/.." && pwd)
page=$(abs "${1:-$repo/reports/report.html}")
shot=$(abs "${2:-$repo/target/report-html.png}")
browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
    done
fi
if [ -z "$browser" ]; then
    echo "check-html: no Chromium found; install it (Debian: apt-get install chromium) or set CHROMIUM" >&2
    exit 2
fi
if [ ! -f "$page" ]; then
    echo "check-html: $page: no such file (run \`cargo run --release -- analyze\` first)" >&2
    exit 2
fi
mkdir -p "$(dirname "$shot")"
url="file://$page"
log=$(mktemp)
dom=$(mktemp)
trap 'rm -f "$log" "$dom"' EXIT
flags=(--headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars
       --disable-extensions --enable-logging=stderr --v=0)

start=$(date +%s.%N)
timeout 120 "$browser" "${flags[@]}" --window-size=1366,900 --screenshot="$shot" "$url" \
    >/dev/null 2>"$log" || { cat "$log" >&2; echo "check-html: $browser failed" >&2; exit 1; }
end=$(date +%s.%N)
timeout 120 "$browser" "${flags[@]}" --dump-dom "$url" >"$dom" 2>>"$log" || true

status=0
if grep -q "CONSOLE" "$log"; then
    echo "check-html: console messages in $page:" >&2
    grep "CONSOLE" "$log" >&2
    status=1
fi
if ! grep -q 'data-ready="1"' "$dom"; then
    echo "check-html: the page's script did not run to the end (no data-ready on <html>)" >&2
    status=1
fi
if [ ! -s "$shot" ]; then
    echo "check-html: no screenshot written" >&2
    status=1
fi
if [ "$status" -eq 0 ]; then
    printf 'check-html: %s loaded in %.1f s without console messages; screenshot %s (%s bytes)\n' \
        "$page" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')" "$shot" "$(stat -c %s "$shot")"
fi
exit "$status"
