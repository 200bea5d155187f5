package dev.nsh.ops;

import dev.nsh.model.Addresses;
import dev.nsh.model.Cidr;
import dev.nsh.ns.Netns;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ip route} through nsh, IPv4 and IPv6, checked with {@code ip -j [-6] -n NS route}. */
@NeedsRoot
class RouteOpsTest {
    private final Scratch scratch = new Scratch();
    private Netns ns;

    /** r0 (10.0.0.10/24, fd00::10/64) paired with r1, both up, so gateways are on-link. */
    @BeforeEach
    void link() {
        ns = scratch.ns("route");
        LinkOps.createVeth(ns, "r0", null, "r1");
        LinkOps.setUp(ns, "r0", true);
        LinkOps.setUp(ns, "r1", true);
        AddrOps.add(ns, "r0", Cidr.parse("10.0.0.10/24"));
        AddrOps.add(ns, "r0", Cidr.parse("fd00::10/64"));
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    /** "dst via dev metric" for each route ip lists; a missing metric is 0. */
    static List<String> ipRoutes(String ns, String family) {
        return Ip.json(ns, family, "route", "show").stream()
                .map(r -> r.get("dst") + " via " + r.get("gateway") + " dev " + r.get("dev") + " metric "
                        + (r.get("metric") == null ? 0 : r.get("metric")))
                .sorted().toList();
    }

    static List<String> nshRoutes(Netns ns, int family) {
        return RouteOps.list(ns, family).stream()
                .map(r -> r.destination() + " via " + (r.gateway() == null ? null : Addresses.text(r.gateway()))
                        + " dev " + r.dev() + " metric " + r.metric())
                .sorted().toList();
    }

    @Test
    void ipv4ViaGatewayDevAndMetric() {
        RouteOps.add(ns, RouteOps.Spec.of("10.1.0.0/16", "10.0.0.1", null, 0));
        RouteOps.add(ns, RouteOps.Spec.of("10.2.0.0/16", null, "r0", 0));
        RouteOps.add(ns, RouteOps.Spec.of("10.3.0.0/16", "10.0.0.1", "r0", 100));
        List<String> ip = ipRoutes(ns.name(), "-4");
        assertTrue(ip.contains("10.1.0.0/16 via 10.0.0.1 dev r0 metric 0"), ip.toString());
        assertTrue(ip.contains("10.2.0.0/16 via null dev r0 metric 0"), ip.toString());
        assertTrue(ip.contains("10.3.0.0/16 via 10.0.0.1 dev r0 metric 100"), ip.toString());
        Map<String, Object> devRoute = Ip.json(ns.name(), "route", "show", "10.2.0.0/16").get(0);
        assertEquals("link", devRoute.get("scope"), "a route without gateway is scope link, as ip makes it");
    }

    @Test
    void ipv4Default() {
        RouteOps.add(ns, RouteOps.Spec.of("default", "10.0.0.1", null, 0));
        assertTrue(ipRoutes(ns.name(), "-4").contains("default via 10.0.0.1 dev r0 metric 0"));
        RouteOps.delete(ns, RouteOps.Spec.of("default", "10.0.0.1", null, 0));
        assertFalse(ipRoutes(ns.name(), "-4").stream().anyMatch(r -> r.startsWith("default")));
    }

    @Test
    void ipv6ViaGatewayDevMetricAndDefault() {
        RouteOps.add(ns, RouteOps.Spec.of("fd01::/64", "fd00::1", null, 0));
        RouteOps.add(ns, RouteOps.Spec.of("fd02::/64", "fe80::1", "r0", 0));
        RouteOps.add(ns, RouteOps.Spec.of("fd03::/64", null, "r0", 50));
        RouteOps.add(ns, RouteOps.Spec.of("default", "fe80::1", "r0", 0));
        List<String> ip = ipRoutes(ns.name(), "-6");
        assertTrue(ip.contains("fd01::/64 via fd00::1 dev r0 metric 1024"), ip.toString());
        assertTrue(ip.contains("fd02::/64 via fe80::1 dev r0 metric 1024"), ip.toString());
        assertTrue(ip.contains("fd03::/64 via null dev r0 metric 50"), ip.toString());
        assertTrue(ip.contains("default via fe80::1 dev r0 metric 1024"), ip.toString());
    }

    @Test
    void delete() {
        RouteOps.add(ns, RouteOps.Spec.of("10.1.0.0/16", "10.0.0.1", null, 0));
        RouteOps.add(ns, RouteOps.Spec.of("fd01::/64", "fd00::1", null, 0));
        RouteOps.delete(ns, RouteOps.Spec.of("10.1.0.0/16", "10.0.0.1", null, 0));
        RouteOps.delete(ns, RouteOps.Spec.of("fd01::/64", "fd00::1", null, 0));
        assertFalse(ipRoutes(ns.name(), "-4").stream().anyMatch(r -> r.startsWith("10.1.0.0/16")));
        assertFalse(ipRoutes(ns.name(), "-6").stream().anyMatch(r -> r.startsWith("fd01::/64")));
    }

    @Test
    void listMatchesIpRoute() {
        RouteOps.add(ns, RouteOps.Spec.of("10.1.0.0/16", "10.0.0.1", null, 0));
        RouteOps.add(ns, RouteOps.Spec.of("10.3.0.0/16", null, "r0", 7));
        RouteOps.add(ns, RouteOps.Spec.of("default", "10.0.0.1", null, 0));
        RouteOps.add(ns, RouteOps.Spec.of("fd01::/64", "fd00::1", null, 0));
        RouteOps.add(ns, RouteOps.Spec.of("default", "fe80::1", "r0", 0));
        assertEquals(ipRoutes(ns.name(), "-4"), nshRoutes(ns, dev.nsh.sys.Sys.AF_INET));
        assertEquals(ipRoutes(ns.name(), "-6"), nshRoutes(ns, dev.nsh.sys.Sys.AF_INET6));
    }
}
