#!/usr/bin/env bash
# A coverage-guided fuzzing campaign on one reader: SharpFuzz instruments the readers' assemblies,
# AFL++ mutates a seed corpus taken from the tests and examples, and every crash or hang lands in
# fuzz/findings/TARGET/. Installs afl++ (apt) and the SharpFuzz.CommandLine tool when missing and
# run as root. Prints the executions, paths, crashes and hangs at the end.
# Usage: fuzz/run.sh TARGET SECONDS
#   TARGET: yaml, json, include, mef, cyclonedx, csv-table, xlsx, eto (the ETO CSV tables; seeds from
#   CHOKEPOINT_SHARED_DATA, default ../shared/data) or request (the service's requests: method, path,
#   query, headers and body, seeds in fuzz/seeds/request)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target: yaml, json, include, mef, cyclonedx, csv-table, xlsx, eto or request}
seconds=${2:?seconds}
if ! command -v afl-fuzz >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq afl++ >/dev/null; else echo "afl-fuzz is missing: apt-get install afl++" >&2; exit 1; fi
fi
export PATH="$PATH:$HOME/.dotnet/tools"
if ! command -v sharpfuzz >/dev/null; then
  dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

out=fuzz/bin/$target
rm -rf "$out"
dotnet publish fuzz/Chokepoint.Fuzz -c Release -o "$out" -v quiet >/dev/null
for dll in Chokepoint.Formats.dll Chokepoint.Analysis.dll Chokepoint.Operations.dll Chokepoint.Server.dll YamlDotNet.dll; do
  sharpfuzz "$out/$dll" >/dev/null
done

corpus=fuzz/corpus/$target
mkdir -p "$corpus"
case $target in
  yaml) cp tests/models/valid/*.yaml tests/models/broken/*.yaml "$corpus"/ ;;
  json) find tests/models -name '*.json' -size -64k -not -path '*/sbom/*' -exec cp {} "$corpus"/ \; ; [ -n "$(ls "$corpus")" ] || echo '{"schema": "chokepoint/v1", "components": []}' > "$corpus/min.json" ;;
  mef) find tests/models/mef -name '*.xml' -size -64k -exec cp {} "$corpus"/ \; ;;
  cyclonedx) find tests/models/sbom -name '*.json' -size -64k -exec cp {} "$corpus"/ \; ;;
  csv-table) cp tests/models/tables/*.csv "$corpus"/ ;;
  xlsx) cp examples/supplier-table-template.xlsx "$corpus"/ ;;
  include) cp examples/lib/*.yaml tests/models/valid/*.yaml "$corpus"/ ;;
  eto)
    eto=${CHOKEPOINT_SHARED_DATA:-../shared/data}/eto-chip-explorer
    [ -f "$eto/inputs.csv" ] || { echo "no ETO data at $eto: set CHOKEPOINT_SHARED_DATA" >&2; exit 1; }
    # Each seed is the first lines of every table, cut apart by the harness's separator line.
    for n in 3 8 20; do
      for t in inputs providers provision sequence stages; do head -n $n "$eto/$t.csv"; echo '--8<--'; done > "$corpus/head-$n.txt"
    done ;;
  request) cp fuzz/seeds/request/*.req "$corpus"/ ;;
esac
export CHOKEPOINT_FUZZ_EXAMPLES=$PWD/examples
# Shrink the seeds to small files: AFL works best on inputs under a few kilobytes.
find "$corpus" -type f -size +16k -delete
[ -n "$(ls "$corpus")" ] || { echo "no seed under 16 KB for $target" >&2; exit 1; }

findings=fuzz/findings/$target
mkdir -p "$findings"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
timeout --signal=INT "$seconds" afl-fuzz -i "$corpus" -o "$findings" -t 5000 -m none -- dotnet "$out/Chokepoint.Fuzz.dll" "$target" >"$findings/afl.log" 2>&1 || true
stats=$findings/default/fuzzer_stats
if [ ! -f "$stats" ]; then
  tail -20 "$findings/afl.log" >&2
  exit 1
fi
awk -F' *: *' -v t="$target" '/^execs_done|^corpus_count|^saved_crashes|^saved_hangs|^run_time|^execs_per_sec/ { v[$1] = $2 } END {
  printf "| %s | %s | %s | %s | %s | %s | %s |\n", t, v["run_time"], v["execs_done"], v["execs_per_sec"], v["corpus_count"], v["saved_crashes"], v["saved_hangs"] }' "$stats"
