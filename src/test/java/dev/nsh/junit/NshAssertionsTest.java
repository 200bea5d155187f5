package dev.nsh.junit;

import dev.nsh.lab.Lab;
import dev.nsh.lab.Node;
import dev.nsh.testing.Ip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static dev.nsh.junit.NshAssertions.assertNotReachable;
import static dev.nsh.junit.NshAssertions.assertReachable;
import static dev.nsh.junit.NshAssertions.assertReachableBothWays;
import static dev.nsh.junit.NshAssertions.assertRoute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assertions on real labs (this class uses the extension, as any project would), each
 * outcome judged by iputils ping or {@code ip route get} in the same namespace, each failure's
 * message pinned.
 */
@ExtendWith(NshExtension.class)
class NshAssertionsTest {

    /** iputils ping's verdict: one echo request answered within 2 s. */
    private static boolean iputilsReaches(Node from, String address) {
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", from.namespaceName(), "ping", "-c", "1", "-W", "2", address)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            throw new AssertionError("ping: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The gateway {@code ip route get} names for {@code address} in {@code node}, or null for a direct route. */
    private static String ipRouteGet(Node node, String address) {
        List<Map<String, Object>> r = Ip.json(node.namespaceName(), "route", "get", address);
        return (String) r.get(0).get("gateway");
    }

    private static void ignoreEchoes(Node n) {
        n.ns().sysctl("net.ipv4.icmp_echo_ignore_all", 1);
    }

    @Test
    void hostsOnALinkReachEachOther(Lab lab) {
        lab.pair();
        Node h1 = lab.node("h1"), h2 = lab.node("h2");
        assertTrue(iputilsReaches(h1, h2.ip()) && iputilsReaches(h2, h1.ip()), "iputils ping disagrees");
        assertReachable(h1, h2);
        assertReachableBothWays(h1, h2);
        assertReachable(h1.ns(), h2.ns());
        assertReachable(h2, h1.ip());
        AssertionError e = assertThrows(AssertionError.class, () -> assertNotReachable(h1, h2));
        assertEquals("h1 (" + h1.ip() + ") reaches h2 (" + h2.ip() + "): 3 of 3 pings answered", e.getMessage());
    }

    @Test
    void aHostThatAnswersNoEchoIsNotReachedAndTheMessageSaysHowManyWereLost(Lab lab) {
        lab.pair();
        Node h1 = lab.node("h1"), h2 = lab.node("h2");
        ignoreEchoes(h2);
        assertTrue(!iputilsReaches(h1, h2.ip()) && iputilsReaches(h2, h1.ip()), "iputils ping disagrees");
        assertNotReachable(h1, h2);
        assertReachable(h2, h1);
        AssertionError e = assertThrows(AssertionError.class, () -> assertReachable(h1, h2));
        assertEquals("h1 (" + h1.ip() + ") cannot reach h2 (" + h2.ip() + "): 3 of 3 pings lost", e.getMessage());
        e = assertThrows(AssertionError.class, () -> assertReachableBothWays(h2, h1));
        assertEquals("h1 (" + h1.ip() + ") cannot reach h2 (" + h2.ip() + "): 3 of 3 pings lost", e.getMessage(), "the way back");
        e = assertThrows(AssertionError.class, () -> assertReachable(h1.ns(), h2.ns()));
        assertEquals(h1.namespaceName() + " (" + h1.ip() + ") cannot reach " + h2.namespaceName() + " (" + h2.ip()
                + "): 3 of 3 pings lost", e.getMessage());
    }

    @Test
    void withNoRouteTheKernelsRefusalIsTheReason(Lab lab) {
        lab.hosts(4);
        lab.link("h1", "h2");
        lab.link("h3", "h4");
        Node h1 = lab.node("h1"), h3 = lab.node("h3");
        assertTrue(!iputilsReaches(h1, h3.ip()), "iputils ping disagrees");
        assertNotReachable(h1, h3);
        AssertionError e = assertThrows(AssertionError.class, () -> assertReachable(h1, h3));
        assertEquals("h1 (" + h1.ip() + ") cannot reach h3 (" + h3.ip() + "): ping " + h3.ip() + " in " + h1.namespaceName()
                + ": connect: Network is unreachable (ENETUNREACH)", e.getMessage());
    }

    @Test
    @NshLab(ipv6 = true)
    void ipv6AddressesAreReachedToo(Lab lab) {
        lab.pair();
        Node h1 = lab.node("h1"), h2 = lab.node("h2");
        assertTrue(iputilsReaches(h1, h2.ip6()), "iputils ping disagrees");
        assertReachable(h1, h2.ip6());
        lab.node("h2").ns().sysctl("net.ipv6.icmp.echo_ignore_all", 1);
        AssertionError e = assertThrows(AssertionError.class, () -> assertReachable(h1, h2.ip6()));
        assertEquals("h1 (" + h1.ip6() + ") cannot reach " + h2.ip6() + ": 3 of 3 pings lost", e.getMessage());
    }

    @Test
    void routesAreThoseIpRouteGetFinds(Lab lab) {
        lab.chain(Map.of("routers", true), 2);
        Node h1 = lab.node("h1"), h2 = lab.node("h2"), r1 = lab.node("r1");
        String gateway = ipRouteGet(h1, h2.ip());
        assertTrue(gateway != null && r1.ports().stream().anyMatch(p -> p.address().address().getHostAddress().equals(gateway)),
                "ip route get: " + gateway);
        String network = lab.subnets().stream().filter(s -> h2.addressIn(s) != null).findFirst().orElseThrow().toString();
        assertRoute(h1, h2.ip(), gateway);
        assertRoute(h1, network, gateway);
        assertRoute(h1, h2.ip(), r1);
        assertRoute(h1.ns(), h2.ip(), gateway);
        String own = lab.subnets().stream().filter(s -> h1.addressIn(s) != null).findFirst().orElseThrow().toString();
        assertEquals(null, ipRouteGet(h1, h1.ip()), "ip route get");
        assertRoute(h1, own, (String) null);

        AssertionError e = assertThrows(AssertionError.class, () -> assertRoute(h1, h2.ip(), "10.99.0.1"));
        assertTrue(e.getMessage().startsWith("h1: the route to " + h2.ip() + " goes via " + gateway + ", not via 10.99.0.1 ("
                + network + " via " + gateway + " dev "), e.getMessage());
        e = assertThrows(AssertionError.class, () -> assertRoute(h1, own, gateway));
        assertTrue(e.getMessage().startsWith("h1: the route to " + own + " goes directly, not via " + gateway + " ("), e.getMessage());
        e = assertThrows(AssertionError.class, () -> assertRoute(h1, "10.250.0.0/16", gateway));
        assertTrue(e.getMessage().startsWith("h1: no route to 10.250.0.0/16 (wanted via " + gateway + "); its routes: "), e.getMessage());
        assertTrue(e.getMessage().contains(network + " via " + gateway), e.getMessage());
    }
}
