package dev.nsh.tc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.model.AddrInfo;
import dev.nsh.model.Names;
import dev.nsh.model.Options;
import dev.nsh.model.TcUnits;
import dev.nsh.ns.Netns;
import dev.nsh.ns.Workers;
import dev.nsh.ops.AddrOps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process throughput test, as iperf3 measures it, without a binary: the server socket is
 * opened on the receiving namespace's thread and the client sockets on the sender's, so each
 * belongs to its namespace; the bytes are moved by platform threads outside every namespace
 * (a socket stays in the namespace it was made in). {@code a.iperf(b, seconds: 5, parallel: 1,
 * to: "10.0.0.2", port: 5201)}; {@code to} defaults to b's first global IPv4 address. TCP unless
 * {@code udp: true} ({@link IperfUdp}: datagrams of {@code length} bytes at {@code rate}, 1 Mbit/s
 * unless given, as iperf3's); {@code rate: "10mbit"} paces TCP too (iperf3's -b: per stream). With
 * {@code iperf3: true} the server is an iperf3 one already running in b ({@link Iperf3Client}).
 */
public final class Iperf {
    private Iperf() {}

    public static final List<String> OPTIONS = List.of("seconds", "parallel", "to", "port", "udp", "rate", "length", "iperf3");
    /** iperf3's and other tools' names for nsh's options, for the hint. */
    private static final Map<String, String> ALIASES = Map.of("bandwidth", "rate", "bitrate", "rate", "b", "rate", "len", "length",
            "l", "length", "time", "seconds", "t", "seconds", "u", "udp", "P", "parallel");
    private static final int CHUNK = 128 * 1024;
    /** iperf3's default UDP rate (1 Mbit/s) and datagram size (1460, DEFAULT_UDP_BLKSIZE). */
    static final long UDP_RATE = 1_000_000;
    static final int UDP_LENGTH = 1460;
    /** iperf3's smallest UDP payload (MIN_UDP_BLOCKSIZE: its header with a 64-bit counter) and the largest IPv4 one. */
    static final int UDP_MIN = 16, UDP_MAX = 65507;

    /** One test: where to, how long, how many streams; {@code rate} 0 is as fast as it goes (TCP only). */
    public record Spec(InetAddress to, int port, double seconds, int parallel, boolean udp, long rate, int length) {}

    public static IperfResult run(Netns client, Netns server, Map<String, ?> opts) {
        Options.check("iperf", opts.keySet(), OPTIONS, ALIASES);
        double seconds = number(opts, "seconds", 5);
        if (!(seconds > 0 && seconds <= 3600)) throw new InvalidInputException("iperf(): seconds " + opts.get("seconds") + " is out of range; it must be more than 0 and at most 3600");
        double parallel = number(opts, "parallel", 1);
        if (parallel != Math.rint(parallel) || parallel < 1 || parallel > 128) {
            throw new InvalidInputException("iperf(): parallel " + opts.get("parallel") + " is not a whole number from 1 to 128");
        }
        double port = number(opts, "port", 0);
        if (port != Math.rint(port) || port < 0 || port > 65535) throw new InvalidInputException("iperf(): port " + opts.get("port") + " is not 0 to 65535");
        boolean udp = flag(opts, "udp");
        boolean iperf3 = flag(opts, "iperf3");
        long rate = opts.get("rate") == null ? (udp ? UDP_RATE : 0) : rate(opts.get("rate"));
        int length = udp ? UDP_LENGTH : CHUNK;
        if (opts.get("length") != null) {
            if (!udp) throw new InvalidInputException("iperf(): length is a UDP datagram's size, with udp: true; TCP writes " + CHUNK / 1024 + " KiB at a time");
            double l = number(opts, "length", UDP_LENGTH);
            if (l != Math.rint(l) || l < UDP_MIN || l > UDP_MAX) {
                throw new InvalidInputException("iperf(): length " + opts.get("length") + " is out of range; a UDP datagram carries "
                        + UDP_MIN + " (iperf3's header) to " + UDP_MAX + " bytes");
            }
            length = (int) l;
        }
        if (udp && !iperf3 && port > 0 && port + parallel - 1 > 65535) {
            throw new InvalidInputException("iperf(): port " + opts.get("port") + " and parallel " + opts.get("parallel")
                    + " go past 65535; each UDP stream takes the next port");
        }
        InetAddress to = opts.get("to") != null ? address(opts.get("to").toString()) : firstAddress(server);
        Spec spec = new Spec(to, port == 0 && iperf3 ? 5201 : (int) port, seconds, (int) parallel, udp, rate, length);
        if (iperf3) return Iperf3Client.run(client, spec);
        return udp ? IperfUdp.run(client, server, spec) : tcp(client, server, spec);
    }

