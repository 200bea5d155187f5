package dev.nsh.packet.ping;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.KernelException;
import dev.nsh.packet.*;
import dev.nsh.testing.Iputils;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Wait;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

@NeedsRoot
@org.junit.jupiter.api.extension.ExtendWith(Leftovers.class)
class PingTest {
    private static final Pattern REPLY = Pattern.compile("64 bytes from 10\\.0\\.0\\.20: icmp_seq=\\d+ ttl=64 time=\\d+\\.\\d{1,3} ms");

    /** iputils' output with its measured times masked: what must be the same in nsh's, line for line. */
    private static String masked(String out) {
        return out.replaceAll("time=\\d+(\\.\\d+)? ms", "time=T ms").replaceAll("time \\d+ms", "time Tms")
                .replaceAll("= [\\d.]+/[\\d.]+/[\\d.]+/[\\d.]+ ms", "= T/T/T/T ms");
    }

    /** "ICMP echo request, id 4711, seq 3" lines of a tcpdump: id and seq of each. */
    private static List<String> echoes(List<String> tcpdump, String kind) {
        return tcpdump.stream().filter(l -> l.contains("ICMP echo " + kind + ","))
                .map(l -> l.replaceAll(".*ICMP echo " + kind + ", (id \\d+, seq \\d+),.*", "$1")).toList();
    }

