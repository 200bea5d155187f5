package dev.nsh.proc;

import dev.nsh.InvalidInputException;
import dev.nsh.NshException;
import dev.nsh.ns.Netns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Runs programs inside a namespace, a first version of {@code ip netns exec}: the child is
 * started from the namespace's thread and so inherits its network namespace. Output is copied to
 * the terminal as it comes and kept in the result. Arguments never pass through a shell.
 */
public final class Programs {
    private Programs() {}

    public static ProcessResult run(Netns ns, String... command) {
        if (command == null || command.length == 0 || command[0] == null || command[0].isEmpty()) {
            throw new InvalidInputException("run: no program given");
        }
        List<String> cmd = List.of(command);
        if (!ReaperGuard.install()) primeReaper();
        long t0 = System.nanoTime();
        Process p;
        try {
            p = ns.onThread(() -> new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start());
        } catch (NshException e) {
            if (e.getCause() instanceof IOException io && String.valueOf(io.getMessage()).contains("error=2,")) {
                throw new NshException(ns.name() + ": program not found: " + command[0]);
            }
            throw new NshException(ns.name() + ": cannot run " + command[0] + ": " + e.getMessage(), e);
        }
        // The pumps are started here, on the caller's (root) thread, never on the namespace thread.
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out, System.out), e = pump(p.getErrorStream(), err, System.err);
        try {
            int code = p.waitFor();
            o.join();
            e.join();
            return new ProcessResult(cmd, code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (InterruptedException ie) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NshException(ns.name() + ": " + command[0] + " interrupted");
        }
    }

    /**
     * Starts a program in the background in {@code ns} (output inherited from nsh, input none) and
     * returns at once; the caller ends it. Labs use it for their processes.
     */
    public static Process start(Netns ns, String... command) {
        if (command == null || command.length == 0 || command[0] == null || command[0].isEmpty()) {
            throw new InvalidInputException("start: no program given");
        }
        List<String> cmd = List.of(command);
        if (!ReaperGuard.install()) primeReaper();
        try {
            return ns.onThread(() -> new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (NshException e) {
            if (e.getCause() instanceof IOException io && String.valueOf(io.getMessage()).contains("error=2,")) {
                throw new NshException(ns.name() + ": program not found: " + command[0]);
            }
            throw new NshException(ns.name() + ": cannot run " + command[0] + ": " + e.getMessage(), e);
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream keep, PrintStream echo) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[8192];
            try (in) {
                for (int n; (n = in.read(b)) > 0; ) {
                    keep.write(b, 0, n);
                    echo.write(b, 0, n);
                    echo.flush();
                }
            } catch (IOException ignored) {
                // the child closed its end
            }
        }, "nsh-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Leaves an idle reaper thread, born in the root namespace, for the next process start to reuse. */
    private static void primeReaper() {
        try {
            Process p = new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.onExit().join();
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }
}
