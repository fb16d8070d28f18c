#!/usr/bin/env bash
# Soak test on loopback: starts `chokepoint serve` on a fresh SQLite store (Release build) and runs
# bench/Chokepoint.Soak against it for MINUTES: a key holder at RATE requests a second (reads,
# analyses, saves, jobs, malformed requests), and a hostile client without a key at HOSTILE a
# second (deep nesting, oversized work, garbage). Prints one row per 10 s: requests, errors, p50
# and p99 of the key holder, what the hostile client got, and the server's resident memory. Exits
# non-zero on any error (a 5xx, a failed connection, or an answer other than the expected one).
# Usage: bench/soak.sh MINUTES [RATE] [HOSTILE]
source "$(dirname "$0")/common.sh"
minutes=${1:?minutes}
rate=${2:-500}
hostile=${3:-100}
dotnet build bench/Chokepoint.Soak -c Release -v quiet >/dev/null
port=5393
$cli serve --port "$port" --db "$work/soak.db" --api-key soak-key --examples examples >"$work/serve.log" 2>&1 &
server=$!
# On the way out, the service's own account of any 500 (it writes each to its standard error).
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; grep -m 20 " 500 on " "$work/serve.log" >&2; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/models" >/dev/null && break; sleep 0.2; done
# The server is the dotnet process itself (dotnet exec), so its memory is read from its own /proc entry.
dotnet bench/Chokepoint.Soak/bin/Release/net10.0/Chokepoint.Soak.dll --url "http://127.0.0.1:$port" --key soak-key --pid "$server" \
  --minutes "$minutes" --rate "$rate" --hostile-rate "$hostile" --model-file tests/models/valid/cuttable.yaml
status=$?
echo "store: $(du -m "$work/soak.db" | cut -f1) MB after the run"
exit $status
