package dev.nsh.lab;

import java.io.PrintStream;

/**
 * A progress bar for a lab's build or teardown, on a terminal only (System.console() != null)
 * and only once the work has taken more than a second; redrawn in place with {@code \r}:
 * <pre>
 * building lab demo [##############----------------]  47/101
 * </pre>
 */
final class Progress {
    private static final long QUIET_NANOS = 1_000_000_000L, REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final String label;
    private final int total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private int done;
    private long lastDraw;
    private boolean drawn;

    private Progress(String label, int total, PrintStream out) {
        this.label = label;
        this.total = total;
        this.out = out;
    }

    /** A bar for {@code total} steps; silent when not on a terminal. */
    static Progress start(String label, int total) {
        return new Progress(label, total, System.console() != null ? System.err : null);
    }

    synchronized void step() {
        done++;
        if (out == null) return;
        long now = System.nanoTime();
        if (now - start < QUIET_NANOS || now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        draw();
    }

    /** Ends the bar: the last state and a newline, if it was ever drawn. */
    synchronized void finish() {
        if (out == null || !drawn) return;
        draw();
        out.println();
        out.flush();
    }

    private void draw() {
        int filled = total == 0 ? WIDTH : (int) ((long) Math.min(done, total) * WIDTH / total);
        String w = Integer.toString(total);
        out.print("\r" + label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format("%" + w.length() + "d/%s", Math.min(done, total), w));
        out.flush();
        drawn = true;
    }
}
