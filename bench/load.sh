#!/usr/bin/env bash
# Load test on loopback: starts `chokepoint serve` on 127.0.0.1 with a fresh store, stores one
# analysis run, then reads it back with wrk (Debian package `wrk`; installed when run as root)
# for a bounded time. Reads of a stored run are the service's cached analysis reads.
# Usage: bench/load.sh [seconds] [connections]
source "$(dirname "$0")/common.sh"
seconds=${1:-20}
connections=${2:-32}
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else echo "wrk is missing: apt-get install wrk" >&2; exit 1; fi
fi
port=5391
$cli serve --port "$port" --db "$work/load.db" --api-key load-key --examples examples --rate-limit 0 --anonymous-concurrency 64 >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/models" >/dev/null && break; sleep 0.2; done
# The answer is the command line's document; the recorded run's id is in the Chokepoint-Run header.
run=$(curl -sf -D - -o /dev/null -X POST -H "Content-Type: application/json" -d '{}' \
  "http://127.0.0.1:$port/api/models/guangdong-huawei/analyze" | tr -d '\r' | awk -F': ' 'tolower($1) == "chokepoint-run" { print $2 }')
echo "GET /api/runs/$run for ${seconds}s with $connections connections, 2 threads:"
wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/api/runs/$run"
