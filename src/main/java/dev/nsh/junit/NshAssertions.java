package dev.nsh.junit;

import dev.nsh.Namespace;
import dev.nsh.error.InvalidInputException;
import dev.nsh.error.KernelException;
import dev.nsh.lab.Node;
import dev.nsh.lab.Port;
import dev.nsh.model.Addresses;
import dev.nsh.model.Cidr;
import dev.nsh.model.RouteInfo;
import dev.nsh.packet.ping.Ping;
import dev.nsh.packet.ping.PingOptions;
import dev.nsh.packet.ping.PingResult;
import dev.nsh.table.RouteTable;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Assertions about a lab's network that say what failed, taking lab nodes or namespaces:
 * <pre>
 * assertReachable(h1, h2);             // h1 (10.0.0.1) cannot reach h2 (10.0.0.2): 3 of 3 pings lost
 * assertReachableBothWays(h1, h2);
 * assertNotReachable(h1, "10.9.0.1");  // h1 (10.0.0.1) reaches 10.9.0.1: 3 of 3 pings answered
 * assertRoute(h1, "10.0.2.0/24", "10.0.1.254");
 * </pre>
 * A reachability check is {@value #PINGS} pings, 0.1 s apart, from inside the namespace (nsh's
 * in-process ping); a reply proves the way, so one is enough, and none in the second after the last
 * request means there is none. A failure is a plain {@link AssertionError} (no JUnit class is
 * needed), so these work in scripts too.
 */
public final class NshAssertions {
    /** The pings of one reachability check. */
    public static final int PINGS = 3;

    /** errnos that mean the way is closed, not that the ping went wrong (ENETUNREACH, EHOSTUNREACH, EACCES, EPERM). */
    private static final Set<String> NO_WAY = Set.of("ENETUNREACH", "EHOSTUNREACH", "EACCES", "EPERM");

    private NshAssertions() {}

    public static void assertReachable(Node from, Node to) {
        reachable(Endpoint.of(from), Endpoint.of(to));
    }

    /** {@code address}: IPv4 or IPv6, such as {@code h2.ip6()} in a dual-stack lab. */
    public static void assertReachable(Node from, String address) {
        reachable(Endpoint.of(from), Endpoint.of(address));
    }

    /** A namespace is pinged at its first IPv4 address of global scope. */
    public static void assertReachable(Namespace from, Namespace to) {
        reachable(Endpoint.of(from), Endpoint.of(to));
    }

    public static void assertReachable(Namespace from, String address) {
        reachable(Endpoint.of(from), Endpoint.of(address));
    }

    /** {@code a} reaches {@code b}, and {@code b} reaches {@code a}. */
    public static void assertReachableBothWays(Node a, Node b) {
        reachable(Endpoint.of(a), Endpoint.of(b));
        reachable(Endpoint.of(b), Endpoint.of(a));
    }

    public static void assertReachableBothWays(Namespace a, Namespace b) {
        reachable(Endpoint.of(a), Endpoint.of(b));
        reachable(Endpoint.of(b), Endpoint.of(a));
    }

    /** No ping is answered (or the kernel finds no way at all: no route, a firewall's refusal). */
    public static void assertNotReachable(Node from, Node to) {
        notReachable(Endpoint.of(from), Endpoint.of(to));
    }

    public static void assertNotReachable(Node from, String address) {
        notReachable(Endpoint.of(from), Endpoint.of(address));
    }

    public static void assertNotReachable(Namespace from, Namespace to) {
        notReachable(Endpoint.of(from), Endpoint.of(to));
    }

    public static void assertNotReachable(Namespace from, String address) {
        notReachable(Endpoint.of(from), Endpoint.of(address));
    }

    /**
     * {@code node}'s main table sends {@code dst} via the gateway {@code via} (null: directly, no
     * gateway). {@code dst} is "default", a network ("10.0.2.0/24": the route to exactly it), or an
     * address ("10.0.2.5": the most specific route that covers it, as the kernel picks in the main
     * table).
     */
    public static void assertRoute(Node node, String dst, String via) {
        route(node.name(), node.ns(), dst, via == null ? Set.of() : Set.of(address(via)));
    }

