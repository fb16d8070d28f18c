#!/usr/bin/env bash
# Reading compact against pretty JSON (issue #15): the same generated model of N components written
# pretty (as `generate` writes it) and compact (one line), each validated REPS times, alternating;
# the medians and their ratio. Positions must cost linear time whatever the line length.
# Usage: bench/compact-json.sh [N] [REPS]   (default: 100000 3)
source "$(dirname "$0")/common.sh"
n=${1:-100000}; reps=${2:-3}
pretty="$work/pretty.json"; compact="$work/compact.json"
$cli generate --components "$n" --jurisdictions 50 --seed 1 -o "$pretty" 2>/dev/null
python3 -c "import json,sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], 'w'), separators=(',', ':'))" "$pretty" "$compact"
median() { python3 -c "import sys,statistics; print('%.2f' % statistics.median(map(float, sys.argv[1:])))" "$@"; }
p=(); c=()
for _ in $(seq "$reps"); do
  read -r s _ < <(measure $cli validate "$pretty"); p+=("$s")
  read -r s _ < <(measure $cli validate "$compact"); c+=("$s")
done
mp=$(median "${p[@]}"); mc=$(median "${c[@]}")
lines=$(wc -l < "$compact")
echo "| N components | pretty: MB, s | compact: MB, lines, s | compact / pretty |"
echo "|---:|---:|---:|---:|"
echo "| $n | $(python3 -c "import os; print('%.0f' % (os.path.getsize('$pretty') / 1e6))"), $mp | $(python3 -c "import os; print('%.0f' % (os.path.getsize('$compact') / 1e6))"), $lines, $mc | $(python3 -c "print('%.2f' % ($mc / $mp))") |"
