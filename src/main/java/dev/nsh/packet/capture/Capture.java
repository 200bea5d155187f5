package dev.nsh.packet.capture;

import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;
import dev.nsh.ns.Workers;
import dev.nsh.ops.LinkOps;
import dev.nsh.packet.*;
import dev.nsh.packet.filter.*;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * tcpdump without a tcpdump binary: a packet socket on one interface of a namespace, its filter
 * compiled by {@link Filter}, read by a background platform thread, each packet printed as
 * tcpdump -nn prints it and kept (and written to a pcap file if asked). On {@code "any"} it
 * captures on every interface of the namespace as {@code tcpdump -i any}: Linux cooked packets
 * (LINUX_SLL2), each line naming its interface and direction.
 * <pre>
 *   try (Capture c = Capture.start(ns, "veth0", CaptureOptions.filter("icmp"), System.out)) {
 *       ... traffic ...
 *       c.await(5, Duration.ofSeconds(3));
 *   }                                    // close() = stop(): prints "5 packets captured" ...
 * </pre>
 * The reader thread is started by the caller's thread ({@link Workers}), which must not be a
 * namespace thread: a thread born there would live in that namespace.
 */
public final class Capture implements AutoCloseable {
    /** The device that means every interface of the namespace, as tcpdump -i any. */
    public static final String ANY = "any";

    private final Netns ns;
    private final String dev;
    private final boolean any;
    private final java.util.Map<Integer, String> names = new java.util.HashMap<>();
    private final CaptureOptions opts;
    private final PrintStream out;
    private final PacketSocket socket;
    private final PcapWriter pcap;
    private final PacketText text = new PacketText();
    private final ArrayDeque<CapturedPacket> packets = new ArrayDeque<>();
    private long captured, forgotten, keptBytes;
    private Thread reader;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private CaptureStats stats;

