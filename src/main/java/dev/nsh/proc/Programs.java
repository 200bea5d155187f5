package dev.nsh.proc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Sys;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs inside a namespace with the semantics of {@code ip netns exec}: the namespace's
 * network, its own /sys, /etc/netns/NAME over /etc ({@link ExecThread}). Output is copied to the
 * terminal as it comes and kept in the result. Arguments never pass through a shell; {@link #sh}
 * is the explicit shell form.
 *
 * <pre>
 * ProcessResult r = Programs.run(ns, RunOptions.of().timeout(5).check(true), "ip", "link");
 * Background server = Programs.spawn(ns, RunOptions.of(), "python3", "-m", "http.server");
 * </pre>
 */
public final class Programs {
    /** What a run keeps of each stream (it is all printed); a spawned program keeps less. */
    static final int RUN_LIMIT = 64 << 20, SPAWN_LIMIT = 1 << 20;

    private Programs() {}

    public static ProcessResult run(Netns ns, String... command) {
        return run(ns, RunOptions.of(), command);
    }

    /**
     * Runs {@code command} in {@code ns} and waits for it to exit. The output kept is what it (and
     * its children) wrote until then; a child left in the background does not hold the run up.
     */
    public static ProcessResult run(Netns ns, RunOptions o, String... command) {
        List<String> cmd = command == null ? List.of() : new ArrayList<>(List.of(command));
        Launch.checkCommand("run", cmd);
        return run(ns, o, List.copyOf(cmd));
    }

    /** Runs {@code commandLine} through {@code /bin/sh -c} in {@code ns}. */
    public static ProcessResult sh(Netns ns, RunOptions o, String commandLine) {
        if (commandLine == null || commandLine.isBlank()) throw new InvalidInputException("sh: no command line given");
        return run(ns, o, List.of("/bin/sh", "-c", commandLine));
    }

    /** Starts {@code command} in {@code ns} in the background (a server); see {@link Background}. */
    public static Background spawn(Netns ns, RunOptions o, String... command) {
        List<String> cmd = command == null ? List.of() : new ArrayList<>(List.of(command));
        Launch.checkCommand("spawn", cmd);
        return Background.start(ns, o, List.copyOf(cmd));
    }

    private static ProcessResult run(Netns ns, RunOptions o, List<String> cmd) {
        ProcessBuilder pb = Launch.builder(cmd, o);
        if (o.input() == null) pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        PrintStream out = o.quiet() ? null : System.out, err = o.quiet() ? null : System.err;
        long t0 = System.nanoTime();
        Process p = Launch.start(ns, pb);
        // Started here, on the caller's thread: never on a namespace thread.
        OutputPump po = OutputPump.start(p, p.getInputStream(), out, RUN_LIMIT, "nsh-stdout-" + p.pid());
        OutputPump pe = OutputPump.start(p, p.getErrorStream(), err, RUN_LIMIT, "nsh-stderr-" + p.pid());
        if (o.input() != null) OutputPump.feed(p.getOutputStream(), o.input());
        boolean timedOut = false;
        int code;
        try {
            timedOut = o.timeout() != null && !p.waitFor(o.timeout().toNanos() - (System.nanoTime() - t0), TimeUnit.NANOSECONDS);
            if (timedOut) ProcessTree.signal(p.toHandle(), Sys.SIGKILL);
            code = p.waitFor();
            // The pumps end once the program has exited and its output is drained (OutputPump).
            po.await(0);
            pe.await(0);
        } catch (InterruptedException ie) {
            ProcessTree.signal(p.toHandle(), Sys.SIGKILL);
            Thread.currentThread().interrupt();
            throw new NshException(ns.name() + ": " + ProcessResult.commandLine(cmd) + " interrupted; it and its children were killed");
        }
        ProcessResult r = new ProcessResult(ns.name(), cmd, code, po.text(), pe.text(), Duration.ofNanos(System.nanoTime() - t0), timedOut);
        if (timedOut) throw ProgramException.timedOut(r, seconds(o.timeout()));
        if (o.check() && code != 0) throw ProgramException.failed(r);
        return r;
    }

    /**
     * An interactive shell in {@code ns} on the terminal ($SHELL, else bash, else sh); returns its
     * exit status when it ends. NSH_NETNS names the namespace in its environment.
     */
    public static int shell(Netns ns) {
        List<String> cmd = List.of(shellProgram());
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("NSH_NETNS", ns.name());
        Process p = Launch.start(ns, pb);
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // Ctrl-C at the shell's prompt reaches nsh too (same process group): it is the shell's.
            }
        }
    }

    static String shellProgram() {
        String s = System.getenv("SHELL");
        if (s != null && !s.isBlank() && Files.isExecutable(Path.of(s))) return s;
        for (String c : new String[] {"/bin/bash", "/usr/bin/bash"}) if (new File(c).canExecute()) return c;
        return "/bin/sh";
    }

    static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }
}
