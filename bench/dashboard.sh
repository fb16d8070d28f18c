#!/usr/bin/env bash
# The dashboard at 10,000 components, in headless Chromium: runs the browser test that opens a
# generated 10,000-component stack (search, select, open a layer, analyze, highlight) and prints the
# times it measured in the page (test-output/dashboard-10k.json). Needs /usr/bin/chromium.
# Usage: bench/dashboard.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
dotnet build tests/Chokepoint.Server.Tests -c Release -v quiet >/dev/null
for i in $(seq 1 "$runs"); do
  dotnet test --project tests/Chokepoint.Server.Tests -c Release --no-build -- \
    --filter-method "*The_dashboard_stays_usable_at_ten_thousand_components" >/dev/null
  echo "run $i:"
  python3 -c 'import json; d = json.load(open("test-output/dashboard-10k.json")); print("\n".join(f"  {k:32} {v:8.0f}" for k, v in d.items()))'
done
