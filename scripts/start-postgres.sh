#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the tests on 127.0.0.1:5433 (data in /tmp/chokepoint-pg) and
# prints the connection string. Needs Debian's postgresql package and root (it runs initdb and
# pg_ctl as the postgres user); test.sh calls it and exports CHOKEPOINT_TEST_POSTGRES.
set -euo pipefail
port=${CHOKEPOINT_PG_PORT:-5433}
data=/tmp/chokepoint-pg
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "postgresql is not installed: apt-get install postgresql" >&2; exit 1; }
if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  rm -rf "$data"
  mkdir -p "$data"
  chown postgres "$data"
  runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off" start >/dev/null
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
