#!/usr/bin/env bash
# Control regimes at scale (issue #14), side by side with an earlier build: analyze (cut sets up to
# order 3) and the 50-home leverage matrix on a generated stack, (a) with the earlier build on the
# plain stack, (b) with this build on the plain stack, (c) with this build on the same stack with
# 5 standing controls and declared extraterritorial rules (`generate --controls 5`). Runs alternate
# and each figure is the median of REPS runs, so machine load hits every column alike.
# Usage: bench/control-regimes.sh BASE_CLI_DLL [N_ANALYZE] [N_LEVERAGE] [REPS]
#   BASE_CLI_DLL: chokepoint.dll of the earlier build (e.g. a git worktree at the commit before #14).
source "$(dirname "$0")/common.sh"
base="dotnet ${1:?path of the earlier build\'s chokepoint.dll}"
n_an=${2:-100000}; n_lev=${3:-10000}; reps=${4:-3}
homes=$(python3 -c "print(','.join('J%02d' % i for i in range(50)))")
median() { python3 -c "import sys,statistics; print('%.2f' % statistics.median(map(float, sys.argv[1:])))" "$@"; }
row() { # label n verb-args...
  local label=$1 n=$2; shift 2
  local plain="$work/plain$n.json" ruled="$work/ruled$n.json"
  [ -f "$plain" ] || $cli generate --components "$n" --jurisdictions 50 --seed 1 -o "$plain" 2>/dev/null
  [ -f "$ruled" ] || $cli generate --components "$n" --jurisdictions 50 --seed 1 --controls 5 -o "$ruled" 2>/dev/null
  local a=() b=() c=()
  for _ in $(seq "$reps"); do
    read -r s _ < <(measure $base "$1" "$plain" "${@:2}"); a+=("$s")
    read -r s _ < <(measure $cli "$1" "$plain" "${@:2}"); b+=("$s")
    read -r s _ < <(measure $cli "$1" "$ruled" "${@:2}"); c+=("$s")
  done
  local ma mb mc; ma=$(median "${a[@]}"); mb=$(median "${b[@]}"); mc=$(median "${c[@]}")
  echo "| $label | $n | $ma | $mb | $mc | $(python3 -c "print('%+.1f %%' % (100 * ($mc / $ma - 1)))") |"
}
echo "| run | N components | earlier build, plain (s) | this build, plain (s) | this build, 5 controls + rules (s) | controls vs earlier |"
echo "|---|---:|---:|---:|---:|---:|"
row "analyze, order ≤ 3" "$n_an" analyze --max-order 3 --json
row "analyze --reach, order ≤ 3" "$n_an" analyze --max-order 3 --reach --json
row "leverage, 50 homes" "$n_lev" leverage --homes "$homes" --max-order 3 --json