    @Test
    void pingsAcrossAVethPair() {
        try (VethPair p = new VethPair("ping"); Tcpdump.Live peer = Tcpdump.start(p.b.name(), p.devB, "icmp")) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PingResult r = Ping.run(p.a, PingOptions.to("10.0.0.20").count(5).interval(0.2), new PrintStream(text, true));
            String[] lines = text.toString(StandardCharsets.UTF_8).split("\n");
            System.out.println(text.toString(StandardCharsets.UTF_8));
            assertEquals("PING 10.0.0.20 (10.0.0.20) 56(84) bytes of data.", lines[0]);
            for (int i = 1; i <= 5; i++) {
                assertTrue(REPLY.matcher(lines[i]).matches(), lines[i]);
                assertTrue(lines[i].contains("icmp_seq=" + i + " "), lines[i]);
            }
            assertEquals("", lines[6]);
            assertEquals("--- 10.0.0.20 ping statistics ---", lines[7]);
            assertTrue(lines[8].matches("5 packets transmitted, 5 received, 0% packet loss, time \\d+ms"), lines[8]);
            assertTrue(lines[9].matches("rtt min/avg/max/mdev = \\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3} ms"), lines[9]);
            assertEquals(10, lines.length);
            assertEquals(5, r.transmitted());
            assertEquals(5, r.received());
            assertEquals(0.0, r.lossPercent());
            assertEquals(5, r.replies().size());
            assertTrue(r.min() > 0 && r.min() <= r.avg() && r.avg() <= r.max(), r.toString());
            assertTrue(r.mdev() <= r.max() - r.min() + 0.001, r.toString());
            for (PingReply reply : r.replies()) {
                assertEquals(64, reply.bytes());
                assertEquals(64, reply.ttl());
                assertEquals("10.0.0.20", reply.from());
                assertFalse(reply.duplicate());
            }
            // The judge in the peer: five requests of one id, seq 1 to 5, each answered.
            List<String> seen = peer.lines(10);
            List<String> requests = echoes(seen, "request");
            assertEquals(5, requests.size(), String.join("\n", seen));
            String id = requests.get(0).substring(0, requests.get(0).indexOf(','));
            for (int i = 1; i <= 5; i++) assertEquals(id + ", seq " + i, requests.get(i - 1), String.join("\n", seen));
            assertEquals(requests, echoes(seen, "reply"), "every request answered");
            // iputils on the same path prints the same lines (but for the times it measured).
            Iputils.Result iputils = Iputils.ping(p.a.name(), "-c", "5", "-i", "0.2", "10.0.0.20");
            assertEquals(0, iputils.status(), iputils.out());
            assertEquals(masked(iputils.out()).strip(), masked(text.toString(StandardCharsets.UTF_8)).strip());
        }
    }

    @Test
    void anAddressNobodyHoldsLosesEverything() {
        try (VethPair p = new VethPair("loss")) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PingResult r = Ping.run(p.a, PingOptions.to("10.0.0.99").count(2).interval(0.2).timeout(1), new PrintStream(text, true));
            System.out.println(text.toString(StandardCharsets.UTF_8));
            assertEquals(2, r.transmitted());
            assertEquals(0, r.received());
            assertEquals(100.0, r.lossPercent());
            assertTrue(r.replies().isEmpty());
            assertTrue(r.summary().contains("2 packets transmitted, 0 received"), r.summary());
            assertTrue(r.summary().contains("100% packet loss"), r.summary());
            // nsh reports the ICMP errors iputils sees on the same path, and only those (here none:
            // a's loopback is down and -W 1 ends before the ARP timeout; see neighbourFailure... below).
            Iputils.Result iputils = Iputils.ping(p.a.name(), "-c", "2", "-i", "0.2", "-W", "1", "10.0.0.99");
            assertEquals(1, iputils.status(), iputils.out());
            assertEquals(0, iputils.received(), iputils.out());
            assertEquals(iputils.errors(), r.icmpErrors().stream().map(e -> "From " + e.from() + " icmp_seq=" + e.seq() + " " + e.message()).toList(),
                    iputils.out());
            assertEquals(r.icmpErrors().size(), r.errors());
        }
    }

    /**
     * An unanswered address on the subnet: after the ARP timeout (3 probes a second apart) the
     * kernel answers each queued request with its own ICMP host unreachable from a's address,
     * delivered to a over loopback, so only while lo is up (iputils reads it with IP_RECVERR; a
     * raw socket receives the ICMP itself). iputils judges the lines, the summary and the count.
     */
    @Test
    void neighbourFailureGivesDestinationHostUnreachableAsIputils() {
        try (VethPair p = new VethPair("nud")) {
            dev.nsh.ops.LinkOps.setUp(p.a, "lo", true);
            Iputils.Result iputils = Iputils.ping(p.a.name(), "-c", "5", "10.0.0.99");
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PingResult r = Ping.run(p.a, PingOptions.to("10.0.0.99").count(5), new PrintStream(text, true));
            String out = text.toString(StandardCharsets.UTF_8);
            System.out.println(iputils.out() + "\n" + out);
            assertEquals(1, iputils.status(), iputils.out());
            assertFalse(iputils.errors().isEmpty(), "iputils shows the neighbour failure: " + iputils.out());
            assertTrue(iputils.errors().stream().allMatch(l -> l.matches("From 10\\.0\\.0\\.10 icmp_seq=[1-5] Destination Host Unreachable")),
                    iputils.out());
            assertEquals(iputils.errors(), out.lines().filter(l -> l.startsWith("From ")).toList(), "nsh's lines beside iputils'");
            String summary = "5 packets transmitted, 0 received, +" + iputils.errors().size() + " errors, 100% packet loss, time ";
            assertTrue(iputils.out().contains(summary), iputils.out());
            assertTrue(out.contains(summary), out);
            assertEquals(iputils.errors().size(), r.errors());
            assertEquals(new PingError(1, "10.0.0.10", "Destination Host Unreachable"), r.icmpErrors().get(0));
        }
    }

    @Test
    void icmpErrorsArePrintedAsPingPrintsThem() {
        try (VethPair p = new VethPair("err")) {
            // b forwards; it has no route to 10.8.0.0/16 ("net unreachable") and one to 10.9.0.0/16 (so TTL 1 expires there).
            dev.nsh.ops.Sysctl.set(p.b, "net.ipv4.ip_forward", "1");
            dev.nsh.ops.Sysctl.set(p.b, "net.ipv4.icmp_ratelimit", "0"); // nsh's errors and iputils' all get through
            dev.nsh.ops.RouteOps.add(p.a, dev.nsh.ops.RouteOps.Spec.of("10.8.0.0/16", "10.0.0.20", null, 0));
            dev.nsh.ops.RouteOps.add(p.a, dev.nsh.ops.RouteOps.Spec.of("10.9.0.0/16", "10.0.0.20", null, 0));
            dev.nsh.ops.RouteOps.add(p.b, dev.nsh.ops.RouteOps.Spec.of("10.9.0.0/16", null, p.devB, 0));
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PingResult r = Ping.run(p.a, PingOptions.to("10.8.0.1").count(2).interval(0.05).timeout(1), new PrintStream(text, true));
            String out = text.toString(StandardCharsets.UTF_8);
            System.out.println(out);
            assertTrue(out.contains("From 10.0.0.20 icmp_seq=1 Destination Net Unreachable\n"), out);
            assertTrue(out.contains("2 packets transmitted, 0 received, +2 errors, 100% packet loss, time "), out);
            assertEquals(2, r.errors());
            assertEquals(new PingError(2, "10.0.0.20", "Destination Net Unreachable"), r.icmpErrors().get(1));

            assertEquals(Iputils.ping(p.a.name(), "-c", "2", "-i", "0.05", "-W", "1", "10.8.0.1").errors(),
                    out.lines().filter(l -> l.startsWith("From ")).toList(), "the error lines iputils prints on the same path");

            PingResult ttl = Ping.run(p.a, PingOptions.to("10.9.0.1").count(1).ttl(1).timeout(1), null);
            assertFalse(ttl.icmpErrors().isEmpty(), ttl.toString());
            assertEquals("Time to live exceeded", ttl.icmpErrors().get(0).message());
            assertEquals(List.of("From 10.0.0.20 icmp_seq=1 Time to live exceeded"),
                    Iputils.ping(p.a.name(), "-c", "1", "-t", "1", "-W", "1", "10.9.0.1").errors());
        }
    }

    @Test
    void sourceAndDeviceAppearInTheHeader() {
        try (VethPair p = new VethPair("src")) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            Ping.run(p.a, PingOptions.to("10.0.0.20").count(1).device(p.devA), new PrintStream(text, true));
            assertTrue(text.toString(StandardCharsets.UTF_8).startsWith("PING 10.0.0.20 (10.0.0.20) from 10.0.0.10 " + p.devA + ": 56(84) bytes of data.\n"));
            String iputilsHeader = Iputils.ping(p.a.name(), "-c", "1", "-I", p.devA, "10.0.0.20").out().lines().findFirst().orElse("");
            assertEquals(iputilsHeader, text.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(null));
            text.reset();
            PingResult r = Ping.run(p.a, PingOptions.to("fd00::20").count(1).source("fd00::10").size(100), new PrintStream(text, true));
            assertTrue(text.toString(StandardCharsets.UTF_8).startsWith("PING fd00::20 (fd00::20) from fd00::10 : 100 data bytes\n"), text.toString());
            assertEquals(108, r.replies().get(0).bytes());
        }
    }

    @Test
    void aBroadcastPingCountsTheSecondAnswerAsADuplicate() {
        try (VethPair p = new VethPair("bcast")) {
            // Both ends answer: the request is looped back to the sender too, which answers itself over lo.
            dev.nsh.ops.LinkOps.setUp(p.a, "lo", true);
            dev.nsh.ops.Sysctl.set(p.a, "net.ipv4.icmp_echo_ignore_broadcasts", "0");
            dev.nsh.ops.Sysctl.set(p.b, "net.ipv4.icmp_echo_ignore_broadcasts", "0");
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PingResult r = Ping.run(p.a, PingOptions.to("10.0.0.255").broadcast(true).count(2).interval(0.2), new PrintStream(text, true));
            String out = text.toString(StandardCharsets.UTF_8);
            System.out.println(out);
            assertTrue(out.startsWith("WARNING: pinging broadcast address\nPING 10.0.0.255 (10.0.0.255) 56(84) bytes of data.\n"), out);
            assertEquals(2, r.received(), out);
            assertEquals(2, r.duplicates(), out);
            assertTrue(out.contains("2 packets transmitted, 2 received, +2 duplicates, 0% packet loss"), out);
            assertEquals(java.util.Set.of("10.0.0.10", "10.0.0.20"), r.replies().stream().map(PingReply::from).collect(java.util.stream.Collectors.toSet()));
            assertEquals(2, r.replies().stream().filter(PingReply::duplicate).count());
        }
    }

    /** The deadline, not the count, ends it: three requests (at 0, 0.6 and 1.2 s, the last reply 0.3 s before it) of 1000, as the peer's tcpdump counts. */
    @Test
    void theDeadlineEndsALongPing() {
        try (VethPair p = new VethPair("dl"); Tcpdump.Live peer = Tcpdump.start(p.b.name(), p.devB, "icmp[icmptype] == icmp-echo")) {
            PingResult r = Ping.run(p.a, PingOptions.to("10.0.0.20").count(1000).interval(0.6).deadline(1.5), null);
            assertEquals(3, r.transmitted(), r.toString());
            assertEquals(3, r.received(), r.toString());
            assertFalse(r.interrupted());
            assertEquals(3, echoes(peer.lines(3), "request").size(), "echo requests on the wire");
        }
    }

    @Test
    void noRouteFailsAtOnceWithOneLine() {
        try (VethPair p = new VethPair("noroute")) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            var e = assertThrows(KernelException.class,
                    () -> Ping.run(p.a, PingOptions.to("192.0.2.1").count(1), new PrintStream(text, true)));
            assertEquals("ping 192.0.2.1 in " + p.a.name() + ": connect: Network is unreachable (ENETUNREACH)", e.getMessage());
            assertEquals("", text.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void badOptionsNameTheValueAndTheRule() {
        assertEquals("ping interval PT0.001S is too short; it must be at least 2 ms",
                assertThrows(InvalidInputException.class, () -> PingOptions.to("10.0.0.1").interval(0.001)).getMessage());
        assertEquals("ping ttl 0 is out of range; it must be 1 to 255",
                assertThrows(InvalidInputException.class, () -> PingOptions.to("10.0.0.1").ttl(0)).getMessage());
        assertEquals("ping size 70000 is out of range; it must be 0 to 65507 data bytes",
                assertThrows(InvalidInputException.class, () -> PingOptions.to("10.0.0.1").size(70000)).getMessage());
    }

    @Test
    void summaryFiguresFollowIputilsArithmetic() {
        PingStatistics s = new PingStatistics();
        s.transmitted = 3;
        s.received = 2;
        s.timed(45);
        s.timed(60);
        assertEquals("--- t ping statistics ---\n3 packets transmitted, 2 received, 33.3333% packet loss, time 2003ms\n"
                + "rtt min/avg/max/mdev = 0.045/0.052/0.060/0.007 ms\n", s.summary("t", 2003, true));
        assertEquals("0.045", PingStatistics.replyTime(45));
        assertEquals("1.23", PingStatistics.replyTime(1234));
        assertEquals("12.3", PingStatistics.replyTime(12345));
        assertEquals("123", PingStatistics.replyTime(123456));
    }

    @Test
    void pingsOverIPv6() {
        try (VethPair p = new VethPair("ping6")) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PingResult r = Ping.run(p.a, PingOptions.to("fd00::20").count(3).interval(0.2), new PrintStream(text, true));
            String out = text.toString(StandardCharsets.UTF_8);
            System.out.println(out);
            assertTrue(out.startsWith("PING fd00::20 (fd00::20) 56 data bytes\n"), out);
            assertTrue(out.contains("64 bytes from fd00::20: icmp_seq=1 ttl=64 time="), out);
            assertEquals(3, r.received());
            assertEquals(64, r.replies().get(0).ttl(), "hop limit from IPV6_HOPLIMIT");

            String linkLocal = dev.nsh.ops.AddrOps.list(p.b).stream().filter(x -> x.address().isLinkLocalAddress())
                    .map(x -> dev.nsh.model.Addresses.text(x.address())).findFirst().orElseThrow();
            text.reset();
            PingResult ll = Ping.run(p.a, PingOptions.to(linkLocal + "%" + p.devA).count(1), new PrintStream(text, true));
            String llOut = text.toString(StandardCharsets.UTF_8);
            assertTrue(llOut.startsWith("PING " + linkLocal + "%" + p.devA + " (" + linkLocal + "%" + p.devA + ") 56 data bytes\n"), llOut);
            assertTrue(llOut.contains("64 bytes from " + linkLocal + "%" + p.devA + ": icmp_seq=1 ttl=64 time="), llOut);
            assertEquals(1, ll.received());
        }
    }

    @Test
    void anInterruptEndsItWithASummary() throws Exception {
        try (VethPair p = new VethPair("intr"); Tcpdump.Live peer = Tcpdump.start(p.b.name(), p.devB, "icmp[icmptype] == icmp-echo")) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            AtomicReference<PingResult> result = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    result.set(Ping.run(p.a, PingOptions.to("10.0.0.20").count(100_000).interval(0.2), new PrintStream(text, true)));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "ping-caller");
            t.start();
            // Interrupted once its third reply is in: it ends with its summary, whenever that is.
            assertTrue(Wait.until(30_000, () -> text.toString(StandardCharsets.UTF_8).contains("icmp_seq=3 ") || !t.isAlive()), text::toString);
            t.interrupt();
            t.join();
            assertNull(failure.get());
            PingResult r = result.get();
            assertTrue(r.interrupted());
            assertTrue(r.transmitted() >= 3, r.toString());
            assertTrue(r.received() >= r.transmitted() - 1, r.toString());
            assertEquals(r.transmitted(), echoes(peer.lines((int) r.transmitted()), "request").size(), "what the peer saw: " + r);
            assertTrue(text.toString(StandardCharsets.UTF_8).contains("--- 10.0.0.20 ping statistics ---"));
        }
    }
}
