package dev.nsh.tc;

import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;
import dev.nsh.ns.Workers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * nsh's UDP test, as iperf3's {@code -u}: per stream a server socket made on the receiver's
 * namespace thread and a connected client socket on the sender's; a paced sender ({@link Pacer})
 * writes datagrams that begin as iperf3's do with {@code --udp-counters-64bit} (send time in
 * seconds and microseconds, 32 bits each, then a 64-bit sequence number from 1, all big-endian),
 * and the receiver counts what arrives. Lost are the sent datagrams that never arrived (a
 * duplicate is not counted twice); out of order, one that arrives after a higher number, as
 * iperf3 counts; jitter is RFC 3550's J += (|D| - J) / 16 over the transit times, as iperf3
 * computes it. The test ends when every datagram has arrived or none has for a while (at least
 * 0.3 s, three times the longest transit seen), so a delayed link's last ones still count.
 */
final class IperfUdp {
    private IperfUdp() {}

    static final int HEADER = 16;
    private static final long QUIET_NANOS = 300_000_000L, LONGEST_NANOS = 65_000_000_000L;
    /** Microseconds of the wall clock, read through nanoTime from one reading: cheap, and it never goes back during a test. */
    private static final long WALL_MICROS = System.currentTimeMillis() * 1000, NANO_BASE = System.nanoTime();

    static long micros(long nanoTime) {
        return WALL_MICROS + (nanoTime - NANO_BASE) / 1000;
    }

    /** iperf3's header: sec, usec, 64-bit sequence number. */
    static void stamp(ByteBuffer b, long seq, long micros) {
        b.putInt(0, (int) (micros / 1_000_000)).putInt(4, (int) (micros % 1_000_000)).putLong(8, seq);
    }

