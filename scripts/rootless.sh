# Rootless nsh, sourced by scripts/nsh: a user's namespaces live in a user namespace of their own
# (unshare --user --map-root-user), with a private mount namespace whose /run is a tmpfs, so that
# /run/netns is theirs, and a network namespace of their own that nsh starts in (its root(), as in
# unshare -rn: only lo, no way out to the host's network). A JVM cannot enter a user namespace
# itself (a multithreaded process gets EINVAL from unshare and setns, user_namespaces(7)), so one
# holder process per user keeps the three namespaces alive and every nsh run joins them with
# nsenter before the JVM starts. Namespaces and
# kept labs live as long as the holder; `nsh --rootless-stop` ends it and everything in it.
# State: ${XDG_STATE_HOME:-~/.local/state}/nsh (0700): holder (pid and start time), labs/, uplink
# (pasta's pid and start time, while `nsh --rootless-uplink` gives the holder's namespace a way out).

# Root's own (nsh --rootless as root) is under root's home, also when sudo -E kept the user's HOME.
[ "$uid" = 0 ] && [ -z "${XDG_STATE_HOME:-}" ] && HOME=$(getent passwd 0 | cut -d: -f6)
rootless_state=${XDG_STATE_HOME:-${HOME:?nsh: rootless: HOME is not set; set it (or XDG_STATE_HOME) to where nsh may keep its state}/.local/state}/nsh

# The start time of process $1 (field 22 of /proc/PID/stat, after the command in parentheses).
rootless_start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  set -- $stat
  echo "${20}"
}

