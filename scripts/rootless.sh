# Rootless nsh, sourced by scripts/nsh: a user's namespaces live in a user namespace of their own
# (unshare --user --map-root-user), with a private mount namespace whose /run is a tmpfs, so that
# /run/netns is theirs, and a network namespace of their own that nsh starts in (its root(), as in
# unshare -rn: only lo, no way out to the host's network). A JVM cannot enter a user namespace
# itself (a multithreaded process gets EINVAL from unshare and setns, user_namespaces(7)), so one
# holder process per user keeps the three namespaces alive and every nsh run joins them with
# nsenter before the JVM starts. Namespaces and
# kept labs live as long as the holder; `nsh --rootless-stop` ends it and everything in it.
# State: ${XDG_STATE_HOME:-~/.local/state}/nsh (0700): holder (pid and start time), labs/.

rootless_state=${XDG_STATE_HOME:-$HOME/.local/state}/nsh

# The start time of process $1 (field 22 of /proc/PID/stat, after the command in parentheses).
rootless_start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  set -- $stat
  echo "${20}"
}

# Sets holder_pid to the live holder of this user, or returns 1. A pid alone could be reused by
# another process, so the start time recorded beside it must match too.
rootless_find() {
  local pid start
  [ -f "$rootless_state/holder" ] || return 1
  read -r pid start <"$rootless_state/holder" || return 1
  [ -n "$pid" ] && [ "$(rootless_start_time "$pid")" = "$start" ] || return 1
  holder_pid=$pid
}

# Finds or starts the holder (under a lock, so that two nsh starting at once share one).
rootless_holder() {
  mkdir -p "$rootless_state/labs" && chmod 700 "$rootless_state" || {
    echo "nsh: rootless: cannot make $rootless_state (HOME=$HOME)" >&2; exit 1; }
  exec 9>"$rootless_state/lock"
  flock 9
  if ! rootless_find; then
    command -v unshare >/dev/null && command -v nsenter >/dev/null || {
      echo "nsh: rootless: unshare and nsenter (util-linux) are needed" >&2; exit 1; }
    setsid unshare --user --map-root-user --mount --net --propagation private -- /bin/sh -c \
      'mount -t tmpfs -o mode=0755 nsh-run /run && mkdir -p /run/netns && exec sleep infinity' \
      </dev/null >/dev/null 2>"$rootless_state/holder.err" 9>&- &
    local pid=$! i
    for i in $(seq 100); do
      [ "$(readlink "/proc/$pid/ns/user" 2>/dev/null)" != "$(readlink /proc/self/ns/user)" ] \
        && nsenter -t "$pid" -U -m -n --preserve-credentials -- test -d /run/netns 2>/dev/null && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    if ! nsenter -t "$pid" -U -m -n --preserve-credentials -- test -d /run/netns 2>/dev/null; then
      kill "$pid" 2>/dev/null
      echo "nsh: rootless: could not make a user namespace: $(head -c 300 "$rootless_state/holder.err" | tr '\n' ' ')" \
        "(is kernel.unprivileged_userns_clone or user.max_user_namespaces 0?)" >&2
      exit 1
    fi
    echo "$pid $(rootless_start_time "$pid")" >"$rootless_state/holder.tmp" && mv -f "$rootless_state/holder.tmp" "$rootless_state/holder"
    holder_pid=$pid
    echo "nsh: rootless: namespaces live in a user namespace of uid $(id -u) (holder pid $pid); the host's ip netns does not see them" >&2
  fi
  exec 9>&-
}

# Ends the holder and with it every namespace and lab of this user's rootless nsh.
rootless_stop() {
  if ! rootless_find; then
    echo "nsh: rootless: no holder is running for uid $(id -u)"
    rm -f "$rootless_state/holder"
    return 0
  fi
  kill "$holder_pid"
  # Gone when its start time no longer reads back, or it is a zombie its new parent has yet to reap.
  local i state
  for i in $(seq 100); do
    state=$(cat "/proc/$holder_pid/stat" 2>/dev/null) || break
    state=${state##*) }
    [ "${state%% *}" = Z ] && break
    sleep 0.05
  done
  rm -f "$rootless_state/holder" "$rootless_state"/labs/*.jsonl 2>/dev/null
  echo "nsh: rootless: holder $holder_pid stopped; its namespaces and labs are gone"
}

# After --clean: a holder that keeps nothing any more (no named namespace, no lab state file, no
# process but itself in its user namespace) is ended too, so that a user's idle holder goes away.
rootless_stop_if_idle() {
  rootless_find || return 0
  local userns p
  userns=$(readlink "/proc/$holder_pid/ns/user") || return 0
  [ -z "$(ls -A "$rootless_state/labs" 2>/dev/null)" ] || return 0
  [ -z "$(nsenter -t "$holder_pid" -U -m -n --preserve-credentials -- ls -A /run/netns 2>/dev/null)" ] || return 0
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = "$holder_pid" ] && continue
    [ "$(readlink "$p/ns/user" 2>/dev/null)" = "$userns" ] && return 0
  done
  rootless_stop
}
