#!/usr/bin/env bash
# Link conditions benchmark (issue 15; prints figures, asserts nothing): accuracy of delay (1..100
# ms, RTT median against the request), of loss (1..50 %) and of rate (1 Mbit/s..1 Gbit/s) for each
# engine (the kernel's netem where the kernel has it, tbf for rates, nsh's own); the jitter's
# distributions (spread of the RTT), loss models and correlated loss (lost share, runs); the cost of nsh's
# engine (latency it adds with no condition, frames/s and CPU at 100 Mbit/s and flat out); and
# a.iperf(b) beside iperf3 on an unshaped veth; a.iperf(b, udp: true) beside iperf3 -u at a few rates
# on the unshaped veth and on a tbf-shaped one (receiver's rate, loss, jitter). All in one JVM (bench/conditions.groovy).
#
#   sudo bench/conditions.sh
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "bench/conditions.sh needs root" >&2; exit 1; }
command -v iperf3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iperf3 >/dev/null; }
a=condb$$-a b=condb$$-b
trap 'ip netns del $a 2>/dev/null || true; ip netns del $b 2>/dev/null || true' EXIT
"$here/scripts/nsh" "$here/bench/conditions.groovy" $a $b
