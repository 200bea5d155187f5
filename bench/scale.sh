#!/usr/bin/env bash
# Scale benchmark (issue 20; prints figures, asserts nothing). In one run, on this machine:
#  1. the everyday calls on one blog pair (ns, exists, link look-up, addr again, up again, peer,
#     links, addrs, routes, arp), per call, with 0, 100, 1,000 and 5,000 other namespaces present
#     (made by ip -batch, removed after): median microseconds and netlink requests of each;
#  2. the card's idiom for N pairs (bench/card-pairs.groovy through scripts/nsh, JVM start included)
#     beside ip -batch and pyroute2 (the shared peers_pairs.sh), N = 100 250 1000 2000, and N = 250
#     again with 1,000 other namespaces present; a chart of wall time against N (bench/scale.svg);
#  3. RSS: 1,000 namespaces held, and a lab of 1,000 pairs (2,000 namespaces), per namespace.
#
#   sudo bench/scale.sh                 CALL_COUNTS="0 100 1000 5000" PAIRS="100 250 1000 2000" RUNS=1
# Installs python3-pyroute2 and GNU time from Debian when missing. Leaves no namespace behind.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "bench/scale.sh needs root" >&2; exit 1; }
CALL_COUNTS=${CALL_COUNTS:-0 100 1000 5000} PAIRS=${PAIRS:-100 250 1000 2000} RUNS=${RUNS:-1}
pairs_script=${PEERS_PAIRS:-$here/../shared/bench/peers_pairs.sh}
[ -f "$pairs_script" ] || pairs_script=/work/shared/bench/peers_pairs.sh
apt_install() { apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null 2>&1; }; }
/usr/bin/python3 -c 'import pyroute2' 2>/dev/null || apt_install python3-pyroute2 || true
[ -x /usr/bin/time ] || apt_install time || true
. "$here/bench/classes.sh"
nsh=$here/scripts/nsh
"$nsh" --version >/dev/null   # the start-up cache is trained outside the timings
jvm=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --add-opens java.base/java.lang=ALL-UNNAMED -cp "$bench_cp")
tmp=$(mktemp -d)
foreign=fs$$
ip netns list | awk '{print $1}' | sort >"$tmp/before"
ours='^(fs[0-9]+-|sc[0-9]+-|sm[0-9]+-|cp[0-9]+-|bp[0-9]+-)'
# After a failed or interrupted run, the namespaces of this run's patterns that were not there at
# its start; after a clean run there is nothing of ours left, and nothing is touched.
cleanup() {
  local rc=$?
  if [ $rc != 0 ]; then
    ip netns list | awk '{print $1}' | sort | comm -13 "$tmp/before" - | grep -E "$ours" | sed 's/^/netns del /' >"$tmp/del" || true
    [ -s "$tmp/del" ] && ip -force -batch "$tmp/del" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
make_foreign() { # N: N namespaces by ip -batch
  seq "$1" | sed "s/^/netns add $foreign-/" >"$tmp/add"; [ "$1" -gt 0 ] && ip -batch "$tmp/add"; true
}
drop_foreign() {
  ip netns list | awk '{print $1}' | grep "^$foreign-" | sed 's/^/netns del /' >"$tmp/del" || true
  [ -s "$tmp/del" ] && ip -batch "$tmp/del"; true
}
wall() { # seconds of a command, its output to $tmp/out
  local t0 t1; t0=$(date +%s%N); "$@" >"$tmp/out" 2>&1; t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1e9}'
}
echo "machine: $(nproc) cores, $(uname -r), $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $(ip -V)"

echo
echo "== 1. everyday calls on one pair: median us (netlink requests) with K other namespaces"
for k in $CALL_COUNTS; do
  make_foreign "$k"
  "${jvm[@]}" dev.nsh.bench.ScaleBenchmark calls 20 | awk -v k="$k" '$1 == "CALL" {print k, $2, $3, $4}' >>"$tmp/calls"
  drop_foreign
