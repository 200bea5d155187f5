package dev.nsh.error;

/**
 * A namespace nsh held was deleted (or replaced) outside nsh, by {@code ip netns del} say. nsh
 * does not go on configuring the invisible old namespace: the call fails with
 * {@code namespace X was deleted outside nsh}, and {@code ns("X")} makes or opens the new one.
 */
public class NamespaceGoneException extends NshException {
    private final String namespace;

    public NamespaceGoneException(String namespace, String message) {
        super(message);
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }
}
