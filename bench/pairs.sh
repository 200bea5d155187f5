#!/bin/bash
# Issue 2's benchmark: N blog-style pairs (two namespaces, a veth between them, an address and up
# on each end) built and deleted by `ip` one process a step, by `ip -batch`, by pyroute2 and by
# nsh's Java API, one after another on this machine in this run, then one table of the figures.
#
#   bench/pairs.sh N...            e.g. bench/pairs.sh 50 250      (as root)
#   REPEATS=3   runs of each tool per N; the table shows the median wall time, the largest RSS
#   SETTLE=1    seconds of sleep between runs, so the kernel's deferred namespace clean-up of
#               one run (cleanup_net) is not billed to the next; then up to SETTLE_MAX=10 more
#               seconds waiting for the CPUs to be idle (under 15 % busy), as other work on the
#               machine skews every figure; runs that started on a busy machine are counted
#   SHARED=..   the shared folder holding bench/peers_pairs.sh (default ../shared, else /work/shared)
#
# Rows: "ip naive", "ip -batch", "pyroute2" are whole processes of the reference script
# peers_pairs.sh. "nsh process" is a whole `java` process doing the same (JVM start, no warm-up, one
# run): what a user pays from a shell. "nsh in-JVM cold" is that process's own timer around build +
# teardown. "nsh in-JVM warm seq/par2" are the issue's figure: one JVM, a warm-up excluded, the
# median of REPEATS runs, sequential and on two platform threads. Ratio = wall / wall of ip -batch
# (below 1: faster than ip -batch). It asserts nothing and leaves no namespace behind.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 N..." >&2; exit 2; }
for n in "$@"; do [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "N must be a positive integer, not \"$n\"" >&2; exit 2; }; done
[ "$(id -u)" = 0 ] || { echo "$0: needs root (network namespaces)" >&2; exit 1; }
REPEATS=${REPEATS:-3}
SETTLE=${SETTLE:-1}
SETTLE_MAX=${SETTLE_MAX:-10}

cd "$(dirname "$0")/.."
root=$PWD
script=${SHARED:-../shared}/bench/peers_pairs.sh
[ -f "$script" ] || script=/work/shared/bench/peers_pairs.sh
[ -f "$script" ] || { echo "$0: no peers_pairs.sh under \${SHARED:-../shared}/bench nor /work/shared/bench" >&2; exit 1; }
script=$(cd "$(dirname "$script")" && pwd)/$(basename "$script")

apt_install() {
  apt-get install -y -q "$@" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$@" >/dev/null 2>&1; }
}

# The jar: rebuilt when missing or older than the sources.
. "$root/bench/classes.sh"   # $jar, and $bench_cp with the benchmarks
# The reference runs pyroute2 with Debian's python (/usr/bin/python3), whatever python3 is on PATH.
if ! /usr/bin/python3 -c 'import pyroute2' 2>/dev/null; then
  echo "installing python3-pyroute2 ..." >&2
  apt_install python3-pyroute2 || true
fi
have_pyroute2=1
/usr/bin/python3 -c 'import pyroute2' 2>/dev/null || { have_pyroute2=0; echo "pyroute2 unavailable: its rows are skipped" >&2; }
if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time ..." >&2
  apt_install time || true
fi
have_time=0
[ -x /usr/bin/time ] && have_time=1

tmp=$(mktemp -d)
netns_before=$tmp/netns-before
ip netns list | awk '{print $1}' | sort >"$netns_before"
links_before=$tmp/links-before
ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort >"$links_before"

# Names this run makes: bpPID-aI / bpPID-bI (the script's and nsh's), bpPIDw-... (nsh's warm-up),
# bpPIDv-... (nsh's check with ip); veths vaI / vbI.
ours='^bp[0-9]+[wv]?-[ab][0-9]+$'
new_netns() { ip netns list | awk '{print $1}' | sort | comm -13 "$netns_before" - | grep -E "$ours" || true; }

