#!/usr/bin/env bash
# Scale-out benchmark (#16): the 50-home leverage matrix on a generated 100,000-component stack and
# 100,000 Monte Carlo samples of a scenario on a generated 10,000-component stack, in one process
# and on 1, 2 and 3 silos of this machine (localhost clustering), as wall time and units a second
# per silo; then the overhead per unit, from a run of 200 units of almost no work (a 20-component
# stack). Checks that every run on the cluster writes the bytes of the run in one process.
# Prints Markdown tables.
# Usage: bench/cluster.sh [LEVERAGE_COMPONENTS] [MC_COMPONENTS] [SAMPLES] [SILO_COUNTS...]
source "$(dirname "$0")/common.sh"
lev_n=${1:-100000}
mc_n=${2:-10000}
samples=${3:-100000}
shift 3 2>/dev/null || shift $#
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1 2 3)
homes=$(python3 -c "print(','.join('J%02d' % i for i in range(50)))")
$cli generate --components "$lev_n" --jurisdictions 50 --seed 1 -o "$work/lev.json" >/dev/null
$cli generate --components "$mc_n" --jurisdictions 50 --seed 1 -o "$work/mc.json" >/dev/null
$cli generate --components 20 --jurisdictions 5 --seed 1 -o "$work/tiny.json" >/dev/null

silos=()
stop_silos() {
  [ ${#silos[@]} -gt 0 ] || return 0
  kill -TERM "${silos[@]}" 2>/dev/null || true
  wait "${silos[@]}" 2>/dev/null || true
  silos=()
}
trap 'stop_silos; rm -rf "$work"' EXIT

# N silos on 127.0.0.1: the first is the primary; waits until the primary sees all N active.
start_silos() {
  local n=$1 i
  for ((i = 0; i < n; i++)); do
    local primary=()
    [ "$i" -eq 0 ] || primary=(--primary 127.0.0.1:11111)
    $cli silo --silo-port $((11111 + i)) --gateway-port $((30000 + i)) --cluster-id bench "${primary[@]}" --json >"$work/silo$i.log" 2>&1 &
    silos+=($!)
  done
  for _ in $(seq 1 300); do
    grep -q "\"active\":$n" "$work/silo0.log" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "the silos did not start:" >&2; cat "$work"/silo*.log >&2; return 1
}

# timed OUT CMD...: runs CMD once, its output into OUT; prints "seconds peak_MB" (GNU time).
timed() {
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$out" 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  awk '{ printf "%.2f %.0f\n", $1, $2 / 1024 }' "$work/time"
}

gateways() { local n=$1 i out=(); for ((i = 0; i < n; i++)); do out+=("127.0.0.1:$((30000 + i))"); done; (IFS=,; echo "${out[*]}"); }

# run NAME UNITS ARGS...: one process, then each silo count; prints one row per configuration.
run() {
  local name=$1 units=$2; shift 2
  read -r s mb < <(timed "$work/local.out" $cli "$@" --json)
  echo "| $name | one process | $s | $mb | - | - |"
  for n in "${counts[@]}"; do
    start_silos "$n"
    read -r s mb < <(timed "$work/cluster.out" $cli "$@" --json --cluster "$(gateways "$n")" --cluster-id bench)
    local same=identical
    cmp -s "$work/local.out" "$work/cluster.out" || same=DIFFERENT
    echo "| $name | $n silo(s) | $s | $mb | $(python3 -c "print(f'{$units / $s / $n:.2f}')") | $same |"
    stop_silos
  done
}

echo "| run | where | wall (s) | client peak (MB) | units/s per silo | output |"
echo "|---|---|---:|---:|---:|---|"
run "leverage, 50 homes, $lev_n components" 50 leverage "$work/lev.json" --homes "$homes" --max-order 3
# The units of a run of samples, as WorkUnits.SamplesPerUnit cuts them: whole batches of 64, some 200 units at most.
sample_units=$(python3 -c "import math; n=$samples; per=max(64, math.ceil(math.ceil(n / 200) / 64) * 64); print(math.ceil(n / per))")
run "scenario --restrict J01,J02, $samples samples, $mc_n components" "$sample_units" scenario "$work/mc.json" --restrict J01,J02 --samples "$samples" --seed 1
echo
echo "Overhead per unit (200 units of 64 samples on a 20-component stack):"
echo
echo "| where | wall (s) | per unit (ms) |"
echo "|---|---:|---:|"
read -r base _ < <(measure $cli scenario "$work/tiny.json" --restrict J1 --samples 12800 --seed 1 --json)
echo "| one process | $base | - |"
for n in "${counts[@]}"; do
  start_silos "$n"
  read -r s _ < <(measure $cli scenario "$work/tiny.json" --restrict J1 --samples 12800 --seed 1 --json --cluster "$(gateways "$n")" --cluster-id bench)
  echo "| $n silo(s) | $s | $(python3 -c "print(f'{($s - $base) * 1000 / 200:.1f}')") |"
  stop_silos
done
