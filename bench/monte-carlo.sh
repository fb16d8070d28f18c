#!/usr/bin/env bash
# Monte Carlo benchmark: 10,000 samples of `scenario` over share ranges on a generated
# 10,000-component stack (seed 1), with and without extraterritorial reach. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Chokepoint.Cli -c Release -v quiet >/dev/null
cli="dotnet src/Chokepoint.Cli/bin/Release/net10.0/linux-x64/chokepoint.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
samples=${1:-10000}
$cli generate --components 10000 --jurisdictions 50 --seed 1 -o "$work/g.json" 2>/dev/null
echo "| run | samples | wall (s) | peak (MB) |"
echo "|---|---:|---:|---:|"
for reach in "" "--reach"; do
  /usr/bin/time -f "%e %M" -o "$work/time" $cli scenario "$work/g.json" --restrict J01,J02 $reach --samples "$samples" --seed 1 --json >/dev/null
  read -r s kb < "$work/time"
  echo "| scenario --restrict J01,J02 ${reach:-(no reach)} | $samples | $s | $((kb / 1024)) |"
done
