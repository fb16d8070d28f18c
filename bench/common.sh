# Sourced by the bench/*.sh scripts: a Release build of the CLI, a scratch folder removed on exit,
# and `measure CMD...`, which prints "seconds peak_MB" of a command (GNU time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet build src/Chokepoint.Cli -c Release -v quiet >/dev/null
cli="dotnet src/Chokepoint.Cli/bin/Release/net10.0/linux-x64/chokepoint.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  awk '{ printf "%.2f %.0f\n", $1, $2 / 1024 }' "$work/time"
}
