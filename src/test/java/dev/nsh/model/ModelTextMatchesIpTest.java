package dev.nsh.model;

import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.NeighOps;
import dev.nsh.ops.RouteOps;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The model's toString() claims the line format of {@code ip link/addr/route/neigh}; iproute2's
 * own text output for the same namespace is the judge (trailing blanks aside).
 */
@NeedsRoot
class ModelTextMatchesIpTest {
    private final Scratch scratch = new Scratch();
    private Netns ns;

    /** m0 (up, 10.0.0.10/16, MTU 1400) paired with m1 (down), a bridge with m2 as port, routes and a neighbour. */
    @BeforeEach
    void setUp() {
        ns = scratch.ns("text");
        LinkOps.createVeth(ns, "m0", null, "m1");
        LinkOps.createVeth(ns, "m2", null, "m3");
        LinkOps.createBridge(ns, "br0");
        LinkOps.setMaster(ns, "m2", "br0");
        LinkOps.setMtu(ns, "m0", 1400);
        LinkOps.setUp(ns, "m0", true);
        AddrOps.add(ns, "m0", Cidr.parse("10.0.0.10/16"));
        AddrOps.add(ns, "m1", Cidr.parse("192.168.5.1/32"));
        RouteOps.add(ns, RouteOps.Spec.of("10.2.0.0/16", null, "m0", 0));
        RouteOps.add(ns, RouteOps.Spec.of("10.3.0.0/16", null, "m0", 20));
        NeighOps.add(ns, "m0", "10.0.0.99", "02:00:00:00:00:99");
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    static List<String> ipLines(String... args) {
        return Arrays.stream(Ip.run(args).split("\n")).map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void neighbours() {
        assertEquals(ipLines("-n", ns.name(), "neigh", "show"), NeighOps.list(ns).stream().map(Object::toString).toList());
    }

    @Test
    void ipv4Routes() {
        assertEquals(ipLines("-n", ns.name(), "route", "show"), RouteOps.list(ns, dev.nsh.sys.Sys.AF_INET).stream().map(Object::toString).toList());
    }

    @Test
    void ipv6Routes() {
        AddrOps.add(ns, "m0", Cidr.parse("fd00::10/64"));
        RouteOps.add(ns, RouteOps.Spec.of("fd01::/64", "fe80::1", "m0", 0));
        assertEquals(ipLines("-n", ns.name(), "-6", "route", "show"), RouteOps.list(ns, dev.nsh.sys.Sys.AF_INET6).stream().map(Object::toString).toList());
    }

    @Test
    void linksWithPeersInOtherNamespaces() throws Exception {
        Netns named = scratch.ns("text-peer");
        LinkOps.createVeth(ns, "o0", named, "o1");
        // A namespace without a name: held by a process after ip netns del took its file away.
        Netns doomed = scratch.ns("text-anon");
        LinkOps.createVeth(ns, "p0", doomed, "p1");
        Process holder = new ProcessBuilder("ip", "netns", "exec", doomed.name(), "sleep", "60").start();
        try {
            String target = dev.nsh.testing.Proc.netOf(java.nio.file.Path.of("/run/netns", doomed.name()));
            org.junit.jupiter.api.Assertions.assertTrue(dev.nsh.testing.Wait.until(5000,
                    () -> target.equals(dev.nsh.testing.Proc.readlink(java.nio.file.Path.of("/proc/" + holder.pid() + "/ns/net")))));
            dev.nsh.ns.Namespaces.delete(doomed.name());
            List<String> ip = ipLines("-n", ns.name(), "link", "show");
            List<String> nsh = LinkOps.list(ns).stream().flatMap(l -> Arrays.stream(l.toString().split("\n"))).toList();
            assertEquals(ip, nsh);
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    @Test
    void ipv4SecondaryAddress() {
        AddrOps.add(ns, "m0", Cidr.parse("10.0.0.11/16"));
        ipv4Addresses();
    }

    @Test
    void ipv4Addresses() {
        List<String> ip = ipLines("-n", ns.name(), "-4", "addr", "show").stream()
                .filter(l -> l.startsWith("    inet ")).map(String::strip).toList();
        List<String> nsh = AddrOps.list(ns).stream().filter(AddrInfo::isIPv4).map(Object::toString).toList();
        assertEquals(ip, nsh);
    }

    @Test
    void links() {
        List<String> ip = ipLines("-n", ns.name(), "link", "show");
        List<String> nsh = LinkOps.list(ns).stream().flatMap(l -> Arrays.stream(l.toString().split("\n"))).toList();
        assertEquals(ip, nsh);
    }
}
