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
        super(oneLine(message));
    }

    public NshException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * The message on one line, whatever the input it quotes: a newline, tab, NUL or other control
     * character is written as its escape ({@code \n}, {@code \t}, {@code \0}, {@code \u001b}).
     */
    static String oneLine(String message) {
        if (message == null) return null;
        StringBuilder s = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                if (s != null) s.append(c);
                continue;
            }
            if (s == null) s = new StringBuilder(message.substring(0, i));
            s.append(switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case 0 -> "\\0";
                default -> String.format("\\u%04x", (int) c);
            });
        }
        return s == null ? message : s.toString();
    }
}
