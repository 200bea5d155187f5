package dev.nsh.tc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.model.AddrInfo;
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
 * An in-process TCP throughput test, as iperf3 measures it, without a binary: the server socket is
 * opened on the receiving namespace's thread and the client sockets on the sender's, so each
 * belongs to its namespace; the bytes are moved by platform threads outside every namespace
 * (a socket stays in the namespace it was made in). {@code a.iperf(b, seconds: 5, parallel: 1,
 * to: "10.0.0.2", port: 5201)}; {@code to} defaults to b's first global IPv4 address. With
 * {@code iperf3: true} the server is an iperf3 one already running in b ({@link Iperf3Client}).
 */
public final class Iperf {
    private Iperf() {}

    public static final List<String> OPTIONS = List.of("seconds", "parallel", "to", "port", "iperf3");
    private static final int CHUNK = 128 * 1024;

    public static IperfResult run(Netns client, Netns server, Map<String, ?> opts) {
        for (String k : opts.keySet()) {
            if (!OPTIONS.contains(k)) {
                String hint = k.equals("udp") || k.equals("rate") ? " (UDP and a target rate are not there yet)" : "";
                throw new InvalidInputException("iperf(): unknown option \"" + k + "\"" + hint + "; it takes " + String.join(", ", OPTIONS));
            }
        }
        double seconds = number(opts, "seconds", 5);
        if (!(seconds > 0 && seconds <= 3600)) throw new InvalidInputException("iperf(): seconds " + opts.get("seconds") + " is out of range; it must be more than 0 and at most 3600");
        double parallel = number(opts, "parallel", 1);
        if (parallel != Math.rint(parallel) || parallel < 1 || parallel > 128) {
            throw new InvalidInputException("iperf(): parallel " + opts.get("parallel") + " is not a whole number from 1 to 128");
        }
        double port = number(opts, "port", 0);
        if (port != Math.rint(port) || port < 0 || port > 65535) throw new InvalidInputException("iperf(): port " + opts.get("port") + " is not 0 to 65535");
        InetAddress to = opts.get("to") != null ? address(opts.get("to").toString()) : firstAddress(server);
        Object iperf3 = opts.get("iperf3");
        if (iperf3 != null && !(iperf3 instanceof Boolean)) throw new InvalidInputException("iperf(): iperf3 " + iperf3 + " is not true or false");
        if (Boolean.TRUE.equals(iperf3)) return Iperf3Client.run(client, to, port == 0 ? 5201 : (int) port, seconds, (int) parallel);
        return tcp(client, server, to, (int) port, seconds, (int) parallel);
    }

    private static double number(Map<String, ?> opts, String key, double dflt) {
        Object v = opts.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("iperf(): " + key + " \"" + v + "\" is not a number");
        }
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

    /** The test itself: {@code parallel} streams for {@code seconds}. */
    public static IperfResult tcp(Netns client, Netns server, InetAddress to, int port, double seconds, int parallel) {
        Workers.requireRootThread("iperf");
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
                threads.add(Workers.start("nsh-iperf-send-" + i, () -> send(c, end, sent, lastSent, failures)));
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

    private static void send(SocketChannel c, long end, AtomicLong sent, AtomicLong lastSent, List<Throwable> failures) {
        ByteBuffer b = ByteBuffer.allocateDirect(CHUNK);
        try {
            while (System.nanoTime() < end) {
                b.clear();
                sent.addAndGet(c.write(b));
            }
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
