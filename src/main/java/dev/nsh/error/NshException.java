package dev.nsh.error;

/**
 * The root of nsh's unchecked exceptions. Its message is one line meant for a person: the
 * operation, the object, the namespace, and what went wrong. The kinds callers tell apart have
 * types of their own: {@link InvalidInputException} (refused before anything changed),
 * {@link KernelException} (the kernel said no: errno and the object), {@link TimedOutException}
 * (an operation ran out of time) and {@link NamespaceGoneException} (a namespace nsh held was
 * deleted behind its back).
 */
public class NshException extends RuntimeException {
    public NshException(String message) {
        super(message);
    }

    public NshException(String message, Throwable cause) {
        super(message, cause);
    }
}
