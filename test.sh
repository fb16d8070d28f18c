#!/usr/bin/env bash
# Runs the whole test suite: builds the solution and runs every test project.
# It needs only the .NET SDK; it installs anything else the tests need (nothing beyond NuGet packages yet).
# Ends with one line "N passed, N failed[, N skipped]"; the exit code is non-zero when a test failed or none ran.
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test --solution Chokepoint.slnx "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# The Microsoft Testing Platform ends with an aggregated summary: total, failed, succeeded, skipped.
count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
total=$(count total)
failed=$(count failed)
passed=$(count succeeded)
skipped=$(count skipped)

if [ "$total" -eq 0 ]; then
  echo "no test ran" >&2
  rc=${rc:-1}
  [ "$rc" -eq 0 ] && rc=1
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit "$rc"
