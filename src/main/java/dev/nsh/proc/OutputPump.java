package dev.nsh.proc;

import dev.nsh.ns.Workers;

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
    private Thread thread;

    private OutputPump(int limit) {
        this.limit = limit;
    }

    /** Pumps {@code in}, an output stream of {@code process}, until the process has exited and it is drained. */
    static OutputPump start(Process process, InputStream in, PrintStream echo, int limit, String name) {
        OutputPump p = new OutputPump(limit);
        p.thread = Workers.start(name, () -> p.copy(process, in, echo));
        return p;
    }

    /** Writes {@code text} to the child's stdin and closes it, on a thread of its own (the child may never read). */
    static void feed(OutputStream stdin, String text) {
        Workers.start("nsh-input", () -> {
            try (stdin) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the child closed its stdin or ended
            }
        });
    }

    /**
     * Reads only what is available, polling: a read blocked in the JDK's pipe stream holds its
     * lock, and the reaper then waits for that lock (to drain and close the pipe at the program's
     * exit) until whoever else holds the pipe, a child left in the background, closes it. So the
     * output ends, deterministically, when the program exits; what was written until then is kept.
     */
    private void copy(Process process, InputStream in, PrintStream echo) {
        byte[] b = new byte[8192];
        long idle = 1;
        try (in) {
            while (true) {
                boolean alive = process.isAlive(); // before available(): once dead, all it wrote is there
                int a = in.available();
                if (a > 0) {
                    int n = in.read(b, 0, Math.min(a, b.length));
                    if (n < 0) break;
                    keep(b, n, echo);
                    idle = 1;
                } else if (!alive) {
                    break;
                } else {
                    Thread.sleep(idle);
                    idle = Math.min(20, idle * 2);
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // the stream was closed
        }
    }

    private void keep(byte[] b, int n, PrintStream echo) {
        synchronized (kept) {
            if (kept.size() + n > limit) trim(n);
            kept.write(b, 0, n);
        }
        if (echo != null) {
            echo.write(b, 0, n);
            echo.flush();
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
