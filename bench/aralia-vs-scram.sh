#!/usr/bin/env bash
# Chokepoint against Debian's SCRAM 0.16.2 on the 43 Aralia fault trees, side by side in one run: each
# model in its own process, the two engines alternating (which one goes first flips from model to
# model), both doing the same work:
#   probability: scram --bdd --probability true -l 0 MODEL   chokepoint fault-tree MODEL --probability-only --json
#   count:       scram --bdd -l 1000 MODEL (products written)  chokepoint fault-tree MODEL --count-only --json
# Each run is stopped after TIMEOUT seconds (default 120). The answers are checked against each other
# (probability to 6 significant figures, the cut-set count exactly) and against reference.tsv.
#
# Usage: bench/aralia-vs-scram.sh [probability|count] [TIMEOUT]
# Installs scram with apt-get when it is missing and the script runs as root; otherwise it says how.
# Prints a Markdown table and writes it into docs/benchmarks.md between the markers of its mode.
# SCRAM is called as a program; none of its code is used.
source "$(dirname "$0")/common.sh"
mode=${1:-probability}
limit=${2:-120}
case "$mode" in probability|count) ;; *) echo "usage: $0 [probability|count] [TIMEOUT]" >&2; exit 2 ;; esac

if ! command -v scram >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q scram >/dev/null
  else
    echo "scram is not installed: run 'sudo apt-get install scram' (Debian's SCRAM 0.16.2), or run this script as root." >&2
    exit 2
  fi
fi

data=${CHOKEPOINT_SHARED_DATA:-../shared/data}/aralia
[ -d "$data/models" ] || { echo "no Aralia models in $data/models: set CHOKEPOINT_SHARED_DATA" >&2; exit 2; }
# The published build: ReadyToRun, so that the start of the process is not spent compiling.
dotnet publish src/Chokepoint.Cli -c Release -p:PublishReadyToRun=true -o "$work/cli" -v quiet >/dev/null
ours="$work/cli/chokepoint"

# run NAME OUT CMD...: "seconds peak_MB rc" of one process, its standard output kept in OUT.
run() {
  local out=$1; shift
  local rc=0
  /usr/bin/time -f "%e %M" -o "$work/time" timeout "$limit" "$@" >"$out" 2>"$work/err" || rc=$?
  awk -v rc="$rc" 'END { printf "%.2f %.0f %d\n", $1, $2 / 1024, rc }' "$work/time"
}

