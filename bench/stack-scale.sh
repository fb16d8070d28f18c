#!/usr/bin/env bash
# Stack-analysis scale benchmark (issue: analyses at scale). Generates seeded layered stacks with
# `chokepoint generate`, then times `analyze` (cut sets up to order 3) and the 50-home leverage
# matrix, measuring wall time and peak memory with GNU time. Prints a Markdown table.
# Usage: bench/stack-scale.sh [N ...]   (default: 1000 10000 100000 1000000)
source "$(dirname "$0")/common.sh"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000 1000000)
homes=$(python3 -c "print(','.join('J%02d' % i for i in range(50)))" 2>/dev/null || seq -f 'J%02g' -s, 0 49)

echo "| N components | jurisdictions | generate (s) | analyze, order ≤ 3 (s) | analyze peak (MB) | cut sets | leverage, 50 homes (s) | leverage peak (MB) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  model="$work/gen$n.json"
  read -r gen_s _ < <(measure $cli generate --components "$n" --jurisdictions 50 --seed 1 -o "$model")
  read -r an_s an_mb < <(measure $cli analyze "$model" --max-order 3 --json)
  count=$($cli chokepoints "$model" --max-order 3 --json | python3 -c "import json,sys; print(json.load(sys.stdin)['cut_sets']['count'])" 2>/dev/null || echo "?")
  if [ "$n" -le 100000 ]; then
    read -r lev_s lev_mb < <(measure $cli leverage "$model" --homes "$homes" --max-order 3 --json)
  else
    lev_s="-"; lev_mb="-"
  fi
  echo "| $n | 50 | $gen_s | $an_s | $an_mb | $count | $lev_s | $lev_mb |"
  rm -f "$model"
done
