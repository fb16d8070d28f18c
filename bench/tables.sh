#!/usr/bin/env bash
# Supplier spreadsheets at scale (issue #18): on generated stacks of N components (about 3 providers
# each), the time and peak memory of `export table` (CSV), `import table` of that CSV onto its
# model, `import table` of a workbook written by `export xlsx` (the model's sheets, without the
# analysis sheets' cost: that is analyze's, measured elsewhere), and the workbook's size. Linear
# cost shows as a constant time per component across N.
# Usage: bench/tables.sh [N...]   (default: 10000 100000)
source "$(dirname "$0")/common.sh"
sizes=("${@:-10000 100000}")
echo "| N components | providers | export table (s, MB) | import table CSV --base (s, MB) | export xlsx (s, MB) | import table xlsx (s, MB) | xlsx size (MB) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in ${sizes[@]}; do
  model="$work/m$n.json"
  $cli generate --components "$n" --jurisdictions 50 --seed 1 -o "$model" 2>/dev/null
  providers=$(python3 -c "import json,sys; print(sum(len(c.get('providers', [])) for c in json.load(open(sys.argv[1]))['components']))" "$model")
  read -r et em < <(measure $cli export table "$model" -o "$work/t$n.csv")
  read -r it im < <(measure $cli import table "$work/t$n.csv" --base "$model" -o "$work/c$n.yaml")
  read -r xt xm < <(measure $cli export xlsx "$model" -o "$work/b$n.xlsx" --max-order 1)
  read -r xi xim < <(measure $cli import table "$work/b$n.xlsx" -o "$work/x$n.yaml")
  size=$(python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1]) / 1e6))" "$work/b$n.xlsx")
  echo "| $n | $providers | $et, $em | $it, $im | $xt, $xm | $xi, $xim | $size |"
done
