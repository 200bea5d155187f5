package dev.nsh.proc;

import dev.nsh.ns.Shutdown;

import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A program running in the background in a namespace ({@code ns.spawn(...)}), a server say.
 * Its output is kept (the last MiB of each stream) and, unless quiet, printed as it comes.
 * {@link #stop()} sends SIGTERM to it and its children, then SIGKILL after a grace period.
 * Whatever an nsh session spawned is stopped when the JVM ends ({@link Shutdown}), unless it was
 * spawned with {@code detach}: then it writes straight to the terminal (nowhere if quiet), as a
 * shell's {@code cmd &}, and its output is not kept.
 *
 * <pre>
 * def web = ns("ns-1").spawn("python3", "-m", "http.server", "8000", quiet: true)
 * println web          // [4242] python3 -m http.server 8000 in ns-1: running since 10:02:03
 * web.pid; web.stdout; web.alive
 * web.stop()
 * </pre>
 */
public final class Background {
    private static final long GRACE_MILLIS = 3000;
    private static final Set<Background> LIVE = ConcurrentHashMap.newKeySet();
    static {
        Shutdown.register(Shutdown.Phase.PROGRAMS, Background::stopAll);
    }

    private final String namespace;
    private final List<String> command;
    private final Process process;
    private final OutputPump out, err;
    private final Instant started = Instant.now();
    private final long t0 = System.nanoTime();
    private volatile boolean stopped;

    private Background(String namespace, List<String> command, Process process, OutputPump out, OutputPump err) {
        this.namespace = namespace;
        this.command = command;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Background start(Netns ns, RunOptions o, List<String> cmd) {
        ProcessBuilder pb = Launch.builder(cmd, o);
        if (o.input() == null) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (o.detach()) {
            // It outlives nsh: a pipe to nsh would break (SIGPIPE) at its next write once nsh is gone.
            ProcessBuilder.Redirect to = o.quiet() ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT;
            pb.redirectOutput(to).redirectError(to);
        }
        Process p = Launch.start(ns, pb);
        OutputPump po = OutputPump.start(p, p.getInputStream(), o.quiet() ? null : System.out, Programs.SPAWN_LIMIT, "nsh-stdout-" + p.pid());
        OutputPump pe = OutputPump.start(p, p.getErrorStream(), o.quiet() ? null : System.err, Programs.SPAWN_LIMIT, "nsh-stderr-" + p.pid());
        if (o.input() != null) OutputPump.feed(p.getOutputStream(), o.input());
        Background b = new Background(ns.name(), cmd, p, po, pe);
        if (!o.detach()) LIVE.add(b);
        return b;
    }

    public long pid() {
        return process.pid();
    }

    public String namespace() {
        return namespace;
    }

    public List<String> command() {
        return command;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status (128 + N if killed by signal N), null while it runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Standard output so far. */
    public String stdout() {
        return out.text();
    }

    public String stderr() {
        return err.text();
    }

    /** Standard output and error so far, one after the other. */
    public String output() {
        return out.text() + err.text();
    }

    /** Waits at most {@code seconds} for it to end; true if it has. */
    public boolean waitFor(double seconds) {
        try {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            boolean done = process.waitFor((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
            // its output pumps get what is left of the time, 0.1 to 1 s (a child that keeps the pipes open costs no more)
            if (done) finish(Math.max(100, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for it to end; returns the exit status. */
    public int waitFor() {
        try {
            int code = process.waitFor();
            finish(1000);
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NshException(namespace + ": interrupted while waiting for " + ProcessResult.commandLine(command));
        }
    }

    /** SIGTERM to it and its children; SIGKILL after 3 s to what is left. Returns its exit status. */
    public int stop() {
        return stop(GRACE_MILLIS / 1000.0);
    }

    public int stop(double graceSeconds) {
        stopped = true;
        LIVE.remove(this);
        ProcessTree.stop(List.of(process.toHandle()), (long) (graceSeconds * 1000));
        return waitFor();
    }

    /** What it has left so far, as a result (exit status -1 while it runs). */
    public ProcessResult result() {
        Integer code = exitCode();
        return new ProcessResult(namespace, command, code == null ? -1 : code, stdout(), stderr(),
                Duration.ofNanos(System.nanoTime() - t0), false);
    }

    private void finish(long millis) throws InterruptedException {
        LIVE.remove(this);
        out.await(millis);
        err.await(millis);
    }

    /** {@code [4242] python3 -m http.server in ns-1: running since 10:02:03}. */
    @Override
    public String toString() {
        String state = process.isAlive() ? "running since " + started.toString().substring(11, 19)
                : (stopped ? "stopped, " : "") + "exited " + process.exitValue();
        return "[" + pid() + "] " + shortCommand() + " in " + namespace + ": " + state;
    }

    /** The command on one line, at most 80 characters. */
    private String shortCommand() {
        String c = ProcessResult.commandLine(command).replaceAll("\\s+", " ");
        return c.length() <= 80 ? c : c.substring(0, 77) + "...";
    }

    /** Stops every program this JVM spawned without {@code detach} (and not stopped yet); returns how many were running. */
    public static int stopAll() {
        List<Background> all = List.copyOf(LIVE);
        LIVE.removeAll(all);
        int running = (int) all.stream().filter(Background::isAlive).count();
        all.forEach(b -> b.stopped = true);
        ProcessTree.stop(all.stream().map(b -> b.process.toHandle()).toList(), 1000);
        return running;
    }
}