# After a failed or interrupted run, leave nothing behind: namespaces of the pattern above that
# were not there at the start, and veths of ours stranded in the root namespace (naive mode).
# After a clean run there is nothing of ours to remove, and nothing is touched: another user of
# the machine may be running peers_pairs.sh at the same time.
clean=0
cleanup() {
  local ns l
  if [ $clean = 1 ]; then
    for ns in $(new_netns); do ip netns del "$ns" 2>/dev/null || true; done
    for l in $(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | comm -13 "$links_before" - | grep -E '^v[ab][0-9]+$' || true); do
      ip link del "$l" 2>/dev/null || true
    done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'clean=1; exit 130' INT TERM

# Busy percentage of all CPUs over 0.3 s, from /proc/stat.
busy() {
  local a b
  a=$(awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat); sleep 0.3
  b=$(awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  echo "$a $b" | awk '{d=$4-$2; print (d > 0 ? int(100 * ($3-$1) / d) : 0)}'
}
busy_runs=0
settle() {
  local deadline=$((SECONDS + SETTLE_MAX)) b
  sleep "$SETTLE"
  while b=$(busy); [ "$b" -ge 15 ]; do
    if [ $SECONDS -ge $deadline ]; then busy_runs=$((busy_runs + 1)); echo "  (machine still ${b}% busy: running anyway)" >&2; return; fi
  done
}

# run LABEL CMD...: wall seconds to $tmp/LABEL.wall (one line a run), peak RSS KB to $tmp/LABEL.rss,
# user + system CPU seconds to $tmp/LABEL.cpu, stdout to $tmp/LABEL.out.
run() {
  local label=$1; shift
  local t0 t1 rc=0
  settle
  t0=$(date +%s%N)
  if [ $have_time = 1 ]; then
    /usr/bin/time -o "$tmp/rss" -f '%M %U %S' "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  else
    "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  fi
  t1=$(date +%s%N)
  if [ $rc != 0 ]; then
    echo "$label failed (exit $rc):" >&2; cat "$tmp/out" "$tmp/err" >&2; clean=1; exit 1
  fi
  cat "$tmp/out" >>"$tmp/$label.out"
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f\n", (b-a)/1e9}' >>"$tmp/$label.wall"
  if [ $have_time = 1 ]; then
    tail -1 "$tmp/rss" | awk '{print $1}' >>"$tmp/$label.rss"
    tail -1 "$tmp/rss" | awk '{printf "%.2f\n", $2 + $3}' >>"$tmp/$label.cpu"
  fi
}

median() { sort -g | awk '{v[NR]=$1} END{if (NR) print v[int((NR+1)/2)]}'; }
maxof() { sort -g | tail -1; }

rows=$tmp/rows
: >"$rows"
for n in "$@"; do
  echo "== N=$n: $REPEATS runs of each tool (reference: $script) ==" >&2
  for r in $(seq "$REPEATS"); do
    run "naive-$n" bash "$script" naive "$n"
    run "batch-$n" bash "$script" batch "$n"
    [ $have_pyroute2 = 1 ] && run "pyroute2-$n" bash "$script" pyroute2 "$n"
    run "nshcold-$n" java -Dnsh.bench.warmup=0 -cp "$bench_cp" dev.nsh.bench.PairsBenchmark "$n" 1 seq
    echo "  run $r/$REPEATS done" >&2
  done
  # One JVM: warm-up, then REPEATS sequential and REPEATS parallel runs, alternating.
  run "nshwarm-$n" java -cp "$bench_cp" dev.nsh.bench.PairsBenchmark "$n" "$REPEATS" both
  grep -v -E '^(RESULT|SUMMARY)' "$tmp/nshwarm-$n.out" | sed 's/^/  nsh: /' >&2

  batch=$(median <"$tmp/batch-$n.wall")
  row() { # label wall cpu rss
    awk -v l="$1" -v n="$n" -v w="$2" -v b="$batch" -v c="$3" -v m="$4" \
      'BEGIN{if (c ~ /^[0-9.]+$/) c = sprintf("%.2f", c); printf "%-34s %6d %9.3f %9.2fx %8s %10s\n", l, n, w, w/b, c, m}' >>"$rows"
  }
  rss() { if [ -s "$tmp/$1.rss" ]; then maxof <"$tmp/$1.rss"; else echo -; fi; }
  cpu() { if [ -s "$tmp/$1.cpu" ]; then median <"$tmp/$1.cpu"; else echo -; fi; }
  # In-JVM figures: field 6 of RESULT is the wall time of build + teardown, field 7 the CPU time.
  jvm() { # file mode field
    awk -v m="$2" -v f="$3" '$1=="RESULT" && $2==m {print $f}' "$tmp/$1.out" | median
  }
  proc() { row "$1" "$(median <"$tmp/$2.wall")" "$(cpu "$2")" "$(rss "$2")"; }
  proc "ip naive (process)" "naive-$n"
  proc "ip -batch (process)" "batch-$n"
  [ $have_pyroute2 = 1 ] && proc "pyroute2 (process)" "pyroute2-$n"
  proc "nsh (java process, cold)" "nshcold-$n"
  row "nsh in-JVM cold, seq" "$(jvm "nshcold-$n" nsh-seq 6)" "$(jvm "nshcold-$n" nsh-seq 7)" "-"
  row "nsh in-JVM warm, seq" "$(jvm "nshwarm-$n" nsh-seq 6)" "$(jvm "nshwarm-$n" nsh-seq 7)" "$(rss "nshwarm-$n")"
  row "nsh in-JVM warm, par2" "$(jvm "nshwarm-$n" nsh-par2 6)" "$(jvm "nshwarm-$n" nsh-par2 7)" "(same JVM)"
done

echo
echo "wall = median of $REPEATS runs, build + teardown; vs batch = wall / ip -batch wall; cpu = user + system"
echo "seconds of the process (all its threads; the kernel's deferred namespace clean-up is nobody's), median;"
echo "RSS = peak, largest of the runs."
printf '%-34s %6s %9s %10s %8s %10s\n' tool N "wall s" "vs batch" "cpu s" "RSS KB"
cat "$rows"
echo
echo "runs started on a busy machine (>= 15 % CPU after ${SETTLE_MAX}s of waiting): $busy_runs; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
uname -r | sed 's/^/kernel /'; nproc | sed 's/^/cores /'; ip -V; java -version 2>&1 | head -1

left=$(new_netns | grep -c . || true)
others=$(ip netns list | awk '{print $1}' | sort | comm -13 "$netns_before" - | grep -vcE "$ours" || true)
echo "namespaces of ours left behind: $left (others' namespaces that appeared meanwhile: $others)"
