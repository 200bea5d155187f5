package dev.nsh.proc;

import dev.nsh.error.NshException;

/**
 * A program that failed as asked to be checked ({@code check: true}) or ran past its timeout:
 * names the namespace, the command and the status; {@link #result()} has its output.
 */
public final class ProgramException extends NshException {
    private final ProcessResult result;

    ProgramException(String message, ProcessResult result) {
        super(message);
        this.result = result;
    }

    public ProcessResult result() {
        return result;
    }

    /** {@code ns-1: ls /nope exited with status 2: ls: cannot access '/nope': No such file or directory}. */
    static ProgramException failed(ProcessResult r) {
        String err = r.stderr().strip();
        String last = err.isEmpty() ? "" : ": " + err.lines().reduce((a, b) -> b).orElse("");
        return new ProgramException(r.namespace() + ": " + r.commandLine() + " exited with status " + r.exitCode() + last, r);
    }

    static ProgramException timedOut(ProcessResult r, String timeout) {
        return new ProgramException(r.namespace() + ": " + r.commandLine() + " ran past its timeout of " + timeout
                + "; it and its children were killed", r);
    }
}
