#!/usr/bin/env bash
# Optimizer benchmark: generated 10,000-component stacks with 200 candidate actions (seeds 1, 7 and 8,
# target needing 1 or 10 top-layer components), coalition objective, budget 2,000. Two kinds of
# instances: the actions on random components (`generate --actions 200`), and on the weak points of
# the smallest cutting coalitions (`--weak-points`), where the optimal plan is not empty. A run is
# stopped with Ctrl-C (SIGINT) at 60 s and then answers its best plan, not proven optimal.
# Prints a Markdown table.
source "$(dirname "$0")/common.sh"
echo "| actions | seed | target inputs | wall (s) | peak (MB) | rounds | proven optimal | smallest coalition before → after | plan (actions) | plan cost |"
echo "|---|---:|---:|---:|---:|---:|---|---|---:|---:|"
for kind in random weak-points; do
  for seed in 1 7 8; do
    for inputs in 1 10; do
      flags=(); [ "$kind" = weak-points ] && flags=(--weak-points)
      $cli generate --components 10000 --jurisdictions 50 --seed "$seed" --actions 200 "${flags[@]}" --target-inputs "$inputs" -o "$work/g.json" 2>/dev/null
      /usr/bin/time -f "%e %M" -o "$work/time" timeout -s INT 60 $cli optimize "$work/g.json" --budget 2000 --json > "$work/out.json" || true
      read -r s kb < <(tail -1 "$work/time")
      python3 - "$work/out.json" "$kind" "$seed" "$inputs" "$s" "$kb" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = lambda x: "none ≤ 4" if x is None else x
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {sys.argv[5]} | {int(sys.argv[6]) // 1024} | {d['iterations']} | {d['optimal']} | {c(d['before']['smallest_coalition'])} → {c(d['after']['smallest_coalition'])} | {len(d['plan'])} | {d['cost']:g} |")
PY
    done
  done
done
