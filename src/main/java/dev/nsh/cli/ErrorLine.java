package dev.nsh.cli;

import dev.nsh.error.NshException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/** One line for a failed evaluation: where in the user's script, then the message. */
final class ErrorLine {
    private ErrorLine() {}

    /** "walk.groovy:12: create veth veth-1 in ns-1: ..."; {@code sourceName} is the name Groovy compiled under. */
    static String of(Throwable t, String sourceName, String shownName) {
        int line = -1;
        for (Throwable c = t; c != null && line < 0; c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                if (sourceName.equals(e.getFileName()) && e.getLineNumber() > 0) {
                    line = e.getLineNumber();
                    break;
                }
            }
        }
        return (line > 0 ? shownName + ":" + line + ": " : shownName + ": ") + message(t);
    }

    static String message(Throwable t) {
        Throwable root = t;
        // Groovy wraps some exceptions (InvokerInvocationException); show the domain one.
        while (!(root instanceof NshException) && root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (!(root instanceof NshException)) root = t;
        String m = root.getMessage();
        if (root instanceof NshException) return m;
        if (root instanceof groovy.lang.MissingMethodException mm) return MethodHint.of(mm);
        if (root instanceof InterruptedException) return "interrupted";
        if (root instanceof MultipleCompilationErrorsException mc) {
            SyntaxException s = syntax(mc);
            return s != null ? "syntax error at line " + s.getLine() + ", column " + s.getStartColumn() + ": " + s.getOriginalMessage()
                    : firstMessage(mc);
        }
        if (root instanceof groovy.lang.MissingPropertyException mp) return "unknown name \"" + mp.getProperty() + "\"";
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    /** A script's compile error after its name: "walk.groovy:12:5: unexpected input", or "walk.groovy: unable to resolve class X". */
    static String compileError(String shownName, MultipleCompilationErrorsException e) {
        SyntaxException s = syntax(e);
        return s != null ? shownName + ":" + s.getLine() + ":" + s.getStartColumn() + ": " + s.getOriginalMessage()
                : shownName + ": " + firstMessage(e);
    }

    private static SyntaxException syntax(MultipleCompilationErrorsException e) {
        return e.getErrorCollector().getErrors().get(0) instanceof SyntaxErrorMessage s ? s.getCause() : null;
    }

    /** Groovy's first line is its header ("startup failed:"), the second names the error. */
    private static String firstMessage(MultipleCompilationErrorsException e) {
        return e.getMessage().lines().skip(1).findFirst().orElse(e.getMessage());
    }
}
