#!/usr/bin/env bash
# Rootless beside root (prints figures; asserts nothing). In one run, alternating, RUNS times each:
#  1. the card's idiom for N pairs (bench/card-pairs.groovy: ns, veth, addr, up; then delete);
#  2. star(STAR) + pingAll + teardown (bench/lab-star.groovy).
# "root" is scripts/nsh run by root; "rootless" is the same copy run by uid 65534 (setpriv), which
# starts its holder of a user namespace on the first run and joins it after (bench/README.md).
# The launcher, jar and cache are copied where nobody can read them; in-process figures are the
# scripts' own, wall clock includes the JVM's start and, rootless, nsenter.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
N=${N:-250} STAR=${STAR:-100} RUNS=${RUNS:-3}
[ "$(id -u)" = 0 ] || { echo "bench/rootless.sh needs root (it runs the rootless side through setpriv)" >&2; exit 1; }
"$here/scripts/nsh" --version >/dev/null   # builds the jar if needed, outside the timings

dir=$(mktemp -d /tmp/nsh-rootless-bench.XXXXXX)
home=$dir/home
cleanup() {
  setpriv --reuid 65534 --regid 65534 --clear-groups env HOME="$home" "$dir/scripts/nsh" --rootless-stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
mkdir -p "$dir/scripts" "$dir/target" "$dir/bench" "$home"
cp "$here/scripts/nsh" "$here/scripts/rootless.sh" "$dir/scripts/"
cp "$here/target/nsh.jar" "$dir/target/"
cp "$here/bench/card-pairs.groovy" "$here/bench/lab-star.groovy" "$dir/bench/"
"$dir/scripts/nsh" -e '1' >/dev/null   # the copy's own AOT or CDS cache, trained by root, used by both
chmod -R a+rX "$dir"
chown -R 65534:65534 "$home"

as_root() { "$dir/scripts/nsh" "$@"; }
as_nobody() { setpriv --reuid 65534 --regid 65534 --clear-groups env HOME="$home" PATH=/usr/sbin:/usr/bin:/bin "$dir/scripts/nsh" "$@"; }
as_nobody -e '1' 2>&1 >/dev/null | sed 's/^/  (first rootless run) /'

now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); each figure $RUNS times, alternating"

run() { # label, then the command; prints the script's line and the wall clock, appends it to $label's list
  local label=$1 t0 t1 out; shift
  t0=$(now); out=$("$@"); t1=$(now)
  printf '  %-9s %s (wall clock %.2f s)\n' "$label" "$out" "$(echo "$t1 - $t0" | bc)"
  eval "${label//-/_}_$kind+=($(echo "$t1 - $t0" | bc))"
}
for kind in card star; do
  eval "root_$kind=() rootless_$kind=()"
  [ $kind = card ] && echo "== the card's idiom, $N pairs" || echo "== star($STAR) + pingAll + teardown"
  for r in $(seq "$RUNS"); do
    if [ $kind = card ]; then
      run root as_root "$dir/bench/card-pairs.groovy" "$N"
      run rootless as_nobody "$dir/bench/card-pairs.groovy" "$N"
    else
      run root as_root "$dir/bench/lab-star.groovy" "$STAR"
      run rootless as_nobody "$dir/bench/lab-star.groovy" "$STAR"
    fi
  done
done
echo "== medians of the wall clock"
printf '  card %d pairs: root %.2f s, rootless %.2f s\n' "$N" "$(median "${root_card[@]}")" "$(median "${rootless_card[@]}")"
printf '  star(%d) + pingAll: root %.2f s, rootless %.2f s\n' "$STAR" "$(median "${root_star[@]}")" "$(median "${rootless_star[@]}")"
