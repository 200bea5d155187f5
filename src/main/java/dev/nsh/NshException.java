package dev.nsh;

/**
 * The root of nsh's unchecked exceptions. Its message is one line meant for a person:
 * the operation, the object, the namespace, and what went wrong.
 */
public class NshException extends RuntimeException {
    public NshException(String message) {
        super(message);
    }

    public NshException(String message, Throwable cause) {
        super(message, cause);
    }
}