    static IperfResult run(Netns client, Netns server, Iperf.Spec spec) {
        Workers.requireRootThread("iperf");
        List<DatagramChannel> sockets = new ArrayList<>();
        List<Receiver> receivers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        String where = spec.to().getHostAddress();
        ProtocolFamily family = family(spec.to());
        try {
            List<DatagramChannel> clients = new ArrayList<>();
            for (int i = 0; i < spec.parallel(); i++) {
                int port = spec.port() == 0 ? 0 : spec.port() + i; // stream i takes the i-th port from port:
                DatagramChannel s = server.onThread(() -> DatagramChannel.open(family).bind(new InetSocketAddress(spec.to(), port)));
                sockets.add(s);
                DatagramChannel c = client.onThread(() -> DatagramChannel.open(family));
                sockets.add(c);
                clients.add(c);
                c.connect(s.getLocalAddress());
                Receiver r = new Receiver(s, spec.length(), failures);
                receivers.add(r);
                threads.add(Workers.start("nsh-iperf-udp-recv-" + i, r::run));
            }
            long start = System.nanoTime(), end = start + (long) (spec.seconds() * 1e9);
            Sender[] senders = new Sender[spec.parallel()];
            List<Thread> sending = new ArrayList<>();
            for (int i = 0; i < senders.length; i++) {
                senders[i] = new Sender(clients.get(i), spec.length(), Pacer.of(spec.rate(), start), end, failures);
                sending.add(Workers.start("nsh-iperf-udp-send-" + i, senders[i]::run));
            }
            threads.addAll(sending);
            for (Thread t : sending) t.join();
            long lastSent = start;
            for (Sender s : senders) lastSent = Math.max(lastSent, s.last);
            drain(senders, receivers, lastSent);
            for (DatagramChannel s : sockets) closeQuietly(s); // ends the receivers' receive()
            for (Thread t : threads) t.join();
            if (!failures.isEmpty()) throw new NshException("iperf -u to " + where + ": " + failures.get(0).getMessage(), failures.get(0));
            long sent = 0, sentBytes = 0, received = 0, receivedBytes = 0, outOfOrder = 0, lastArrival = 0;
            double jitter = 0;
            for (int i = 0; i < senders.length; i++) {
                Receiver r = receivers.get(i);
                sent += senders[i].seq;
                sentBytes += senders[i].bytes;
                received += r.distinct;
                receivedBytes += r.bytes;
                outOfOrder += r.outOfOrder;
                jitter += r.jitter / senders.length; // as iperf3's sum: the streams' mean
                lastArrival = Math.max(lastArrival, r.lastArrival);
            }
            return new IperfResult(client.name(), where, spec.parallel(), (lastSent - start) / 1e9, sentBytes,
                    (Math.max(lastArrival, lastSent) - start) / 1e9, receivedBytes, true, sent, sent, sent - received, outOfOrder, jitter);
        } catch (IOException e) {
            throw new NshException("iperf -u to " + where + " " + server.where() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NshException("iperf -u to " + where + ": interrupted", e);
        } finally {
            for (DatagramChannel s : sockets) closeQuietly(s);
            for (Thread t : threads) t.interrupt();
        }
    }

    /** AF_INET for an IPv4 address, as iperf3 opens it (the JDK's default is AF_INET6 with mapped addresses, whose buffers fill differently). */
    static ProtocolFamily family(java.net.InetAddress a) {
        return a instanceof java.net.Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /** Waits until every datagram sent has arrived, or none has for a while. */
    private static void drain(Sender[] senders, List<Receiver> receivers, long lastSent) throws InterruptedException {
        while (true) {
            boolean all = true;
            long last = lastSent, transit = 0;
            for (int i = 0; i < senders.length; i++) {
                Receiver r = receivers.get(i);
                all &= r.distinct >= senders[i].seq;
                last = Math.max(last, r.lastArrival);
                transit = Math.max(transit, r.longestTransit);
            }
            long now = System.nanoTime();
            if (all || now - last > Math.max(QUIET_NANOS, 3 * transit) || now - lastSent > LONGEST_NANOS) return;
            Thread.sleep(5);
        }
    }

    static final class Sender {
        private final DatagramChannel c;
        private final ByteBuffer b;
        private final Pacer pacer;
        private final long end;
        private final List<Throwable> failures;
        long seq, bytes, last;

        Sender(DatagramChannel c, int length, Pacer pacer, long end, List<Throwable> failures) {
            this.c = c;
            this.b = ByteBuffer.allocateDirect(length);
            this.pacer = pacer;
            this.end = end;
            this.failures = failures;
        }

        /**
         * Sends until {@code end}, each datagram when the pace allows and the socket is writable, as
         * iperf3's select() loop does: the kernel calls a UDP socket writable while less than half
         * its send buffer is queued, so a slower link holds the sender back (as it does iperf3)
         * rather than dropping what a full buffer would.
         */
        void run() {
            try (Selector writable = Selector.open()) {
                c.configureBlocking(false);
                c.register(writable, SelectionKey.OP_WRITE);
                while (pacer.await(bytes, end)) {
                    long now = System.nanoTime();
                    if (now >= end) break;
                    writable.selectedKeys().clear();
                    if (writable.selectNow() == 0 && writable.select(Math.max(1, (end - now) / 1_000_000)) == 0) continue;
                    stamp(b, seq + 1, micros(System.nanoTime()));
                    b.clear();
                    try {
                        int n = c.write(b);
                        if (n == 0) continue; // EAGAIN after all: try again
                        bytes += n;
                        seq++;
                    } catch (IOException e) {
                        if (!String.valueOf(e.getMessage()).contains("No buffer space")) throw e;
                        Thread.onSpinWait(); // ENOBUFS: the device queue is full; iperf3 too tries again
                    }
                }
            } catch (IOException e) {
                failures.add(e);
            }
            last = System.nanoTime();
        }
    }

    /** One stream's receiving end: what arrived, in iperf3's terms. */
    static final class Receiver {
        private final DatagramChannel c;
        private final ByteBuffer b;
        private final List<Throwable> failures;
        private final BitSet seen = new BitSet();
        private long highest;
        private double prevTransit = Double.NaN;
        volatile long distinct, lastArrival, longestTransit;
        long bytes, outOfOrder;
        double jitter;

        Receiver(DatagramChannel c, int length, List<Throwable> failures) {
            this.c = c;
            this.b = ByteBuffer.allocateDirect(Math.max(length, HEADER));
            this.failures = failures;
        }

        void run() {
            try {
                while (true) {
                    b.clear();
                    c.receive(b);
                    long now = System.nanoTime();
                    if (b.position() >= HEADER) arrive(b.getInt(0) & 0xffffffffL, b.getInt(4) & 0xffffffffL, b.getLong(8), b.position(), now);
                }
            } catch (ClosedChannelException e) {
                // the test is over
            } catch (IOException e) {
                failures.add(e);
            }
        }

        /** A datagram of {@code n} bytes, sent at {@code sec}.{@code usec}, arrived at {@code now}. */
        void arrive(long sec, long usec, long seq, int n, long now) {
            if (seq < 1 || seq > Integer.MAX_VALUE) return; // not ours: neither its bytes nor its timing count
            bytes += n;
            lastArrival = now;
            double transit = (micros(now) - (sec * 1_000_000 + usec)) / 1e6;
            longestTransit = Math.max(longestTransit, (long) (transit * 1e9));
            if (!Double.isNaN(prevTransit)) jitter += (Math.abs(transit - prevTransit) - jitter) / 16.0;
            prevTransit = transit;
            if (seen.get((int) seq)) return; // a duplicate
            seen.set((int) seq);
            distinct++;
            if (seq < highest) outOfOrder++;
            highest = Math.max(highest, seq);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing at the end; nothing waits for it
        }
    }
}