    /** Whether {@code opts} ask for UDP, read as {@link #run} reads it (a lab prints it before the run). */
    public static boolean udp(Map<String, ?> opts) {
        return flag(opts, "udp");
    }

    private static boolean flag(Map<String, ?> opts, String key) {
        return Options.flag("iperf(): " + key, opts.get(key), false);
    }

    /** Bits/s in tc's units ("10mbit", "1gbit", a number of bits/s), more than 0. */
    private static long rate(Object v) {
        if (v instanceof Number n && !(n.doubleValue() > 0)) {
            throw new InvalidInputException("iperf(): rate " + v + " is not more than 0; a rate is bits/s, such as \"10mbit\"");
        }
        try {
            return TcUnits.rate("rate", v);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("iperf(): " + e.getMessage());
        }
    }

    private static double number(Map<String, ?> opts, String key, double dflt) {
        return Options.number("iperf(): " + key, opts.get(key), dflt);
    }

    private static InetAddress address(String s) {
        try {
            return dev.nsh.model.Cidr.parseAddress(s, s); // "1.2" is refused, not taken for 1.0.0.2
        } catch (InvalidInputException e) {
            throw new InvalidInputException("iperf(): to \"" + s + "\" is not an IP address");
        }
    }

    private static InetAddress firstAddress(Netns server) {
        for (AddrInfo a : AddrOps.list(server)) {
            if (a.isIPv4() && !a.address().isLoopbackAddress()) return a.address();
        }
        throw new InvalidInputException("iperf(): " + server.name() + " has no IPv4 address to connect to; give one with to:");
    }

    /** The TCP test itself: {@code parallel} streams for {@code seconds}, as fast as they go. */
    public static IperfResult tcp(Netns client, Netns server, InetAddress to, int port, double seconds, int parallel) {
        return tcp(client, server, new Spec(to, port, seconds, parallel, false, 0, CHUNK));
    }

    /** The TCP test of {@code spec}: each stream paced to {@code spec.rate()} when it is more than 0. */
    static IperfResult tcp(Netns client, Netns server, Spec spec) {
        Workers.requireRootThread("iperf");
        InetAddress to = spec.to();
        int port = spec.port(), parallel = spec.parallel();
        double seconds = spec.seconds();
        ServerSocketChannel listener = server.onThread(() -> {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(new InetSocketAddress(to, port), parallel);
            return s;
        });
        List<SocketChannel> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong received = new AtomicLong(), sent = new AtomicLong(), lastByte = new AtomicLong(), lastSent = new AtomicLong();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            int boundPort = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            for (int i = 0; i < parallel; i++) {
                SocketChannel c = client.onThread(SocketChannel::open);
                clients.add(c);
                c.connect(new InetSocketAddress(to, boundPort));
                SocketChannel accepted = listener.accept();
                threads.add(Workers.start("nsh-iperf-recv-" + i, () -> receive(accepted, received, lastByte, failures)));
            }
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            for (int i = 0; i < parallel; i++) {
                SocketChannel c = clients.get(i);
                Pacer pacer = Pacer.of(spec.rate(), start);
                threads.add(Workers.start("nsh-iperf-send-" + i, () -> send(c, end, pacer, sent, lastSent, failures)));
            }
            for (Thread t : threads) t.join();
            if (!failures.isEmpty()) throw new NshException("iperf to " + to + ": " + failures.get(0).getMessage(), failures.get(0));
            return new IperfResult(client.name(), to.getHostAddress(), parallel, (lastSent.get() - start) / 1e9, sent.get(),
                    (Math.max(lastByte.get(), lastSent.get()) - start) / 1e9, received.get());
        } catch (IOException e) {
            throw new NshException("iperf to " + to.getHostAddress() + " " + server.where() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NshException("iperf to " + to.getHostAddress() + ": interrupted", e);
        } finally {
            for (SocketChannel c : clients) closeQuietly(c);
            closeQuietly(listener);
            for (Thread t : threads) t.interrupt();
        }
    }

    private static void send(SocketChannel c, long end, Pacer pacer, AtomicLong sent, AtomicLong lastSent, List<Throwable> failures) {
        try {
            pacer.write(c, CHUNK, end, sent::addAndGet);
            lastSent.accumulateAndGet(System.nanoTime(), Math::max);
            c.shutdownOutput();
        } catch (IOException e) {
            failures.add(e);
        }
    }

    private static void receive(SocketChannel c, AtomicLong received, AtomicLong lastByte, List<Throwable> failures) {
        ByteBuffer b = ByteBuffer.allocateDirect(CHUNK);
        try (c) {
            for (int n; (n = c.read(b)) >= 0; b.clear()) {
                received.addAndGet(n);
                lastByte.accumulateAndGet(System.nanoTime(), Math::max);
            }
        } catch (IOException e) {
            failures.add(e);
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
