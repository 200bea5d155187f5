#!/usr/bin/env bash
# Start-up and memory of nsh beside the tools a user would compare it with, in one run:
#   nsh -e '1' end to end (scripts/nsh), on the JDK it picks and on the machine's default java,
#   plain Groovy 5 (java -cp groovy-5.0.8.jar groovy.ui.GroovyMain -e 'println 1'),
#   python3 -c 'import pyroute2' (Debian's python3-pyroute2);
# medians of RUNS runs (default 7); the peak memory of a REPL session that ran the walkthrough;
# the REPL's first prompt and first line on a pseudo-terminal (bench/repl-timing.py).
# Usage: sudo bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
[ "$(id -u)" = 0 ] || { echo "run as root (nsh needs it)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
command -v script >/dev/null || { apt-get update -qq && apt-get install -y -qq bsdutils >/dev/null; }
/usr/bin/python3 -c 'import pyroute2' 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-pyroute2 >/dev/null; }
groovy_jar=$(ls ~/.m2/repository/org/apache/groovy/groovy/5.0.8/groovy-5.0.8.jar)
scripts/nsh -e '1' >/dev/null   # build the jar and the class-data archive first

tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
median() {  # median wall seconds and peak RSS of a command run $runs times
  local t=() m=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$tmp" -f '%e %M' "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$tmp")
    t+=("${out% *}"); m+=("${out#* }")
  done
  printf '%s %s\n' "$(printf '%s\n' "${t[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" \
                   "$(printf '%s\n' "${m[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
}
row() { read -r s kb <<<"$2"; printf '%-52s %8.2f s %9d KiB\n' "$1" "$s" "$kb"; }

j17=$(command -v java)   # the machine's default JDK; scripts/nsh prefers a JDK >= 25 when there is one
echo "median of $runs runs, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); scripts/nsh picks: $(scripts/nsh -e 'print Runtime.version()')"
NSH_JAVA=$j17 scripts/nsh -e '1' >/dev/null   # its class-data archive too
row "nsh -e '1' (scripts/nsh, as it picks the JDK)" "$(median scripts/nsh -e 1)"
row "nsh -e '1' on $("$j17" -version 2>&1 | head -1 | cut -d'"' -f2) (NSH_JAVA=$j17)" "$(median env NSH_JAVA="$j17" scripts/nsh -e 1)"
row "groovy 5.0.8 -e 'println 1'" "$(median java -cp "$groovy_jar" groovy.ui.GroovyMain -e 'println 1')"
row "python3 -c 'import pyroute2'" "$(median /usr/bin/python3 -c 'import pyroute2')"
row "REPL session that ran the walkthrough (peak RSS)" \
    "$(/usr/bin/time -o "$tmp" -f '%e %M' sh -c "printf '/load examples/blog-walkthrough.groovy\n/exit\n' | script -qec scripts/nsh /dev/null" >/dev/null 2>&1; tail -1 "$tmp")"
row "groovy 5.0.8 running an empty script, for scale (peak RSS)" "$(median java -cp "$groovy_jar" groovy.ui.GroovyMain -e '')"
echo "REPL on a pseudo-terminal, median ms: first prompt, then the first line's result (bench/repl-timing.py)"
echo "    as scripts/nsh picks the JDK:  $(bench/repl-timing.py "$runs")"
echo "    NSH_JAVA=$j17:  $(bench/repl-timing.py "$runs" "$j17")"
