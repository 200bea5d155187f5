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

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

echo "== star($STAR): build + pingAll + teardown"
t0=$(now); $nsh "$here/bench/lab-star.groovy" "$STAR"; t1=$(now)
nsh_star=$(secs "$t0" "$t1")
echo "nsh star($STAR) wall clock: ${nsh_star} s   (scripts/nsh bench/lab-star.groovy $STAR)"
mn_log=$(mktemp)
t0=$(now); mn --topo "single,$STAR" --switch lxbr --controller none --test pingall >"$mn_log" 2>&1 || true; t1=$(now)
mn_star=$(secs "$t0" "$t1")
echo "mininet single,$STAR wall clock: ${mn_star} s   (mn --topo single,$STAR --switch lxbr --controller none --test pingall)"
grep -E "Results|completed in" "$mn_log" | sed 's/^/  mininet: /'
rm -f "$mn_log"
echo "star ratio (mininet / nsh): $(echo "scale=1; $mn_star / $nsh_star" | bc)x"

echo "== $N blog pairs: build + teardown"
t0=$(now); $nsh "$here/bench/lab-pairs.groovy" "$N"; t1=$(now)
nsh_pairs=$(secs "$t0" "$t1")
echo "nsh $N pairs wall clock: ${nsh_pairs} s   (scripts/nsh bench/lab-pairs.groovy $N)"
t0=$(now); bash "$pairs_script" batch "$N"; t1=$(now)
batch_pairs=$(secs "$t0" "$t1")
echo "ip -batch $N pairs wall clock: ${batch_pairs} s   ($pairs_script batch $N)"
echo "pairs ratio (ip -batch / nsh): $(echo "scale=2; $batch_pairs / $nsh_pairs" | bc)x"
