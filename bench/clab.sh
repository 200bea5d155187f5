#!/usr/bin/env bash
# Topology files benchmark (issue 16; prints figures, asserts nothing). In one run, on one machine:
#  1. a generated chain of ROUTERS linux routers, each with one linux host (2 x ROUTERS nodes,
#     2 x ROUTERS - 1 links, static routes and forwarding from nsh's config.vars.nsh): deploy,
#     test (h1 pings the last host, across every router), destroy;
#  2. the shape of containerlab's lab-examples/frr01 (3 routers, 3 PCs, 6 links, 12 exec commands
#     running ip; FRR itself is not run): deploy, destroy.
# Each step is one scripts/nsh command, timed by wall clock, JVM start included (the jar is built
# beforehand). Needs root; run with nothing else on the machine for figures worth comparing.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
ROUTERS=${ROUTERS:-50} RUNS=${RUNS:-3}
[ "$(id -u)" = 0 ] || { echo "bench/clab.sh needs root" >&2; exit 1; }
nsh=$here/scripts/nsh
$nsh --version >/dev/null   # builds the jar if needed, outside the timings
dir=$(mktemp -d)
trap 'for f in "$dir"/*.clab.yml; do "$nsh" destroy -t "$f" >/dev/null 2>&1 || true; done; rm -rf "$dir"' EXIT
name=bench-chain-$$
python3 - "$ROUTERS" "$name" >"$dir/chain.clab.yml" <<'PY'
import sys
n, name = int(sys.argv[1]), sys.argv[2]
print(f"name: {name}\ntopology:\n  nodes:")
for i in range(1, n + 1):
    routes = [f'"10.1.{j}.0/24 via 10.0.{i - 1}.1"' for j in range(1, i)] + [f'"10.1.{j}.0/24 via 10.0.{i}.2"' for j in range(i + 1, n + 1)]
    print(f"    r{i}: {{kind: linux, config: {{vars: {{nsh: {{forwarding: true, routes: [{', '.join(routes)}]}}}}}}}}")
    tests = f", tests: [{{ping: h{n}}}]" if i == 1 else ""
    print(f"    h{i}: {{kind: linux, config: {{vars: {{nsh: {{routes: [\"default via 10.1.{i}.1\"]{tests}}}}}}}}}")
print("  links:")
for i in range(1, n + 1):
    print(f'    - {{endpoints: ["r{i}:eth1", "h{i}:eth1"], ipv4: [10.1.{i}.1/24, 10.1.{i}.2/24]}}')
for i in range(1, n):
    print(f'    - {{endpoints: ["r{i}:eth2", "r{i + 1}:eth3"], ipv4: [10.0.{i}.1/24, 10.0.{i}.2/24]}}')
PY
cp "$here/src/test/resources/clab/frr01.clab.yml" "$dir/frr01.clab.yml"
sed -i "s/^name: frr01/name: bench-frr01-$$/" "$dir/frr01.clab.yml"

now() { date +%s.%N; }
secs() { printf "%.2f" "$(echo "$2 - $1" | bc)"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
timed() { local t0 t1; t0=$(now); "$@" >/dev/null 2>"$dir/err" || { cat "$dir/err" >&2; return 1; }; t1=$(now); secs "$t0" "$t1"; }
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS runs; each figure a whole scripts/nsh command"

echo "== chain of $ROUTERS routers with a host each: $((2 * ROUTERS)) nodes, $((2 * ROUTERS - 1)) links"
d=() t=() x=()
for r in $(seq "$RUNS"); do
  d+=("$(timed "$nsh" deploy -t "$dir/chain.clab.yml")")
  t+=("$(timed "$nsh" test -t "$dir/chain.clab.yml")")
  x+=("$(timed "$nsh" destroy -t "$dir/chain.clab.yml")")
  echo "  run $r: deploy ${d[-1]} s, test (h1 -> h$ROUTERS) ${t[-1]} s, destroy ${x[-1]} s"
done
echo "chain $((2 * ROUTERS)) nodes median: deploy $(median "${d[@]}") s, test $(median "${t[@]}") s, destroy $(median "${x[@]}") s"

echo "== frr01's shape (6 nodes, 6 links, 12 exec commands)"
d=() x=()
for r in $(seq "$RUNS"); do
  d+=("$(timed "$nsh" deploy -t "$dir/frr01.clab.yml")")
  x+=("$(timed "$nsh" destroy -t "$dir/frr01.clab.yml")")
  echo "  run $r: deploy ${d[-1]} s, destroy ${x[-1]} s"
done
echo "frr01 median: deploy $(median "${d[@]}") s, destroy $(median "${x[@]}") s"
