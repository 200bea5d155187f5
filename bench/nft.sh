#!/usr/bin/env bash
# nf_tables benchmark (issue 14; prints figures, asserts nothing): N rules (ip saddr, tcp dport,
# counter, accept) applied as one script and listed back, by nsh (bench/nft-rules.groovy, in one
# JVM, its start not counted: the median of 5 after a first call, and that first call) and by the
# nft binary (each command a process, as a shell script runs it: the median of 5); rules added one
# call at a time; one rule added with N already in its chain, and in another table.
#
#   sudo bench/nft.sh            COUNTS="100 1000 10000"
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "bench/nft.sh needs root" >&2; exit 1; }
command -v nft >/dev/null || { apt-get update -qq && apt-get install -y -qq nftables >/dev/null; }
COUNTS=${COUNTS:-100 1000 10000}
a=nftb$$-nsh b=nftb$$-nft
tmp=$(mktemp -d)
trap 'ip netns del $a 2>/dev/null; ip netns del $b 2>/dev/null; rm -rf "$tmp"' EXIT
ip netns add $a; ip netns add $b
now() { date +%s.%N; }
ms() { echo "$1 $2" | awk '{printf "%.1f", ($2 - $1) * 1000}'; }
for n in $COUNTS; do
  echo "== $n rules"
  echo "-- nsh"
  "$here/scripts/nsh" "$here/bench/nft-rules.groovy" $a $n
  echo "-- nft"
  { echo "add table ip t"; echo "add chain ip t c { type filter hook input priority 0; policy accept; }"
    for ((i = 0; i < n; i++)); do
      echo "add rule ip t c ip saddr 10.$(( (i >> 16) & 255 )).$(( (i >> 8) & 255 )).$(( i & 255 )) tcp dport $(( 1 + i % 60000 )) counter accept"
    done; } >"$tmp/rules.nft"
  applies=() lists=()
  for round in 1 2 3 4 5; do
    [ $round = 1 ] || ip netns exec $b nft delete table ip t
    t0=$(now); ip netns exec $b nft -f "$tmp/rules.nft"; t1=$(now); applies+=("$(ms $t0 $t1)")
    t0=$(now); ip netns exec $b nft list ruleset >/dev/null; t1=$(now); lists+=("$(ms $t0 $t1)")
  done
  median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
  echo "apply $n rules as one script: $(median "${applies[@]}") ms (nft -f, median of 5)"
  echo "list $n rules (read + print): $(median "${lists[@]}") ms (nft list ruleset, median of 5)"
  t0=$(now); for i in 1 2 3 4 5 6 7 8 9 10; do ip netns exec $b nft add rule ip t c ip saddr 10.9.9.$i tcp dport 9 counter accept; done; t1=$(now)
  echo "one more rule with $n there: $(echo "$t0 $t1" | awk '{printf "%.3f", ($2 - $1) * 100}') ms (mean of 10 nft processes)"
  ip netns exec $b nft delete table ip t
  ip netns exec $b nft "add table ip t; add chain ip t c"
  loop=$(( n < 1000 ? n : 1000 ))
  t0=$(now); for ((i = 0; i < loop; i++)); do ip netns exec $b nft add rule ip t c ip saddr 10.0.$(( (i >> 8) & 255 )).$(( i & 255 )) tcp dport $(( 1 + i )) counter accept; done; t1=$(now)
  echo "add $loop rules one call each: $(ms $t0 $t1) ms (a shell loop of nft)"
  ip netns exec $b nft delete table ip t
done
