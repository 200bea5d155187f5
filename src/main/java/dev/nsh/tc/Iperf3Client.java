package dev.nsh.tc;

import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;
import dev.nsh.ns.Workers;
import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * nsh's test against an iperf3 server ({@code iperf3 -s}), in iperf3's own protocol (iperf_api.c):
 * a control connection carries a 37-byte cookie, one-byte states and length-prefixed JSON (the
 * test's parameters, then each side's results); TCP data connections carry the cookie and then
 * the bytes; a UDP stream says hello (iperf_udp.c) and then sends {@link IperfUdp}'s datagrams,
 * whose header is iperf3's with {@code udp_counters_64bit}. The server's results give the bytes
 * it received and, for UDP, the datagrams it counted, lost and its jitter. Sockets are made on the client's
 * namespace thread; platform threads outside every namespace move the bytes.
 */
final class Iperf3Client {
    private Iperf3Client() {}

    /** iperf3's states (iperf_api.h). */
    private static final int TEST_START = 1, TEST_RUNNING = 2, TEST_END = 4, PARAM_EXCHANGE = 9, CREATE_STREAMS = 10,
            EXCHANGE_RESULTS = 13, DISPLAY_RESULTS = 14, IPERF_DONE = 16, ACCESS_DENIED = -1, SERVER_ERROR = -2;
    /** iperf.h: a UDP stream's first datagram and the server's answer (and an older server's). */
    private static final int UDP_CONNECT_MSG = 0x36373839, UDP_CONNECT_REPLY = 0x39383736, LEGACY_UDP_CONNECT_REPLY = 987654321;
    private static final String COOKIE_CHARS = "abcdefghijklmnopqrstuvwxyz234567";
    private static final int LEN = 128 * 1024;

    static IperfResult run(Netns client, Iperf.Spec spec) {
        Workers.requireRootThread("iperf3 client");
        int parallel = spec.parallel();
        InetSocketAddress server = new InetSocketAddress(spec.to(), spec.port());
        String where = "iperf3 server " + spec.to().getHostAddress() + ":" + spec.port();
        List<java.nio.channels.ByteChannel> data = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        try (SocketChannel control = client.onThread(SocketChannel::open)) {
            control.connect(server);
            byte[] cookie = cookie();
            write(control, cookie);
            expect(control, PARAM_EXCHANGE, where);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put(spec.udp() ? "udp" : "tcp", true);
            params.put("omit", 0);
            params.put("time", (int) Math.ceil(spec.seconds()));
            params.put("num", 0);
            params.put("blockcount", 0);
            params.put("parallel", parallel);
            params.put("len", spec.udp() ? spec.length() : LEN);
            if (spec.rate() > 0) params.put("bandwidth", spec.rate());
            params.put("pacing_timer", 1000);
            if (spec.udp()) params.put("udp_counters_64bit", 1); // the header IperfUdp writes
            params.put("client_version", "3.12");
            writeJson(control, params);
            expect(control, CREATE_STREAMS, where);
            for (int i = 0; i < parallel; i++) {
                if (spec.udp()) {
                    DatagramChannel d = client.onThread(() -> DatagramChannel.open(IperfUdp.family(spec.to())));
                    data.add(d);
                    d.connect(server);
                    udpHello(d, where);
                } else {
                    SocketChannel d = client.onThread(SocketChannel::open);
                    data.add(d);
                    d.connect(server);
                    write(d, cookie);
                }
            }
            expect(control, TEST_START, where);
            expect(control, TEST_RUNNING, where);
            long start = System.nanoTime(), end = start + (long) (spec.seconds() * 1e9);
            long[] sent = new long[parallel];
            long[] datagrams = new long[parallel];
            AtomicLong lastSent = new AtomicLong(start);
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < parallel; i++) {
                int k = i;
                Pacer pacer = Pacer.of(spec.rate(), start);
                Runnable task;
                if (spec.udp()) {
                    IperfUdp.Sender u = new IperfUdp.Sender((DatagramChannel) data.get(i), spec.length(), pacer, end, failures);
                    task = () -> {
                        u.run();
                        sent[k] = u.bytes;
                        datagrams[k] = u.seq;
                        lastSent.accumulateAndGet(u.last, Math::max);
                    };
                } else {
                    SocketChannel d = (SocketChannel) data.get(i);
                    task = () -> sent[k] = send(d, end, pacer, lastSent);
                }
                senders.add(Workers.start("nsh-iperf3-send-" + i, task));
            }
            for (Thread t : senders) t.join();
            if (!failures.isEmpty()) throw new NshException("iperf to " + where + ": " + failures.get(0).getMessage(), failures.get(0));
            double took = (lastSent.get() - start) / 1e9;
            write(control, new byte[] {TEST_END});
            expect(control, EXCHANGE_RESULTS, where);
            List<Map<String, Object>> streams = new ArrayList<>();
            long total = 0, totalDatagrams = 0;
            for (int i = 0; i < parallel; i++) {
                total += sent[i];
                totalDatagrams += datagrams[i];
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("id", i == 0 ? 1 : i + 2); // as iperf_add_stream numbers them: 1, 3, 4, 5 ...
                s.put("bytes", sent[i]);
                s.put("retransmits", -1);
                s.put("jitter", 0);
                s.put("errors", 0);
                s.put("omitted_errors", 0);
                s.put("packets", datagrams[i]);
                s.put("omitted_packets", 0);
                s.put("start_time", 0);
                s.put("end_time", took);
                streams.add(s);
            }
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("cpu_util_total", 0);
            results.put("cpu_util_user", 0);
            results.put("cpu_util_system", 0);
            results.put("sender_has_retransmits", 0);
            results.put("streams", streams);
            writeJson(control, results);
            Map<?, ?> theirs = readJson(control, where);
            long received = 0, lost = 0, counted = 0;
            double receiverSeconds = took, jitter = 0;
            for (Object o : (List<?>) theirs.get("streams")) {
                Map<?, ?> s = (Map<?, ?>) o;
                received += ((Number) s.get("bytes")).longValue();
                receiverSeconds = ((Number) s.get("end_time")).doubleValue();
                lost += ((Number) s.get("errors")).longValue();
                counted += ((Number) s.get("packets")).longValue();
                jitter += ((Number) s.get("jitter")).doubleValue() / parallel; // as iperf3's sum: the streams' mean
            }
            expect(control, DISPLAY_RESULTS, where);
            write(control, new byte[] {IPERF_DONE});
            if (!spec.udp()) return new IperfResult(client.name(), spec.to().getHostAddress(), parallel, took, total, receiverSeconds, received);
            // iperf3 does not send its out-of-order count: 0 here
            return new IperfResult(client.name(), spec.to().getHostAddress(), parallel, took, total, receiverSeconds, received, true,
                    totalDatagrams, counted, lost, 0, jitter);
        } catch (IOException e) {
            throw new NshException("iperf to " + where + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NshException("iperf to " + where + ": interrupted", e);
        } finally {
            for (java.nio.channels.ByteChannel d : data) {
                try {
                    d.close();
                } catch (IOException ignored) {
                    // the test is over; nothing waits for it
                }
            }
        }
    }

