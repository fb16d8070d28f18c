#!/usr/bin/env bash
# Optimizer benchmark: generated 10,000-component stacks with 200 candidate actions (seeds 1, 7 and 8,
# target needing 1 or 10 top-layer components), coalition objective, budget 2,000. Prints a Markdown table.
source "$(dirname "$0")/common.sh"
echo "| seed | target inputs | wall (s) | peak (MB) | rounds | proven optimal | smallest coalition before → after | plan cost |"
echo "|---:|---:|---:|---:|---:|---|---|---:|"
for seed in 1 7 8; do
  for inputs in 1 10; do
    $cli generate --components 10000 --jurisdictions 50 --seed "$seed" --actions 200 --target-inputs "$inputs" -o "$work/g.json" 2>/dev/null
    /usr/bin/time -f "%e %M" -o "$work/time" $cli optimize "$work/g.json" --budget 2000 --json > "$work/out.json"
    read -r s kb < "$work/time"
    python3 - "$work/out.json" "$seed" "$inputs" "$s" "$kb" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {int(sys.argv[5]) // 1024} | {d['iterations']} | {d['optimal']} | {d['before']['smallest_coalition']} → {d['after']['smallest_coalition']} | {d['cost']:g} |")
PY
  done
done
