package dev.nsh.proc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies one output stream of a child to the terminal as it comes (unless quiet) and keeps it,
 * the last {@code limit} bytes of it. Its thread is started by the caller, in the root namespace,
 * never by a namespace thread.
 */
final class OutputPump {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private final Thread thread;

    private OutputPump(InputStream in, PrintStream echo, int limit, String name) {
        this.limit = limit;
        thread = new Thread(() -> copy(in, echo), name);
        thread.setDaemon(true);
    }

    static OutputPump start(InputStream in, PrintStream echo, int limit, String name) {
        OutputPump p = new OutputPump(in, echo, limit, name);
        p.thread.start();
        return p;
    }

    /** Writes {@code text} to the child's stdin and closes it, on a thread of its own (the child may never read). */
    static void feed(OutputStream stdin, String text) {
        Thread t = new Thread(() -> {
            try (stdin) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the child closed its stdin or ended
            }
        }, "nsh-input");
        t.setDaemon(true);
        t.start();
    }

    private void copy(InputStream in, PrintStream echo) {
        byte[] b = new byte[8192];
        try (in) {
            for (int n; (n = in.read(b)) > 0; ) {
                synchronized (kept) {
                    if (kept.size() + n > limit) trim(n);
                    kept.write(b, 0, n);
                }
                if (echo != null) {
                    echo.write(b, 0, n);
                    echo.flush();
                }
            }
        } catch (IOException ignored) {
            // the child closed its end
        }
    }

    /** Keeps the newest half of the limit (a long-running server's output cannot fill the heap). */
    private void trim(int incoming) {
        byte[] all = kept.toByteArray();
        int keep = Math.max(0, Math.min(all.length, limit / 2 - incoming));
        kept.reset();
        kept.write(all, all.length - keep, keep);
    }

    /** Waits for the end of the stream, at most {@code millis} (0: for ever); true if it ended. */
    boolean await(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    String text() {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
