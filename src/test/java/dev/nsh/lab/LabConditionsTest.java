package dev.nsh.lab;

import dev.nsh.error.InvalidInputException;
import dev.nsh.testing.Ip;
import dev.nsh.testing.Iputils;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code link(a, b, delay: ...)} in a lab: both ends' egress delayed, as Mininet's TCLink (judged by
 * iputils ping), shown in show() and the diagram; {@code wire.down()} and {@code up()} (judged by ip and ping).
 */
@NeedsRoot
class LabConditionsTest {
    private static final Pattern TIME = Pattern.compile("time=([0-9.]+) ms");
    private final String name = TestNames.ns("labc");
    private Lab lab;

    @AfterEach
    void cleanUp() {
        if (lab != null) lab.close();
        LabJudge.assertLeftNothingOrDelete(name);
    }

    @Test
    void aDelayedLinkDelaysBothWaysAndBadConditionsMakeNoLink() {
        lab = Labs.lab(name).output(new PrintStream(OutputStream.nullOutputStream()));
        Node h1 = lab.host("h1"), h2 = lab.host("h2"), h3 = lab.host("h3");
        Wire w = lab.link(Map.of("delay", "10ms"), h1, h2);
        Iputils.Result r = Iputils.ping(h1.ns().name(), "-c", "10", "-i", "0.05", w.b().address().address().getHostAddress());
        int n = 0;
        for (Matcher m = TIME.matcher(r.out()); m.find(); n++) {
            assertTrue(Double.parseDouble(m.group(1)) >= 20.0, "RTT at least twice the 10 ms delay:\n" + r.out());
        }
        assertEquals(10, n, r.out());
        List<Wire> before = List.copyOf(lab.wires());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> lab.link(Map.of("loss", "200%"), h1, h3));
        assertEquals("loss \"200%\" is more than 100%", e.getMessage());
        assertEquals(before, lab.wires(), "no link made");

        assertTrue(lab.show().toString().contains("h2:h2-eth0 (delay 10ms)"), lab.show().toString());
        assertTrue(Diagram.dot(lab).contains("\\ndelay 10ms\"]"), Diagram.dot(lab)); // under the interfaces, in the one label
        Wire shaped = lab.link(Map.of("delay", "10ms 2ms 25%", "distribution", "normal"), h1, h3); // tc's words
        assertTrue(lab.show().toString().contains("h3:h3-eth0 (delay 10ms 2ms 25% distribution normal)"), lab.show().toString());
        assertTrue(Iputils.reaches(h1.ns().name(), shaped.b().address().address().getHostAddress()), "reachable over the shaped link");
        w.down();
        assertEquals("DOWN", Ip.link(h1.ns().name(), w.a().ifname()).get("operstate"), "ip link: h1's end");
        Iputils.Result cut = Iputils.ping(h1.ns().name(), "-c", "1", "-W", "1", w.b().address().address().getHostAddress());
        assertTrue(cut.status() != 0, "no answer over a link that is down: " + cut.out());
        w.up();
        assertTrue(Wait.until(10_000, () -> "UP".equals(Ip.link(h1.ns().name(), w.a().ifname()).get("operstate"))), "up again");
        assertTrue(Iputils.reaches(h1.ns().name(), w.b().address().address().getHostAddress()), "reachable again");
    }

    /** iperf(h1, h2) as Mininet's net.iperf, over a link of 10 Mbit/s (the kernel's tbf, which tc shows): its figure is the rate's. */
    @Test
    void iperfBetweenTwoHostsOfALab() {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        lab = Labs.lab(name).output(new PrintStream(printed, true));
        Node h1 = lab.host("h1"), h2 = lab.host("h2");
        Wire w = lab.link(Map.of("rate", "10mbit"), h1, h2);
        assertTrue(Ip.run(List.of("ip", "netns", "exec", h1.ns().name(), "tc", "qdisc", "show", "dev", w.a().ifname()))
                .matches("(?s)qdisc tbf [0-9a-f]+: root refcnt [0-9]+ rate 10Mbit .*"), "tc shows the rate");
        dev.nsh.tc.IperfResult r = lab.iperf(Map.of("seconds", 2), h1, "h2");
        double mbit = r.receiverBitsPerSecond() / 1e6;
        assertTrue(mbit > 8.5 && mbit < 10.5, "10 Mbit/s of wire give about 9.5 of TCP: " + r);
        assertTrue(printed.toString().contains("*** Iperf: testing TCP bandwidth between h1 and h2\n*** Results: ['"), printed.toString());
        printed.reset();
        dev.nsh.tc.IperfResult u = lab.iperf(Map.of("udp", true, "rate", "20mbit", "seconds", 2), h1, h2);
        assertTrue(u.udp() && u.receiverBitsPerSecond() > 5e6 && u.receiverBitsPerSecond() < 13e6, "20 Mbit/s into 10: " + u);
        assertTrue(u.senderBitsPerSecond() < 13e6, "held back by the link's queue, as iperf3 is: " + u);
        assertTrue(printed.toString().startsWith("*** Iperf: testing UDP bandwidth between h1 and h2\n*** Results: ['20mbit', '"),
                "Mininet's udpBw first: " + printed);
        assertThrows(InvalidInputException.class, () -> lab.iperf(h1, "h9"));
        assertThrows(InvalidInputException.class, () -> lab.iperf(Map.of("udp", true, "length", 8), h1, h2));
    }
}
