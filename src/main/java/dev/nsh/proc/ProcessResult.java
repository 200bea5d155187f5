package dev.nsh.proc;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a program run in a namespace left: its exit status (128 + N when killed by signal N, as
 * shells say), output, time, and whether nsh killed it for running past its timeout.
 */
public record ProcessResult(String namespace, List<String> command, int exitCode, String stdout, String stderr,
                            Duration duration, boolean timedOut) implements dev.nsh.model.Printed {
    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** The command as a shell would read it back: {@code sh -c 'echo a; b'}. */
    public String commandLine() {
        return commandLine(command);
    }

    static String commandLine(List<String> command) {
        return command.stream().map(ProcessResult::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_./:=@%+,-]+")) return arg;
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The program's standard output, so {@code println ns.run("ss", "-tln")} shows it. */
    @Override
    public String toString() {
        return stdout.stripTrailing();
    }
}
