package dev.nsh.lab;

import dev.nsh.model.Cidr;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Routes through forwarding nodes only, via the first hop, without touching the kernel. */
class RoutingTest {
    @Test
    void aLineOfHostsWithForwardingInTheMiddle() {
        Node h1 = new Node(null, "h1", "x-h1", Node.Role.HOST), h2 = new Node(null, "h2", "x-h2", Node.Role.HOST),
                h3 = new Node(null, "h3", "x-h3", Node.Role.HOST), h4 = new Node(null, "h4", "x-h4", Node.Role.HOST);
        Subnet a = subnet("10.0.0.0/24", h1, h2), b = subnet("10.0.1.0/24", h2, h3), c = subnet("10.0.2.0/24", h3, h4);
        h2.markForwarding();
        h3.markForwarding();
        List<String> routes = Routing.compute(List.of(h1, h2, h3, h4), List.of(a, b, c), false).stream()
                .map(r -> r.node().name() + " " + r.dst() + " via " + r.via().getHostAddress()).toList();
        assertEquals(List.of(
                "h1 10.0.1.0/24 via 10.0.0.2", "h1 10.0.2.0/24 via 10.0.0.2",
                "h2 10.0.2.0/24 via 10.0.1.2",
                "h3 10.0.0.0/24 via 10.0.1.1",
                "h4 10.0.1.0/24 via 10.0.2.1", "h4 10.0.0.0/24 via 10.0.2.1"), routes);
    }

    @Test
    void noRouteThroughAHostThatDoesNotForward() {
        Node h1 = new Node(null, "h1", "x-h1", Node.Role.HOST), h2 = new Node(null, "h2", "x-h2", Node.Role.HOST),
                h3 = new Node(null, "h3", "x-h3", Node.Role.HOST);
        Subnet a = subnet("10.0.0.0/24", h1, h2), b = subnet("10.0.1.0/24", h2, h3);
        assertEquals(List.of(), Routing.compute(List.of(h1, h2, h3), List.of(a, b), false));
    }

    @Test
    void inADualStackLabTheSameRoutesForTheIPv6Subnets() {
        Node h1 = new Node(null, "h1", "x-h1", Node.Role.HOST), h2 = new Node(null, "h2", "x-h2", Node.Role.HOST),
                h3 = new Node(null, "h3", "x-h3", Node.Role.HOST);
        Subnet a = subnet("10.0.0.0/24", "fd00:0:0:1::/64", h1, h2), b = subnet("10.0.1.0/24", "fd00:0:0:2::/64", h2, h3);
        h2.markForwarding();
        List<String> routes = Routing.compute(List.of(h1, h2, h3), List.of(a, b), true).stream()
                .map(r -> r.node().name() + " " + r.dst() + " via " + dev.nsh.model.Addresses.text(r.via())).toList();
        assertEquals(List.of("h1 fd00:0:0:2::/64 via fd00:0:0:1::2", "h3 fd00:0:0:1::/64 via fd00:0:0:2::1"), routes);
    }

    private static Subnet subnet(String cidr, Node x, Node y) {
        return subnet(cidr, null, x, y);
    }

    private static Subnet subnet(String cidr, String cidr6, Node x, Node y) {
        Subnet s = new Subnet(Cidr.parse(cidr), cidr6 == null ? null : Cidr.parse(cidr6), null);
        for (Node n : List.of(x, y)) {
            Port p = new Port(n, n.nextIfname(), s.nextAddress(), s);
            n.add(p);
            s.add(p);
        }
        return s;
    }
}
