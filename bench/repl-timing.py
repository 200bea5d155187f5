#!/usr/bin/env python3
"""Times nsh's REPL on a real pseudo-terminal, as a person meets it: from start to the first
prompt, and, after a one-second pause (someone typing), from Enter on `6*7` to its result.
Prints the medians of RUNS runs (default 7), in milliseconds.  Usage: bench/repl-timing.py [RUNS [NSH_JAVA]]"""
import fcntl, os, pty, select, struct, sys, tempfile, termios, time

NSH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "nsh")


def read_until(fd, buf, needle, limit=20.0):
    end = time.monotonic() + limit
    while needle not in buf:
        if not select.select([fd], [], [], max(0.0, end - time.monotonic()))[0]:
            raise SystemExit(f"no {needle!r} within {limit} s; the terminal shows {buf[-200:]!r}")
        buf += os.read(fd, 4096)
    return buf


def once(env):
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(env)
        os.execv(NSH, ["nsh"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    buf = read_until(fd, b"", b"nsh>")
    prompt = time.monotonic() - t0
    time.sleep(1.0)
    t1 = time.monotonic()
    os.write(fd, b"6*7\r")
    read_until(fd, buf, b"42\r\n")
    first_line = time.monotonic() - t1
    os.write(fd, b"/exit\r")
    try:
        while os.read(fd, 4096):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)
    return prompt * 1000, first_line * 1000


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as home:  # so no history of the user's is touched
        env = {"HOME": home}
        if len(sys.argv) > 2:
            env["NSH_JAVA"] = sys.argv[2]
        results = [once(env) for _ in range(runs)]
    median = lambda xs: sorted(xs)[len(xs) // 2]
    print(f"{median([r[0] for r in results]):.0f} {median([r[1] for r in results]):.0f}")


if __name__ == "__main__":
    main()