    private Capture(Netns ns, String dev, CaptureOptions opts, PrintStream out) {
        this.ns = ns;
        this.dev = dev;
        this.any = dev.equals(ANY);
        this.opts = opts;
        this.out = out;
        Filter filter = Filter.compile(opts.filter(), opts.snaplen(), any ? LinkLayer.COOKED_SOCKET : LinkLayer.ETHERNET);
        this.socket = PacketSocket.open(ns, dev, filter.program(), opts.snaplen());
        try {
            this.pcap = opts.pcap() == null ? null
                    : new PcapWriter(opts.pcap(), opts.snaplen(), any ? Sll2.LINKTYPE_LINUX_SLL2 : PcapWriter.LINKTYPE_ETHERNET);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Starts capturing on {@code dev} in {@code ns}; packets are printed to {@code out} (null: not printed). */
    public static Capture start(Netns ns, String dev, CaptureOptions opts, PrintStream out) {
        Workers.requireRootThread("capture on " + dev); // before the socket is opened
        Capture c = new Capture(ns, dev, opts, out);
        c.print("listening on " + dev + ", link-type " + (c.any ? "LINUX_SLL2 (Linux cooked v2)" : "EN10MB (Ethernet)") + ", snapshot length "
                + opts.snaplen() + " bytes");
        c.reader = Workers.start("nsh-capture-" + dev, c::read);
        return c;
    }

    /**
     * Captures until {@code opts.count()} packets or {@code opts.timeout()} (or an interrupt of
     * the caller), then stops and prints the summary; returns the stopped capture.
     */
    public static Capture run(Netns ns, String dev, CaptureOptions opts, PrintStream out) {
        Capture c = start(ns, dev, opts, out);
        try {
            c.await(opts.count() == 0 ? Integer.MAX_VALUE : opts.count(), opts.timeout());
        } finally {
            c.stop();
        }
        return c;
    }

    /**
     * Waits until {@code count} packets were captured, the timeout (null: none) passed, the
     * capture ended, or the caller was interrupted (the flag stays set). True if the count was reached.
     */
    public boolean await(int count, Duration timeout) {
        long end = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        synchronized (packets) {
            while (captured < count && reader.isAlive()) {
                long left = end - System.nanoTime();
                if (left <= 0) return false;
                try {
                    packets.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return captured >= count;
        }
    }

    /** The packets captured so far, the newest {@code keep} of them (CaptureOptions.keep). */
    public List<CapturedPacket> packets() {
        synchronized (packets) {
            return List.copyOf(packets);
        }
    }

    /** How many packets were captured in all, kept or not. */
    public long captured() {
        synchronized (packets) {
            return captured;
        }
    }

    /** How many older packets were let go from memory to keep the newest {@code keep} (0 unless it ran long). */
    public long forgotten() {
        synchronized (packets) {
            return forgotten;
        }
    }

    /**
     * Stops the reader, reads the kernel's counters, closes the socket and the pcap file, and
     * prints tcpdump's summary. Idempotent; returns the same figures each time.
     */
    public synchronized CaptureStats stop() {
        if (stats != null) return stats;
        stopping = true;
        boolean interrupted = Thread.interrupted();
        try {
            reader.join();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            long[] kernel = socket.statistics();
            stats = new CaptureStats(captured(), kernel[0], kernel[1]);
        } finally {
            socket.close();
            if (pcap != null) pcap.close();
            if (interrupted) Thread.currentThread().interrupt();
        }
        if (out != null) {
            out.print("\n" + stats);
            long f = forgotten();
            if (f > 0) {
                out.println(f + (f == 1 ? " packet" : " packets") + " not kept in memory (keep: " + opts.keep() + " packets, at most "
                        + (CaptureOptions.KEEP_BYTES >> 20) + " MiB; packets() has the newest)");
            }
            out.flush();
        }
        if (failure != null) throw new NshException("capture on " + dev + " failed: " + failure.getMessage(), failure);
        return stats;
    }

    /** The summary, once stopped; null while running. */
    public synchronized CaptureStats stats() {
        return stats;
    }

    @Override
    public void close() {
        stop();
    }

    /** "capture on veth-2: 3 packets, running" (or stopped). */
    @Override
    public synchronized String toString() {
        long n = captured();
        return "capture on " + dev + ": " + n + (n == 1 ? " packet, " : " packets, ") + (stats == null ? "running (.stop() ends it)" : "stopped");
    }

    private void read() {
        try {
            while (!stopping) {
                if (opts.count() > 0 && captured() >= opts.count()) break;
                if (!socket.waitReadable(Poll.SLICE_MILLIS)) continue;
                for (MessageReader m; !stopping && (m = socket.receive()) != null; ) {
                    take(m);
                    if (opts.count() > 0 && captured() >= opts.count()) break;
                }
                // Waiters are woken once the socket is drained, not for every packet: on two cores a
                // wake-up a packet made the reader lose the CPU a packet, and the kernel drop.
                synchronized (packets) {
                    packets.notifyAll();
                }
            }
        } catch (Throwable t) {
            failure = t; // thrown by stop(); said at once too, as the capture ends here
            System.err.println("nsh: capture on " + dev + " stopped: " + t);
        } finally {
            synchronized (packets) {
                packets.notifyAll();
            }
        }
    }

    private void take(MessageReader m) {
        long nanos = m.kernelTimeNanos();
        Instant time = nanos > 0 ? Instant.ofEpochSecond(0, nanos) : Instant.now();
        byte[] data = m.data(), sll = m.name();
        boolean outgoing = sll.length > 10 && sll[10] == PacketSocket.PACKET_OUTGOING;
        CapturedPacket p;
        if (any && sll.length >= Sll2.LENGTH) {
            // Loopback hands each packet to packet sockets twice, going out and coming in: libpcap keeps the second.
            if (outgoing && Sll2.isLoopback(sll)) return;
            byte[] frame = Sll2.frame(sll, data);
            if (frame.length > opts.snaplen()) frame = java.util.Arrays.copyOf(frame, opts.snaplen());
            int length = m.length() + Sll2.LENGTH;
            String name = name(Sll2.ifindex(frame));
            p = new CapturedPacket(time, length, frame, outgoing, text.cookedLine(name, frame, length), name, true);
        } else {
            int length = m.length();
            if (m.vlanTag() >= 0 && data.length >= 12) { // put back where libpcap puts it, after the MACs
                data = withTag(data, m.vlanTag());
                if (data.length > opts.snaplen()) data = java.util.Arrays.copyOf(data, opts.snaplen());
                length += 4;
            }
            p = new CapturedPacket(time, length, data, outgoing, text.line(data, length));
        }
        if (pcap != null) pcap.write(p);
        synchronized (packets) {
            captured++;
            packets.addLast(p);
            keptBytes += p.data().length;
            while (!packets.isEmpty() && (packets.size() > opts.keep() || keptBytes > CaptureOptions.KEEP_BYTES)) {
                keptBytes -= packets.removeFirst().data().length;
                forgotten++;
            }
        }
        print(p.toString());
    }

    /** {@code frame} with a VLAN tag (TPID and TCI in {@code tag}) after its two MAC addresses. */
    static byte[] withTag(byte[] frame, long tag) {
        byte[] out = new byte[frame.length + 4];
        System.arraycopy(frame, 0, out, 0, 12);
        out[12] = (byte) (tag >>> 24);
        out[13] = (byte) (tag >>> 16);
        out[14] = (byte) (tag >>> 8);
        out[15] = (byte) tag;
        System.arraycopy(frame, 12, out, 16, frame.length - 12);
        return out;
    }

    /** The name of interface {@code ifindex}, asked of the kernel once (tcpdump asks if_indextoname each time). */
    private String name(int ifindex) {
        return names.computeIfAbsent(ifindex, i -> LinkOps.nameOf(ns, i));
    }

    private void print(String line) {
        if (out == null) return;
        out.println(line);
        out.flush();
    }
}
