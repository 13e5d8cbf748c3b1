#!/usr/bin/env bash
# The HTML report in a real browser: plans the bundled sample with --report, opens the
# page in headless Chromium and fails if the page threw an error or its map and Gantt
# do not hold every route, visit, engineer and unassigned ticket of the plan (the page
# checks itself and writes the result to body[data-check]); also takes a screenshot.
#
#   scripts/check-report.sh [path/to/fieldops] [--screenshot docs/report.png]
set -euo pipefail
cd "$(dirname "$0")/.."
fieldops="${1:-.build/release/fieldops}"
shot=""
if [ "${2:-}" = "--screenshot" ]; then shot="${3:?--screenshot needs a file}"; fi
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "check-report: no Chromium: run scripts/setup.sh (apt-get install -y chromium)" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$fieldops" plan --tickets data/sample/tickets.csv --engineers data/sample/engineers.csv \
  --at 2026-11-25T08:00:00+08:00 --solver greedy --report "$work/plan.html" --format json --out "$work/plan.json"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions)
dom="$(timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$work/plan.html" 2>"$work/browser.log")"
check="$(printf '%s' "$dom" | grep -o 'data-check="[^"]*"' | head -1 || true)"
if [[ "$check" != data-check=\"ok* ]]; then
  echo "check-report: the report failed in the browser: ${check:-no self-check result}" >&2
  grep -i "error" "$work/browser.log" | head -5 >&2 || true
  exit 1
fi
out="${shot:-$work/report.png}"
timeout 120 "$browser" "${flags[@]}" --window-size=1240,1900 --screenshot="$out" "file://$work/plan.html" 2>>"$work/browser.log"
if [ ! -s "$out" ]; then
  echo "check-report: no screenshot was written" >&2
  exit 1
fi
echo "check-report: ${check#data-check=} (screenshot $(wc -c <"$out") bytes${shot:+, $shot})"