    /**
     * iperf_udp_connect: a datagram tells the server the stream's address, and it answers when it
     * has connected a socket to it; both are an unsigned int in the host's byte order.
     */
    private static void udpHello(DatagramChannel d, String where) throws IOException {
        d.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, UDP_CONNECT_MSG));
        java.net.DatagramSocket s = d.socket();
        s.setSoTimeout(10_000);
        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[4], 4);
        try {
            s.receive(p);
        } catch (java.net.SocketTimeoutException e) {
            throw new NshException("iperf -u to " + where + ": no answer to the stream's first datagram in 10 s");
        }
        int reply = ByteBuffer.wrap(p.getData()).order(ByteOrder.nativeOrder()).getInt();
        if (p.getLength() != 4 || reply != UDP_CONNECT_REPLY && reply != LEGACY_UDP_CONNECT_REPLY) {
            throw new NshException("iperf -u to " + where + ": the server answered the stream's first datagram with " + Integer.toHexString(reply));
        }
    }

    private static long send(SocketChannel c, long end, Pacer pacer, AtomicLong lastSent) {
        AtomicLong n = new AtomicLong();
        try {
            pacer.write(c, LEN, end, n::addAndGet);
        } catch (IOException e) {
            // the server ended the test: what was written counts
        }
        lastSent.accumulateAndGet(System.nanoTime(), Math::max);
        return n.get();
    }

    private static byte[] cookie() {
        SecureRandom r = new SecureRandom();
        byte[] c = new byte[37];
        for (int i = 0; i < 36; i++) c[i] = (byte) COOKIE_CHARS.charAt(r.nextInt(COOKIE_CHARS.length()));
        return c;
    }

    private static void expect(SocketChannel c, int state, String where) throws IOException {
        int got = read(c, 1).get(0);
        if (got == state) return;
        String why = got == ACCESS_DENIED ? "the server is busy (ACCESS_DENIED)" : got == SERVER_ERROR ? "the server failed (SERVER_ERROR)"
                : "state " + got + " where " + state + " was due";
        throw new NshException("iperf to " + where + ": " + why);
    }

    private static void writeJson(SocketChannel c, Map<String, Object> json) throws IOException {
        byte[] text = JsonOutput.toJson(json).getBytes(StandardCharsets.UTF_8);
        write(c, ByteBuffer.allocate(4).putInt(text.length).array());
        write(c, text);
    }

    private static Map<?, ?> readJson(SocketChannel c, String where) throws IOException {
        int len = read(c, 4).getInt(0);
        if (len < 0 || len > 1 << 20) throw new NshException("iperf to " + where + ": results of " + len + " bytes");
        return (Map<?, ?>) new JsonSlurper().parseText(new String(read(c, len).array(), StandardCharsets.UTF_8));
    }

    private static void write(SocketChannel c, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) c.write(buf);
    }

    private static ByteBuffer read(SocketChannel c, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) throw new IOException("the server closed the connection");
        }
        return b.flip();
    }
}
