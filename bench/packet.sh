#!/bin/bash
# Issue 4's "Measure": nsh's ping and capture beside iputils ping and tcpdump, on the same veth
# pair, in the same run, then two tables of the figures.
#
#   bench/packet.sh                 (as root)
#   ROUNDS=10 COUNT=300 INTERVAL=0.01 SIZE=56
#               ping: rounds, each `ping -c COUNT -i INTERVAL -s SIZE -q` then Ping.run with the
#               same (the order swaps every round); the table shows the medians over the rounds
#   PACKETS=120000 CAPTURE_ROUNDS=3 TRAFFIC=both (flood|udp|both)
#               capture: packets per round; flood = `ping -f` from A (both capture "icmp" on B's
#               end, which carries requests and replies), udp = 64-byte datagrams from a socket of
#               A as fast as Java sends them (both capture "udp" on A's end); nsh's Capture and
#               `tcpdump -w /dev/null -c PACKETS` run at the same time on the same traffic
#   IMMEDIATE=1 tcpdump --immediate-mode (by default libpcap hands it a block when full or after
#               1 s, so its "s" column ends up to 1 s after the traffic)
#
# It asserts nothing and leaves no namespace behind.
set -euo pipefail

[ "$(id -u)" = 0 ] || { echo "$0: needs root (network namespaces)" >&2; exit 1; }
ROUNDS=${ROUNDS:-10}
COUNT=${COUNT:-300}
INTERVAL=${INTERVAL:-0.01}
SIZE=${SIZE:-56}
PACKETS=${PACKETS:-120000}
CAPTURE_ROUNDS=${CAPTURE_ROUNDS:-3}
TRAFFIC=${TRAFFIC:-both}
IMMEDIATE=${IMMEDIATE:-0}

cd "$(dirname "$0")/.."
root=$PWD

apt_install() {
  apt-get install -y -q "$@" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$@" >/dev/null 2>&1; }
}
if ! command -v ping >/dev/null || ! ping -V 2>&1 | grep -q iputils; then
  echo "installing iputils-ping ..." >&2
  apt_install iputils-ping
fi
if ! command -v tcpdump >/dev/null; then
  echo "installing tcpdump ..." >&2
  apt_install tcpdump
fi

# The jar: rebuilt when missing or older than the sources.
. "$root/bench/classes.sh"   # $jar, and $bench_cp with the benchmarks

tmp=$(mktemp -d)
netns_before=$tmp/netns-before
ip netns list | awk '{print $1}' | sort >"$netns_before"
# Names the benchmarks make: pkPID-pa / pkPID-pb (ping), pkPID-ca / pkPID-cb (capture).
ours='^pk[0-9]+-(pa|pb|ca|cb)$'
new_netns() { ip netns list | awk '{print $1}' | sort | comm -13 "$netns_before" - | grep -E "$ours" || true; }
clean=0
cleanup() {
  local ns
  if [ $clean = 1 ]; then
    for ns in $(new_netns); do ip netns del "$ns" 2>/dev/null || true; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'clean=1; exit 130' INT TERM

run() { # LABEL CMD...: stdout to $tmp/LABEL.out, progress to stderr
  local label=$1 rc=0; shift
  "$@" >"$tmp/$label.out" 2>"$tmp/$label.err" || rc=$?
  if [ $rc != 0 ]; then
    echo "$label failed (exit $rc):" >&2; cat "$tmp/$label.out" "$tmp/$label.err" >&2; clean=1; exit 1
  fi
  cat "$tmp/$label.err" >&2
}

echo "== ping: $ROUNDS rounds of $COUNT requests, -i $INTERVAL, -s $SIZE, iputils and nsh alternating ==" >&2
run ping java -cp "$bench_cp" dev.nsh.bench.PingBenchmark "$ROUNDS" "$COUNT" "$INTERVAL" "$SIZE"
echo "== capture: $CAPTURE_ROUNDS rounds of $PACKETS packets ($TRAFFIC), nsh and tcpdump at the same time ==" >&2
run capture java -Dnsh.bench.immediate=$([ "$IMMEDIATE" = 1 ] && echo true || echo false) -cp "$bench_cp" \
  dev.nsh.bench.CaptureBenchmark "$PACKETS" "$TRAFFIC" "$CAPTURE_ROUNDS"

echo
echo "Ping RTT over one veth (ms; each figure the median over $ROUNDS rounds of that round's own figure)"
printf '%-9s %8s %8s %8s %8s %12s %10s\n' tool min avg max mdev received "avg ratio"
iavg=$(awk '$1=="MEDIAN" && $2=="iputils" {print $7}' "$tmp/ping.out")
awk -v iavg="$iavg" '$1=="MEDIAN" { printf "%-9s %8s %8s %8s %8s %12s %9.2fx\n", $2, $5, $7, $9, $11, $13, $7/iavg }' "$tmp/ping.out"
echo "per round (avg ms, iputils / nsh): $(awk '$1=="RESULT" {printf "%s%s", (($2=="iputils") ? " " : "/"), $7}' "$tmp/ping.out")"

echo
echo "Capture of the same traffic at the same time (s = from the start of the traffic until the tool had its"
echo "last packet; packets/s = captured / s; tcpdump's exit, and so its s, waits for libpcap's block timeout)"
printf '%-6s %5s %-8s %9s %9s %11s %9s %7s %10s\n' traffic round tool expected captured "recv filter" dropped s packets/s
awk '$1=="SENT" { printf "%-6s %5s %-8s %9s %9s %11s %9s %7.3f %10s   (sent on %s)\n", $2, $3, "traffic", $4, "-", "-", "-", $5, $6, $7 }
     $1=="RESULT" { printf "%-6s %5s %-8s %9s %9s %11s %9s %7.3f %10s\n", $2, $3, $4, $5, $6, $7, $8, $9, $10 }' "$tmp/capture.out"

echo
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
uname -r | sed 's/^/kernel /'; nproc | sed 's/^/cores /'; ping -V 2>&1 | head -1; tcpdump --version 2>&1 | head -2 | paste -sd' '
java -version 2>&1 | head -1
left=$(new_netns | grep -c . || true)
echo "namespaces of ours left behind: $left"