rows="$work/rows.tsv"
: >"$rows"
i=0
for model in "$data"/models/*.xml; do
  name=$(basename "$model" .xml)
  if [ "$mode" = probability ]; then
    scram_cmd=(scram --bdd --probability true -l 0 "$model" -o "$work/scram.xml")
    ours_cmd=("$ours" fault-tree "$model" --probability-only --json)
  else
    # The products can be gigabytes (cea9601 has 130 million): SCRAM writes them all, through a pipe
    # that keeps the report's head (where the count is) and drops the rest.
    scram_cmd=(bash -c 'scram --bdd -l 1000 "$1" -o /dev/stdout | { head -c 65536 >"$2"; cat >/dev/null; }' _ "$model" "$work/scram.xml")
    ours_cmd=("$ours" fault-tree "$model" --count-only --json)
  fi
  rm -f "$work/scram.xml"
  if [ $((i % 2)) = 0 ]; then
    s=$(run "$work/scram.out" "${scram_cmd[@]}"); c=$(run "$work/ours.json" "${ours_cmd[@]}")
  else
    c=$(run "$work/ours.json" "${ours_cmd[@]}"); s=$(run "$work/scram.out" "${scram_cmd[@]}")
  fi
  i=$((i + 1))
  printf '%s\t%s\t%s\n' "$name" "$s" "$c" >>"$rows"
  python3 - "$mode" "$name" "$work/scram.xml" "$work/ours.json" "$data/reference.tsv" >>"$rows.check" <<'PY'
import json, re, sys
mode, name, scram_xml, ours_json, reference = sys.argv[1:]
def sig(x): return f"{x:.6g}"
try:
    text = open(scram_xml).read(65536)
    m = re.search(r'<sum-of-products[^>]*\bprobability="([^"]+)"', text)
    sp = float(m.group(1)) if m else None
    m = re.search(r'<sum-of-products[^>]*\bproducts="(\d+)"', text)
    sn = int(m.group(1)) if m and mode == "count" else None
except OSError:
    sp = sn = None
try:
    d = json.load(open(ours_json))
    op, on = d["probability"], (d.get("cut_sets") or {}).get("count")
except (OSError, ValueError, KeyError):
    op = on = None
ref = {r.split("\t")[0]: r.split("\t") for r in open(reference).read().splitlines()[1:]}
def number(text, kind):
    try: return kind(text)
    except ValueError: return None
rp = number(ref[name][2], float) if name in ref else None
rn = number(ref[name][1], int) if name in ref else None
notes = []
if op is None: notes.append("ours: no answer")
elif rp is not None and sig(op) != sig(rp): notes.append(f"ours P {sig(op)} != reference {sig(rp)}")
if mode == "count" and on is not None and rn is not None and on != rn: notes.append(f"ours count {on} != reference {rn}")
if sp is not None and op is not None and sig(sp) != sig(op): notes.append(f"SCRAM P {sig(sp)}")
if sn is not None and on is not None and sn != on: notes.append(f"SCRAM count {sn}")
print(name + "\t" + ("; ".join(notes) or "agree"))
PY
done

python3 - "$mode" "$rows" "$rows.check" "$limit" >"$work/table.md" <<'PY'
import sys
mode, rows, checks, limit = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
check = dict(l.split("\t", 1) for l in open(checks).read().splitlines())
out = []
what = ("exact probability alone: `scram --bdd --probability true -l 0` against `fault-tree --probability-only`"
        if mode == "probability" else
        "cut sets counted: `scram --bdd -l 1000` (products written) against `fault-tree --count-only`")
out.append(f"Mode: {what}; each run in its own process, stopped at {limit:g} s (shown as ≥).")
out.append("")
out.append("| model | SCRAM (s) | SCRAM (MB) | Chokepoint (s) | Chokepoint (MB) | ratio | answers |")
out.append("|---|---:|---:|---:|---:|---:|---|")
tot_s = tot_c = 0.0
both_s = both_c = 0.0
wins = n = 0
for line in open(rows).read().splitlines():
    name, s, c = line.split("\t")
    ss, sm, sr = s.split(); cs, cm, cr = c.split()
    ss, cs = float(ss), float(cs)
    s_done, c_done = sr == "0", cr == "0"
    fmt = lambda t, done: f"{t:.2f}" if done else f"≥ {t:.0f}" if t >= limit - 0.5 else f"{t:.2f} (failed)"
    ratio = cs / ss if ss > 0 else float("inf")
    # A stopped count run's SCRAM is killed with its pipe, and its memory is not measured.
    sm = sm if s_done or mode == "probability" else "-"
    out.append(f"| {name} | {fmt(ss, s_done)} | {sm} | {fmt(cs, c_done)} | {cm} | {ratio:.2f} | {check.get(name, '')} |")
    tot_s += ss; tot_c += cs; n += 1
    if s_done and c_done:
        both_s += ss; both_c += cs
    if cs <= ss:
        wins += 1
out.append(f"| **all {n}** | **{tot_s:.2f}** | | **{tot_c:.2f}** | | **{tot_c / tot_s:.2f}** | |")
out.append(f"| models both finished | {both_s:.2f} | | {both_c:.2f} | | {both_c / both_s if both_s else float('nan'):.2f} | |")
out.append("")
out.append(f"Chokepoint as fast or faster on {wins} of {n} models. Totals count a stopped run at its time limit.")
print("\n".join(out))
PY
cat "$work/table.md"

# Into docs/benchmarks.md, between the markers of this mode (added at the end the first time).
doc=docs/benchmarks.md
begin="<!-- aralia-vs-scram:$mode -->"
end="<!-- /aralia-vs-scram:$mode -->"
{
  echo "$begin"
  echo "Run $(date -u +%Y-%m-%d) on $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), \`bench/aralia-vs-scram.sh $mode $limit\`, $(scram --version 2>&1 | head -1), chokepoint at $(git rev-parse --short HEAD)."
  echo
  cat "$work/table.md"
  echo "$end"
} >"$work/section.md"
if grep -qF "$begin" "$doc"; then
  awk -v begin="$begin" -v end="$end" -v file="$work/section.md" '
    $0 == begin { while ((getline line < file) > 0) print line; skip = 1; next }
    $0 == end { skip = 0; next }
    !skip { print }' "$doc" >"$work/doc.md"
  cp "$work/doc.md" "$doc"
else
  { echo; cat "$work/section.md"; } >>"$doc"
fi
