#!/usr/bin/env bash
# Runs the whole test suite: builds the solution and runs every test project.
# It needs only the .NET SDK; as root it installs what else the tests need (Debian's chromium for
# the browser test, postgresql for the store tests, which it starts on 127.0.0.1:5433); otherwise
# it says what is missing.
# Ends with one line "N passed, N failed[, N skipped]"; the exit code is non-zero when a test failed or none ran.
set -uo pipefail
cd "$(dirname "$0")"

# The server's build bundles the dashboard's front-end libraries with npm (Node.js 20+).
scripts/ensure-npm.sh

# The HTML report's browser test needs Debian's Chromium (and DejaVu fonts for the charts).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium and fonts-dejavu-core for the browser tests..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "note: /usr/bin/chromium is missing and this is not root: the browser test is skipped (it fails under CI=true). Install it with: sudo apt-get install chromium fonts-dejavu-core" >&2
  fi
fi

# The web service's store tests also run against a real PostgreSQL on 127.0.0.1.
if [ -z "${CHOKEPOINT_TEST_POSTGRES:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
      echo "installing postgresql for the store tests..." >&2
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    CHOKEPOINT_TEST_POSTGRES=$(scripts/start-postgres.sh) && export CHOKEPOINT_TEST_POSTGRES
  else
    echo "note: no PostgreSQL (not root): the PostgreSQL store tests are skipped (they fail under CI=true). Run scripts/start-postgres.sh as root and export CHOKEPOINT_TEST_POSTGRES." >&2
  fi
fi

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
