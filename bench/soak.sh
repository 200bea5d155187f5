#!/usr/bin/env bash
# Soak benchmark (issue 12; prints figures, asserts nothing): N create/configure/delete cycles of a
# blog pair in one JVM, with its open fds, threads and RSS every EVERY cycles. Flat columns: no leak.
#   sudo bench/soak.sh [N] [EVERY]        (10000 1000 by default)
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "bench/soak.sh needs root" >&2; exit 1; }
. "$here/bench/classes.sh"
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %6s %5s %4s %8s %8s %8s\n' "" cycle fds thr "rss KB" "heap KB" seconds
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --add-opens java.base/java.lang=ALL-UNNAMED -cp "$bench_cp" \
  dev.nsh.bench.SoakBenchmark "${1:-10000}" "${2:-1000}"
echo "namespaces of the soak left: $(ip netns list | grep -c '^sk[0-9]*-' || true)"
