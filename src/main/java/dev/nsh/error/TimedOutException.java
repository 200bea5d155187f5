package dev.nsh.error;

/**
 * An operation that did not finish in the time it had: the kernel did not answer, or a namespace's
 * thread did not take the work. Names the operation and the namespace, so a hang becomes one line:
 * {@code list links in ns-1: no reply from the kernel within 30 s}.
 */
public class TimedOutException extends NshException {
    private final String operation;
    private final String namespace;

    public TimedOutException(String message, String operation, String namespace) {
        super(message);
        this.operation = operation;
        this.namespace = namespace;
    }

    public String operation() {
        return operation;
    }

    /** The namespace's name, or null. */
    public String namespace() {
        return namespace;
    }
}
