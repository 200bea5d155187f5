package dev.nsh.tc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * A sender's pace, as iperf3's {@code -b}: after {@code n} bytes it waits until {@code n * 8 / rate}
 * seconds from the start have passed, so a late wake-up is made up by sending the next ones at
 * once and the average holds. {@link #NONE} never waits.
 */
final class Pacer {
    static final Pacer NONE = new Pacer(0, 0);

    private final long rateBits;
    private final long start;

    Pacer(long rateBits, long startNanos) {
        this.rateBits = rateBits;
        this.start = startNanos;
    }

    static Pacer of(long rateBits, long startNanos) {
        return rateBits > 0 ? new Pacer(rateBits, startNanos) : NONE;
    }

    /** Waits until {@code bytes} more may be sent after {@code sentBytes}, but not past {@code end}; false when interrupted. */
    boolean await(long sentBytes, long end) {
        if (rateBits == 0) return true;
        long due = start + (long) (sentBytes * 8 * 1e9 / rateBits);
        for (long now; (now = System.nanoTime()) < due && now < end; ) {
            LockSupport.parkNanos(Math.min(due, end) - now);
            if (Thread.currentThread().isInterrupted()) return false;
        }
        return true;
    }

    /** The bytes the pace allows in {@code seconds}. */
    long bytesPer(double seconds) {
        return (long) (rateBits / 8.0 * seconds);
    }

    boolean paced() {
        return rateBits > 0;
    }

    /**
     * Writes to {@code c} until {@code end} (nanoTime) or an interrupt: flat out in writes of
     * {@code max} bytes, or paced, 10 ms of the rate a write (a segment at least); each write's
     * count goes to {@code wrote} as it is made. Returns the bytes written.
     */
    long write(SocketChannel c, int max, long end, LongConsumer wrote) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(max);
        int size = paced() ? (int) Math.min(max, Math.max(1448, bytesPer(0.01))) : max;
        long n = 0;
        while (System.nanoTime() < end && await(n, end) && System.nanoTime() < end) {
            b.clear().limit(size);
            int w = c.write(b);
            n += w;
            wrote.accept(w);
        }
        return n;
    }
}