done
awk -v counts="$CALL_COUNTS" '
  BEGIN { n = split(counts, K, " "); printf "%-18s", "call"; for (i = 1; i <= n; i++) printf " %14s", "K=" K[i]; print "" }
  { v[$2, $1] = sprintf("%.0f (%s)", $3, $4); if (!($2 in seen)) { seen[$2] = 1; order[++m] = $2 } }
  END { for (j = 1; j <= m; j++) { printf "%-18s", order[j]; for (i = 1; i <= n; i++) printf " %14s", v[order[j], K[i]]; print "" } }' "$tmp/calls"

echo
echo "== 2. the card's idiom for N pairs (wall seconds, whole process)"
printf '%-28s %6s %9s %9s %9s %9s\n' "" N "nsh" "ip -batch" "pyroute2" "nsh/batch"
for n in $PAIRS; do
  a=$(wall "$nsh" "$here/bench/card-pairs.groovy" "$n"); inproc=$(grep -o 'in-process [0-9.]*' "$tmp/out" | awk '{print $2}')
  b=$(wall bash "$pairs_script" batch "$n")
  p=-; /usr/bin/python3 -c 'import pyroute2' 2>/dev/null && p=$(wall bash "$pairs_script" pyroute2 "$n")
  printf '%-28s %6d %9s %9s %9s %8.2fx   (nsh in-process %s s)\n' "card, empty machine" "$n" "$a" "$b" "$p" "$(echo "$a / $b" | bc -l)" "$inproc"
  echo "$n $a $b $p" >>"$tmp/chart"
done
make_foreign 1000
a=$(wall "$nsh" "$here/bench/card-pairs.groovy" 250); b=$(wall bash "$pairs_script" batch 250)
printf '%-28s %6d %9s %9s %9s %8.2fx\n' "card, 1000 other namespaces" 250 "$a" "$b" "-" "$(echo "$a / $b" | bc -l)"
drop_foreign

echo
echo "== 3. memory (RSS, nsh's JVM options as scripts/nsh sets them)"
"${jvm[@]}" dev.nsh.bench.ScaleBenchmark memory 1000 | sed 's/^MEMORY /  /'

# The chart: wall seconds against N, one line a tool, as an SVG of our own.
awk 'BEGIN { W = 640; H = 400; L = 60; B = 40 }
  { n[NR] = $1; v[NR, 1] = $2; v[NR, 2] = $3; v[NR, 3] = ($4 == "-" ? "" : $4); if ($1 > maxn) maxn = $1
    for (i = 1; i <= 3; i++) if (v[NR, i] != "" && v[NR, i] + 0 > maxv) maxv = v[NR, i] + 0 }
  END {
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H
    printf "<text x=\"%d\" y=\"20\">the card idiom: wall seconds against N pairs (bench/scale.sh)</text>\n", L
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, H - B, W - 20, H - B
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"40\" stroke=\"black\"/>\n", L, H - B, L
    for (t = 0; t <= 4; t++) { y = H - B - t * (H - B - 40) / 4; printf "<text x=\"5\" y=\"%d\">%.1f s</text>\n", y + 4, maxv * t / 4 }
    split("#1f77b4 #d62728 #2ca02c", col, " "); split("nsh (scripts/nsh)|ip -batch|pyroute2", name, "|")
    for (i = 1; i <= 3; i++) {
      pts = ""
      for (r = 1; r <= NR; r++) if (v[r, i] != "") {
        x = L + n[r] * (W - 20 - L) / maxn; y = H - B - v[r, i] * (H - B - 40) / maxv; pts = pts sprintf("%.1f,%.1f ", x, y)
        if (i == 1) printf "<text x=\"%.1f\" y=\"%d\">%d</text>\n", x - 10, H - B + 16, n[r]
      }
      printf "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n", col[i], pts
      printf "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n", L + 10, 40 + 16 * i, col[i], name[i]
    }
    print "</svg>" }' "$tmp/chart" >"$here/bench/scale.svg"
echo
echo "chart: bench/scale.svg"
left=$(ip netns list | awk '{print $1}' | sort | comm -13 "$tmp/before" - | grep -cE "$ours" || true)
echo "namespaces of this run left behind: $left"