    /** The gateway is one of {@code via}'s addresses (a router of the lab). */
    public static void assertRoute(Node node, String dst, Node via) {
        Set<InetAddress> gateways = new HashSet<>();
        for (Port p : via.ports()) {
            if (p.address() != null) gateways.add(p.address().address());
            if (p.address6() != null) gateways.add(p.address6().address());
        }
        if (gateways.isEmpty()) throw new InvalidInputException("assertRoute: node " + via.name() + " has no address to be a gateway");
        route(node.name(), node.ns(), dst, gateways);
    }

    public static void assertRoute(Namespace ns, String dst, String via) {
        route(ns.name(), ns, dst, via == null ? Set.of() : Set.of(address(via)));
    }

    // ---- the checks

    private static void reachable(Endpoint from, Endpoint to) {
        Outcome o = ping(from, to, "assertReachable");
        if (o.result != null && o.result.received() > 0) return;
        throw new AssertionError(o.from + " cannot reach " + o.to + ": " + o.why());
    }

    private static void notReachable(Endpoint from, Endpoint to) {
        Outcome o = ping(from, to, "assertNotReachable");
        if (o.result == null || o.result.received() == 0) return;
        throw new AssertionError(o.from + " reaches " + o.to + ": " + o.result.received() + " of " + o.result.transmitted()
                + " pings answered");
    }

    /** A ping's figures, or the kernel's refusal to send one; the two ends as the message names them. */
    private record Outcome(String from, String to, PingResult result, KernelException refused) {
        String why() {
            if (refused != null) return refused.getMessage();
            long lost = result.transmitted() - result.received();
            String s = lost + " of " + result.transmitted() + " pings lost";
            if (!result.icmpErrors().isEmpty()) {
                s += " (" + result.icmpErrors().get(0).message() + " from " + result.icmpErrors().get(0).from() + ")";
            }
            return s;
        }
    }

    private static Outcome ping(Endpoint from, Endpoint to, String purpose) {
        String target = to.target(purpose);
        InetAddress dst = Cidr.parseAddress(target, target);
        String f = from.describe(dst), t = to.describe(dst);
        PingOptions options = PingOptions.to(target).count(PINGS).interval(0.1).timeout(1);
        try {
            return new Outcome(f, t, Ping.run(from.ns().netns(), options, null), null);
        } catch (KernelException e) {
            if (!NO_WAY.contains(e.errnoName())) throw e;
            return new Outcome(f, t, null, e);
        }
    }

    private static void route(String who, Namespace ns, String dst, Set<InetAddress> via) {
        Cidr want = "default".equals(dst) ? new Cidr(address("0.0.0.0"), 0) : Cidr.parse(dst, true);
        boolean exact = !dst.matches("[0-9a-fA-F.:]+"); // "default" or a network; else an address
        RouteTable table = want.isIPv4() ? ns.routes() : ns.routes6();
        RouteInfo chosen = null;
        for (RouteInfo r : table) {
            Cidr to = new Cidr(r.dst() == null ? want.network() : r.dst(), r.dstLen());
            boolean match = exact ? r.dstLen() == want.prefix() && to.contains(want.network()) : to.contains(want.address());
            if (match && (chosen == null || r.dstLen() > chosen.dstLen() || r.dstLen() == chosen.dstLen() && r.metric() < chosen.metric())) {
                chosen = r;
            }
        }
        String wanted = via.isEmpty() ? "directly" : "via " + via.stream().map(Addresses::text).sorted().collect(Collectors.joining(" or "));
        if (chosen == null) throw new AssertionError(who + ": no route to " + dst + " (wanted " + wanted + "); its routes: " + lines(table));
        boolean ok = via.isEmpty() ? chosen.gateway() == null : chosen.gateway() != null && via.contains(chosen.gateway());
        if (!ok) {
            String goes = chosen.gateway() == null ? "directly" : "via " + Addresses.text(chosen.gateway());
            throw new AssertionError(who + ": the route to " + dst + " goes " + goes + ", not " + wanted + " (" + chosen + ")");
        }
    }

    private static InetAddress address(String a) {
        return Cidr.parseAddress(a, a);
    }

    private static String lines(RouteTable table) {
        List<String> out = new ArrayList<>();
        for (RouteInfo r : table) out.add(r.toString());
        return out.isEmpty() ? "none" : String.join("; ", out);
    }
}
