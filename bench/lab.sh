#!/usr/bin/env bash
# Labs benchmark (prints figures; asserts nothing). In one run, on one machine:
#  1. star(STAR) build + pingAll + teardown: nsh's lab vs Mininet
#     (mn --topo single,STAR --switch lxbr --controller none --test pingall);
#  2. N blog pairs build + teardown: nsh's lab vs iproute2's `ip -batch`
#     (/work/shared/bench/peers_pairs.sh batch N, or bench/peers_pairs.sh if given).
# Wall-clock figures include the JVM's start for nsh (scripts/nsh, jar built beforehand).
# Needs root. Installs Debian's mininet, bridge-utils and iputils-ping when missing.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
STAR=${STAR:-100} N=${N:-250}
pairs_script=${PEERS_PAIRS:-/work/shared/bench/peers_pairs.sh}
[ "$(id -u)" = 0 ] || { echo "bench/lab.sh needs root" >&2; exit 1; }
missing=()
command -v mn >/dev/null || missing+=(mininet)
command -v brctl >/dev/null || missing+=(bridge-utils)
command -v ping >/dev/null || missing+=(iputils-ping)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
nsh=$here/scripts/nsh
$nsh --version >/dev/null   # builds the jar if needed, outside the timings
. "$here/bench/classes.sh"   # the Java variant (dev.nsh.bench.LabPairs), compiled outside the timings
java_opts=${NSH_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto}

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
RUNS=${RUNS:-3}
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); each figure is taken $RUNS times, alternating"

echo "== star($STAR): build + pingAll + teardown"
nsh_star=() mn_star=()
for r in $(seq "$RUNS"); do
  t0=$(now); "$nsh" "$here/bench/lab-star.groovy" "$STAR"; t1=$(now)
  nsh_star+=("$(secs "$t0" "$t1")")
  echo "  nsh run $r wall clock: ${nsh_star[-1]} s"
  mn_log=$(mktemp)
  t0=$(now); mn --topo "single,$STAR" --switch lxbr --controller none --test pingall >"$mn_log" 2>&1 || true; t1=$(now)
  mn_star+=("$(secs "$t0" "$t1")")
  echo "  mininet run $r wall clock: ${mn_star[-1]} s ($(grep -E 'Results' "$mn_log" | sed 's/\*\*\* //'))"
  rm -f "$mn_log"
done
a=$(median "${nsh_star[@]}") b=$(median "${mn_star[@]}")
echo "star($STAR) median wall clock: nsh $a s (scripts/nsh bench/lab-star.groovy $STAR), mininet $b s (mn --topo single,$STAR --switch lxbr --controller none --test pingall)"
echo "star ratio (mininet / nsh): $(echo "scale=1; $b / $a" | bc)x"

echo "== $N blog pairs: build + teardown"
nsh_pairs=() java_pairs=() batch_pairs=()
for r in $(seq "$RUNS"); do
  t0=$(now); "$nsh" "$here/bench/lab-pairs.groovy" "$N"; t1=$(now)
  nsh_pairs+=("$(secs "$t0" "$t1")")
  echo "  nsh run $r wall clock: ${nsh_pairs[-1]} s"
  t0=$(now); java $java_opts --add-opens java.base/java.lang=ALL-UNNAMED -cp "$bench_cp" dev.nsh.bench.LabPairs "$N"; t1=$(now)
  java_pairs+=("$(secs "$t0" "$t1")")
  echo "  nsh (Java) run $r wall clock: ${java_pairs[-1]} s"
  t0=$(now); bash "$pairs_script" batch "$N"; t1=$(now)
  batch_pairs+=("$(secs "$t0" "$t1")")
  echo "  ip -batch run $r wall clock: ${batch_pairs[-1]} s"
done
a=$(median "${nsh_pairs[@]}") j=$(median "${java_pairs[@]}") b=$(median "${batch_pairs[@]}")
echo "$N pairs median wall clock: nsh script $a s (scripts/nsh bench/lab-pairs.groovy $N), nsh Java $j s (java dev.nsh.bench.LabPairs $N), ip -batch $b s ($pairs_script batch $N)"
echo "pairs ratio (ip -batch / nsh): script $(echo "scale=2; $b / $a" | bc)x, Java $(echo "scale=2; $b / $j" | bc)x  (wall clocks include the JVM's start; the in-process figures do not)"
rm -rf "$classes"
