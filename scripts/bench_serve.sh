#!/usr/bin/env bash
# serve under load, as the DHIS2 app and its route use it: wrk (Debian's package) at 50 connections
# on 2 threads against a release build of `worldpop-dhis2 bench-serve` (serve in front of a DHIS2
# stand-in with the sample and 25 finished previews). Prints requests/s and median latency of
#   /api/status, /api/jobs?page=1&pageSize=25 (the app's run list), and one job's results page.
# Usage: scripts/bench_serve.sh   (BENCH_SECONDS per endpoint, default 8)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BENCH_BIN:-.build/release/worldpop-dhis2}
SECONDS_EACH=${BENCH_SECONDS:-8}
OUT=$(mktemp -d)
trap 'kill "$SERVE" 2>/dev/null || true; rm -rf "$OUT"' EXIT
command -v wrk >/dev/null || { echo "installing wrk"; (apt-get install -y -qq wrk || sudo apt-get install -y -qq wrk) >/dev/null; }
[ -x "$BIN" ] || swift build -c release --static-swift-stdlib
"$BIN" bench-serve --jobs 25 --seconds $((SECONDS_EACH * 3 + 30)) --work-dir "$OUT/work" > "$OUT/serve.log" 2>&1 &
SERVE=$!
for _ in $(seq 600); do grep -q '^READY ' "$OUT/serve.log" && break; sleep 0.1; done
read -r _ URL KEY JOB < <(grep '^READY ' "$OUT/serve.log")
printf '%-52s %12s %14s\n' "endpoint (wrk -t2 -c50, ${SECONDS_EACH} s)" "requests/s" "median latency"
for path in "/api/status" "/api/jobs?page=1&pageSize=25" "/api/jobs/$JOB/results?format=json&year=2020&page=1&pageSize=1000"; do
  wrk -t2 -c50 -d"${SECONDS_EACH}s" --latency -H "X-Access-Key: $KEY" "$URL$path" > "$OUT/wrk.txt"
  rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk.txt")
  errors=$(awk '/Non-2xx/ {print $NF}' "$OUT/wrk.txt")
  printf '%-52s %12s %14s%s\n' "$path" "$rps" "$p50" "${errors:+  ($errors non-2xx)}"
done
