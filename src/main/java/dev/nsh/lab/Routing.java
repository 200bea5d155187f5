package dev.nsh.lab;

import dev.nsh.model.Cidr;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Static routes that let every addressed node reach every subnet of the lab: for each node, a
 * breadth-first walk over subnets, passing only through nodes that forward (routers, and hosts
 * with forwarding on); each subnet not attached gets a route via the first hop, an address in one
 * of the node's own subnets. Pure computation: the lab installs what it returns.
 */
final class Routing {
    private Routing() {}

    /** A route to install: in {@code node}, {@code dst} via {@code via}. */
    record Route(Node node, Cidr dst, InetAddress via) {
        String key() {
            return node.name() + " " + dst;
        }
    }

    /** The IPv4 routes, or with {@code ipv6} those of the subnets' /64s (via the forwarders' IPv6 addresses). */
    static List<Route> compute(List<Node> nodes, List<Subnet> subnets, boolean ipv6) {
        Map<Subnet, List<Node>> members = new LinkedHashMap<>();
        Map<Node, List<Subnet>> attached = new HashMap<>();
        for (Subnet s : subnets) {
            for (Port p : s.members()) {
                if (p.address() == null) continue;
                members.computeIfAbsent(s, k -> new ArrayList<>()).add(p.node());
                List<Subnet> a = attached.computeIfAbsent(p.node(), k -> new ArrayList<>());
                if (!a.contains(s)) a.add(s);
            }
        }
        List<Route> out = new ArrayList<>();
        for (Node n : nodes) {
            List<Subnet> own = attached.getOrDefault(n, List.of());
            if (own.isEmpty()) continue;
            Map<Subnet, InetAddress> via = new LinkedHashMap<>();
            Deque<Subnet> queue = new ArrayDeque<>();
            for (Subnet s : own) {
                via.put(s, null);
                queue.add(s);
            }
            while (!queue.isEmpty()) {
                Subnet s = queue.poll();
                for (Node m : members.getOrDefault(s, List.of())) {
                    if (m == n || !m.isForwarding()) continue;
                    InetAddress hop = via.get(s) != null ? via.get(s) : ipv6 ? m.address6In(s) : m.addressIn(s);
                    for (Subnet t : attached.getOrDefault(m, List.of())) {
                        if (via.containsKey(t)) continue;
                        via.put(t, hop);
                        queue.add(t);
                    }
                }
            }
            for (Map.Entry<Subnet, InetAddress> e : via.entrySet()) {
                if (e.getValue() != null) out.add(new Route(n, ipv6 ? e.getKey().cidr6() : e.getKey().cidr(), e.getValue()));
            }
        }
        return out;
    }
}
