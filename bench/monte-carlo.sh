#!/usr/bin/env bash
# Monte Carlo benchmark: 10,000 samples of `scenario` over share ranges on a generated
# 10,000-component stack (seed 1), with and without extraterritorial reach. Prints a Markdown table.
source "$(dirname "$0")/common.sh"
samples=${1:-10000}
$cli generate --components 10000 --jurisdictions 50 --seed 1 -o "$work/g.json" 2>/dev/null
echo "| run | samples | wall (s) | peak (MB) |"
echo "|---|---:|---:|---:|"
for reach in "" "--reach"; do
  /usr/bin/time -f "%e %M" -o "$work/time" $cli scenario "$work/g.json" --restrict J01,J02 $reach --samples "$samples" --seed 1 --json >/dev/null
  read -r s kb < "$work/time"
  echo "| scenario --restrict J01,J02 ${reach:-(no reach)} | $samples | $s | $((kb / 1024)) |"
done
