package dev.nsh.proc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Starts a child in a namespace: the ProcessBuilder is started on the namespace's exec thread
 * ({@link ExecThread}), so the child is born in its network and mount namespaces. Nothing else
 * runs there; the caller waits and reads the output on its own (root namespace) threads.
 * Failures to start read as one line: {@code ns-1: program not found: iptables}.
 */
final class Launch {
    private Launch() {}

    static void checkCommand(String method, List<String> command) {
        if (command == null || command.isEmpty() || command.get(0) == null || command.get(0).isEmpty()) {
            throw new InvalidInputException(method + ": no program given");
        }
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i) == null) throw new InvalidInputException(method + ": argument " + i + " of " + command.get(0) + " is null");
        }
    }

    /** A ProcessBuilder for {@code command} with the options' environment and directory. */
    static ProcessBuilder builder(List<String> command, RunOptions o) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        o.environment().forEach((k, v) -> {
            if (v == null) env.remove(k);
            else env.put(k, v);
        });
        if (o.directory() != null) pb.directory(new File(o.directory()));
        return pb;
    }

    static Process start(Netns ns, ProcessBuilder pb) {
        if (!ReaperGuard.install()) primeReaper();
        String program = pb.command().get(0);
        try {
            return ExecThread.of(ns).call(pb::start);
        } catch (NshException e) {
            if (e.getCause() instanceof IOException io) throw describe(ns, program, pb.directory(), io);
            throw e;
        }
    }

    /** The JDK says {@code Cannot run program "x" (in directory "d"): error=2, No such file or directory}. */
    private static NshException describe(Netns ns, String program, File dir, IOException io) {
        String m = String.valueOf(io.getMessage());
        int at = m.indexOf("error=");
        String why = at < 0 ? m : m.substring(m.indexOf(',', at) + 1).strip();
        if (dir != null && m.contains("(in directory")) {
            if (!dir.isDirectory()) return new NshException(ns.name() + ": cannot run " + program + ": no directory " + dir);
        }
        if (m.contains("error=2,")) return new NshException(ns.name() + ": program not found: " + program);
        return new NshException(ns.name() + ": cannot run " + program + ": " + why, io);
    }

    /**
     * Without the guard (no --add-opens): leaves an idle reaper thread, born here in the root
     * namespace, for the start on the exec thread to reuse rather than give birth to one there.
     */
    private static void primeReaper() {
        try {
            new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException | RuntimeException e) {
            // best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