# Sets holder_pid to the live holder of this user, or returns 1. A pid alone could be reused by
# another process (also after a reboot: the state outlives it), so the start time and boot id
# recorded beside it must match, and the process must be this user's sleep in a user namespace
# other than ours.
rootless_find() {
  local pid start boot
  [ -f "$rootless_state/holder" ] || return 1
  read -r pid start boot <"$rootless_state/holder" || return 1
  [ -n "$pid" ] && [ -n "$start" ] && [ "$boot" = "$(cat /proc/sys/kernel/random/boot_id)" ] || return 1
  [ "$(rootless_start_time "$pid")" = "$start" ] || return 1
  [ "$(stat -c %u "/proc/$pid" 2>/dev/null)" = "$uid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ] || return 1
  [ "$(readlink "/proc/$pid/ns/user")" != "$(readlink /proc/self/ns/user)" ] || return 1
  holder_pid=$pid
}

# The state directory, made 0700 and refused when another user owns it (sudo -E keeps HOME).
rootless_dir() {
  mkdir -p "$rootless_state/labs" 2>/dev/null && [ "$(stat -c %u "$rootless_state")" = "$uid" ] && chmod 700 "$rootless_state" || {
    echo "nsh: rootless: cannot use $rootless_state as uid $uid (HOME=$HOME): it cannot be made, or another user owns it" >&2; exit 1; }
}

# Finds or starts the holder under an exclusive lock on start.lock (two nsh starting at once share
# one holder), then takes a shared lock on lock (fd 9) that this process, and the JVM it execs,
# keep for as long as they run. A stop waits for no one; an idle stop takes start.lock, then lock
# exclusively without waiting, so it never ends a holder that an nsh is about to join or is using,
# and a run never waits for another run.
rootless_holder() {
  rootless_dir
  exec 7>>"$rootless_state/start.lock"
  flock 7
  if ! rootless_find; then
    command -v unshare >/dev/null && command -v nsenter >/dev/null || {
      echo "nsh: rootless: unshare and nsenter (util-linux) are needed" >&2; exit 1; }
    # Labs recorded by a holder that is gone lost their namespaces with it; its uplink serves no one.
    rm -f "$rootless_state"/labs/*.jsonl
    rootless_uplink_end
    setsid unshare --user --map-root-user --mount --net --propagation private -- /bin/sh -c \
      'cd / && mount -t tmpfs -o mode=0755 nsh-run /run && mkdir -p /run/netns && exec sleep infinity' \
      </dev/null >/dev/null 2>"$rootless_state/holder.err" 7>&- &
    local pid=$! i
    # Ready once it runs sleep: the tmpfs and /run/netns are made before that exec.
    for i in $(seq 400); do
      [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != sleep ]; then
      kill "$pid" 2>/dev/null
      if [ -s "$rootless_state/holder.err" ]; then
        echo "nsh: rootless: could not make a user namespace: $(head -c 300 "$rootless_state/holder.err" | tr '\n' ' ')" \
          "(is kernel.unprivileged_userns_clone or user.max_user_namespaces 0?)" >&2
      else
        echo "nsh: rootless: the holder of the user namespace did not start within 20 s" >&2
      fi
      exit 1
    fi
    echo "$pid $(rootless_start_time "$pid") $(cat /proc/sys/kernel/random/boot_id)" >"$rootless_state/holder.tmp" \
      && mv -f "$rootless_state/holder.tmp" "$rootless_state/holder"
    holder_pid=$pid
    echo "nsh: rootless: namespaces live in a user namespace of uid $uid (holder pid $pid); the host's ip netns does not see them" >&2
  fi
  exec 9>>"$rootless_state/lock"
  flock -s 9
  exec 7>&-
}

# The pids in the user namespace of the holder (the holder first), for a stop.
rootless_members() {
  local userns p
  userns=$(readlink "/proc/$holder_pid/ns/user") || return 0
  echo "$holder_pid"
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = "$holder_pid" ] && continue
    if [ "$(readlink "$p/ns/user" 2>/dev/null)" = "$userns" ]; then echo "${p#/proc/}"; fi
  done
  return 0
}

# Whether process $1 is gone: no longer there, or a zombie its new parent has yet to reap.
rootless_gone() {
  local state
  state=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  state=${state##*) }
  [ "${state%% *}" = Z ]
}

# Ends the holder and every process in its user namespace (an nsh REPL, a program left running in
# a namespace, a --rootless-run): with the last of them go its namespaces and labs.
rootless_stop() {
  rootless_dir
  if ! rootless_find; then
    echo "nsh: rootless: no holder is running for uid $uid"
    rm -f "$rootless_state/holder" "$rootless_state"/labs/*.jsonl
    rootless_uplink_end
    return 0
  fi
  local members p i left
  members=$(rootless_members)
  kill -TERM $members 2>/dev/null || true
  for i in $(seq 60); do
    left=
    for p in $members; do rootless_gone "$p" || left="$left $p"; done
    [ -z "$left" ] && break
    [ "$i" = 40 ] && { kill -KILL $left 2>/dev/null || true; }
    sleep 0.05
  done
  rm -f "$rootless_state/holder" "$rootless_state"/labs/*.jsonl
  rootless_uplink_end
  if [ -n "$left" ]; then
    echo "nsh: rootless: holder $holder_pid stopped, but processes$left of its user namespace did not end" >&2
    return 1
  fi
  echo "nsh: rootless: holder $holder_pid stopped; its namespaces and labs are gone"
}

# Prints the pid of the running uplink (pasta) of this user's holder, or returns 1: as for the holder, the pid must
# still be the process it was (start time, boot id, owner).
rootless_uplink_pid() {
  local pid start boot
  [ -f "$rootless_state/uplink" ] || return 1
  read -r pid start boot <"$rootless_state/uplink" || return 1
  [ -n "$pid" ] && [ -n "$start" ] && [ "$boot" = "$(cat /proc/sys/kernel/random/boot_id)" ] || return 1
  [ "$(rootless_start_time "$pid")" = "$start" ] && [ "$(stat -c %u "/proc/$pid" 2>/dev/null)" = "$uid" ] || return 1
  echo "$pid"
}

# Ends the uplink, if one runs, and forgets it.
rootless_uplink_end() {
  local pid i
  if pid=$(rootless_uplink_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 40); do rootless_gone "$pid" && break; sleep 0.05; done
    rootless_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$rootless_state/uplink"
}

# nsh --rootless-uplink: pasta (Debian package passt) attached to the holder's network namespace,
# nsh's root() there, so that namespaces routed through it reach the outside network: a tap device
# given the host's addresses and default route (--config-net), no port forwarded either way. pasta
# stays in the host's network namespace and opens the tap inside; that needs /dev/net/tun, which
# must be the user's to open (Debian's udev makes it 0666; some machines keep it root's). Its pid
# is kept in $rootless_state/uplink; --rootless-stop ends it with the holder. What it needs is
# checked before a holder is started for it.
rootless_uplink() {
  local pid err
  rootless_dir
  command -v pasta >/dev/null || {
    echo "nsh: rootless: --rootless-uplink needs pasta (Debian package passt), which is not installed" >&2; exit 1; }
  # (-c first: <> would make a file where none is)
  if ! [ -c /dev/net/tun ] || ! { : <>/dev/net/tun; } 2>/dev/null; then
    echo "nsh: rootless: no uplink: /dev/net/tun ($(stat -c '%A %U' /dev/net/tun 2>/dev/null || echo absent)) cannot be opened by uid $uid, and pasta needs it" >&2
    exit 1
  fi
  rootless_holder # a holder started now ended any uplink left by the one before
  exec 6>>"$rootless_state/uplink.lock"
  flock 6 # one uplink, also when two are asked for at once
  if pid=$(rootless_uplink_pid); then
    echo "nsh: rootless: the holder's network namespace has an uplink already (pasta pid $pid)"
    return 0
  fi
  local runas=()
  [ "$uid" = 0 ] && runas=(--runas 0:0) # else pasta, started as root, would become nobody
  rm -f "$rootless_state/uplink.pid"
  # Forks to the background once the tap is made and configured; -P names the process that stays.
  if ! pasta --config-net -t none -u none -T none -U none "${runas[@]}" -q -P "$rootless_state/uplink.pid" "$holder_pid" \
      </dev/null >/dev/null 2>"$rootless_state/uplink.err" 6>&- 9>&-; then
    err=$(grep -v 'to syslog' "$rootless_state/uplink.err" | tail -n 1 || true) # none selected: pasta said nothing
    echo "nsh: rootless: pasta could not make the uplink: ${err:-it failed and said nothing}" >&2
    exit 1
  fi
  if ! { read -r pid <"$rootless_state/uplink.pid" && [ -n "$pid" ]; } 2>/dev/null; then
    # unknown to the state, it would outlive --rootless-stop's record: end the pasta it left in the holder
    local p
    for p in $(rootless_members); do [ "$(cat "/proc/$p/comm" 2>/dev/null)" = pasta ] && kill "$p" 2>/dev/null; done
    echo "nsh: rootless: pasta started but wrote no pid to $rootless_state/uplink.pid; ended it" >&2
    exit 1
  fi
  echo "$pid $(rootless_start_time "$pid") $(cat /proc/sys/kernel/random/boot_id)" >"$rootless_state/uplink.tmp" \
    && mv -f "$rootless_state/uplink.tmp" "$rootless_state/uplink"
  rm -f "$rootless_state/uplink.pid"
  echo "nsh: rootless: uplink through pasta (pid $pid): the holder's network namespace reaches the outside network"
}

# After --clean: a holder that keeps nothing any more (no named namespace, no lab state file, no
# nsh holding the lock, no process but itself in its user namespace) is ended too, so that a
# user's idle holder goes away. Anything it cannot tell counts as in use.
rootless_stop_if_idle() {
  rootless_find || return 0
  local netns
  exec 7>>"$rootless_state/start.lock" 8>>"$rootless_state/lock"
  flock 7
  flock -n -x 8 || { exec 7>&- 8>&-; return 0; }
  [ -z "$(ls -A "$rootless_state/labs" 2>/dev/null)" ] \
    && netns=$(nsenter -t "$holder_pid" -U -m -n --preserve-credentials -- ls -A /run/netns 2>/dev/null) && [ -z "$netns" ] \
    && [ "$(rootless_members | grep -vx "$(rootless_uplink_pid || echo none)")" = "$holder_pid" ] && rootless_stop
  exec 7>&- 8>&-
  return 0
}
