package dev.nsh.proc;

import java.time.Duration;
import java.util.List;

/** What a program run in a namespace left: its exit status, output and time. */
public record ProcessResult(List<String> command, int exitCode, String stdout, String stderr, Duration duration)
        implements dev.nsh.Printed {
    public boolean ok() {
        return exitCode == 0;
    }

    /** The program's standard output, so {@code println ns.run("ss", "-tln")} shows it. */
    @Override
    public String toString() {
        return stdout.stripTrailing();
    }
}
