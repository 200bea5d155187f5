package dev.nsh.bench;

import dev.nsh.packet.filter.*;
import dev.nsh.model.Cidr;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.packet.capture.Capture;
import dev.nsh.packet.capture.CaptureOptions;
import dev.nsh.packet.capture.CaptureStats;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4's capture figure: nsh's {@link Capture} and tcpdump on the same interface, on the same
 * traffic, at the same time. Two namespaces, a veth between them (10.0.0.10/16 on cva in A,
 * 10.0.0.20/16 on cvb in B, both up); then, each round, both captures started (quiet: nothing
 * printed per packet; tcpdump writes to /dev/null) and traffic sent as fast as it goes:
 * <ul>
 *   <li>{@code flood}: {@code ip netns exec A ping -f -c N/2 10.0.0.20}; both capture "icmp" on cvb
 *       in B, which carries N packets (requests in, replies out);</li>
 *   <li>{@code udp}: N datagrams of 64 bytes from a UDP socket opened in A (on its namespace thread,
 *       sent from this one) to a socket bound in B; both capture "udp" on cva in A, where every
 *       datagram is seen as it leaves (before the peer's backlog could drop any).</li>
 * </ul>
 * Each capture is given count N; it ends at N packets, or 3 s after the traffic ended. For each
 * tool it prints packets captured, received by filter, dropped by kernel (tcpdump's own figures,
 * from its stderr; nsh's from PACKET_STATISTICS) and packets per second = captured / seconds from
 * the start of the traffic until the tool had its last packet. It asserts nothing and deletes its
 * namespaces.
 *
 * <pre>
 *   java -cp target/nsh.jar dev.nsh.bench.CaptureBenchmark [packets=120000] [flood|udp|both] [rounds=2]
 * </pre>
 *
 * Lines starting with {@code SENT} (traffic, round, packets, seconds, packets per second, device)
 * and {@code RESULT} (traffic, round, tool, expected, captured, received by filter, dropped by
 * kernel, seconds, packets per second) are read by bench/packet.sh.
 */
public final class CaptureBenchmark {
    private static final Pattern CAPTURED = Pattern.compile("(\\d+) packets? captured");
    private static final Pattern RECEIVED = Pattern.compile("(\\d+) packets? received by filter");
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    /**
     * -Dnsh.bench.immediate=true runs tcpdump with --immediate-mode. By default libpcap hands
     * tcpdump a TPACKET_V3 block when it is full or after 1000 ms, so tcpdump's last packets (and
     * its exit) wait up to a second after the traffic: its "seconds" are then a bound, not a rate.
     */
    private static final boolean IMMEDIATE = Boolean.getBoolean("nsh.bench.immediate");

    private CaptureBenchmark() {}

    public static void main(String[] args) throws Exception {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 120_000;
        String modes = args.length > 1 ? args[1] : "both";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        if (packets < 2 || rounds < 1 || !List.of("flood", "udp", "both").contains(modes)) {
            System.err.println("usage: CaptureBenchmark [packets >= 2] [flood|udp|both] [rounds >= 1]");
            System.exit(2);
        }
        try (VethBed bed = new VethBed("pk" + ProcessHandle.current().pid() + "-c", "cva", "cvb")) {
            Netns a = bed.a, b = bed.b;
            String an = bed.nameA, bn = bed.nameB;
            // Warm-up, not counted: ARP, class loading, JIT of the capture's reader.
            round("flood", 0, Math.min(packets, 4000), a, b, an, bn, false);
            round("udp", 0, Math.min(packets, 20000), a, b, an, bn, false);
            for (int r = 1; r <= rounds; r++) {
                if (!modes.equals("udp")) round("flood", r, packets, a, b, an, bn, true);
                if (!modes.equals("flood")) round("udp", r, packets, a, b, an, bn, true);
            }
        }
    }

    private static void round(String traffic, int round, int packets, Netns a, Netns b, String an, String bn, boolean report)
            throws Exception {
        boolean flood = traffic.equals("flood");
        int expected = flood ? packets / 2 * 2 : packets;
        Netns ns = flood ? b : a;
        String nsName = flood ? bn : an, dev = flood ? "cvb" : "cva", filter = flood ? "icmp" : "udp";

        DatagramChannel receiver = null;
        if (!flood) {
            receiver = b.onThread(DatagramChannel::open);
            receiver.bind(new InetSocketAddress("10.0.0.20", 9999));
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", nsName, "tcpdump", "-i", dev, "-n", "-w", "/dev/null",
                "-c", Integer.toString(expected)));
        if (IMMEDIATE) cmd.add("--immediate-mode");
        cmd.add(filter);
        Process tcpdump = new ProcessBuilder(cmd).start();
        tcpdump.getInputStream().close();
        BufferedReader err = new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(), StandardCharsets.UTF_8));
        String first = err.readLine(); // "tcpdump: listening on cvb, ..." once its socket is bound
        if (first == null || !first.contains("listening on")) {
            throw new IllegalStateException("tcpdump did not start: " + first + " (exit " + tcpdump.waitFor() + ")");
        }
        CompletableFuture<String> tcpdumpErr = CompletableFuture.supplyAsync(() -> {
            StringBuilder s = new StringBuilder();
            try {
                for (String l; (l = err.readLine()) != null; ) s.append(l).append('\n');
            } catch (java.io.IOException e) {
                s.append(e);
            }
            return s.toString();
        });
        Capture capture = Capture.start(ns, dev, CaptureOptions.filter(filter).count(expected), null);

        long t0 = System.nanoTime();
        long nshDone = -1, tcpdumpDone = -1;
        CompletableFuture<Long> tcpdumpEnd = tcpdump.onExit().thenApply(p -> System.nanoTime());
        try {
            if (flood) {
                Process ping = new ProcessBuilder("ip", "netns", "exec", an, "ping", "-f", "-q", "-c", Integer.toString(expected / 2),
                        "10.0.0.20").redirectErrorStream(true).start();
                byte[] out = ping.getInputStream().readAllBytes();
                if (ping.waitFor() != 0) System.err.println("ping -f: " + new String(out, StandardCharsets.UTF_8));
            } else {
                try (DatagramChannel ch = a.onThread(DatagramChannel::open)) {
                    ch.connect(new InetSocketAddress("10.0.0.20", 9999));
                    ByteBuffer d = ByteBuffer.allocate(64);
                    for (int i = 0; i < expected; i++) {
                        d.clear();
                        d.putInt(0, i);
                        ch.write(d);
                    }
                }
            }
            long t1 = System.nanoTime();
            Duration grace = Duration.ofSeconds(3);
            capture.await(expected, grace);
            nshDone = System.nanoTime();
            try {
                tcpdumpDone = tcpdumpEnd.get(Math.max(100, grace.toMillis() - (nshDone - t1) / 1_000_000), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                interrupt(tcpdump); // it fell short of the count: SIGINT, and it prints its figures
            }
            if (report) {
                System.out.printf(Locale.ROOT, "SENT %s %d %d %.3f %.0f %s%n", traffic, round, expected, (t1 - t0) / 1e9,
                        expected / ((t1 - t0) / 1e9), dev);
            }
        } finally {
            CaptureStats st = capture.stop();
            if (tcpdump.isAlive()) interrupt(tcpdump);
            if (!tcpdump.waitFor(5, TimeUnit.SECONDS)) tcpdump.destroyForcibly();
            if (tcpdumpDone < 0) tcpdumpDone = System.nanoTime();
            if (receiver != null) receiver.close();
            String text = tcpdumpErr.get(5, TimeUnit.SECONDS);
            if (report && figure(CAPTURED, text) < 0) System.err.println("tcpdump printed no figures (exit " + tcpdump.exitValue() + "):\n" + text);
            if (report) {
                long nshLast = st.captured() >= expected ? nshDone : lastPacketNanos(capture, t0);
                result(traffic, round, "nsh", expected, st.captured(), st.receivedByFilter(), st.droppedByKernel(), nshLast - t0);
                result(traffic, round, "tcpdump", expected, figure(CAPTURED, text), figure(RECEIVED, text), figure(DROPPED, text),
                        tcpdumpDone - t0);
            }
        }
    }

    /**
     * SIGINT to tcpdump (ip netns exec execs it: same pid). Not Process.destroy, which also closes
     * the pipes and so loses the figures tcpdump prints on its way out.
     */
    private static void interrupt(Process p) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor(); // it may just have ended
    }

    /** When the capture fell short: the time of its last packet, on the clock of {@code t0}. */
    private static long lastPacketNanos(Capture c, long t0) {
        var p = c.packets();
        if (p.isEmpty()) return t0;
        long ageNanos = Duration.between(p.get(p.size() - 1).time(), java.time.Instant.now()).toNanos();
        return System.nanoTime() - ageNanos;
    }

    private static long figure(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void result(String traffic, int round, String tool, long expected, long captured, long received, long dropped, long nanos) {
        double s = nanos / 1e9;
        System.out.printf(Locale.ROOT, "RESULT %s %d %s %d %d %d %d %.3f %.0f%n", traffic, round, tool, expected, captured, received,
                dropped, s, captured / s);
    }
}
