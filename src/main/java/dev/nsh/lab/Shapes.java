package dev.nsh.lab;

import dev.nsh.ns.Workers;

import dev.nsh.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Ready-made topologies, as Mininet's: {@code pair}, {@code chain(n)}, {@code star(n)},
 * {@code tree(depth, fanout)}. Each builds its namespaces in one parallel batch, then its links
 * in another, then the routes it needs.
 */
final class Shapes {
    private Shapes() {}

    /** h1 -- h2, one /24. */
    static void pair(Lab lab) {
        List<Node> h = lab.hosts(2);
        LabBuild build = lab.build();
        build.wire(List.of(build.p2p(h.get(0), h.get(1))));
    }

    /**
     * h1 -- h2 -- ... -- hn, a /24 per link, the inner hosts forwarding; with {@code routers},
     * h1 -- r1 -- h2 -- r2 -- ... -- hn. Static routes let every host reach every other.
     */
    static void chain(Lab lab, int n, boolean routers) {
        if (n < 2) throw new InvalidInputException("chain(" + n + "): a chain needs 2 or more hosts");
        List<String> routerNames = routers ? lab.freshNames("r", n - 1) : List.of();
        List<Node> h = lab.hosts(n);
        LabBuild build = lab.build();
        List<Node> r = routers ? build.createNodes(routerNames, Node.Role.ROUTER) : List.of();
        Workers.run("turn forwarding on", forwarders(h, r), Workers.BUILD_THREADS, null, lab::forwarding);
        List<LabBuild.Plan> plans = new ArrayList<>();
        for (int i = 0; i + 1 < n; i++) {
            if (routers) {
                plans.add(build.p2p(h.get(i), r.get(i)));
                plans.add(build.p2p(r.get(i), h.get(i + 1)));
            } else {
                plans.add(build.p2p(h.get(i), h.get(i + 1)));
            }
        }
        build.wire(plans);
        lab.route();
    }

    private static List<Node> forwarders(List<Node> hosts, List<Node> routers) {
        List<Node> f = new ArrayList<>(hosts.subList(1, hosts.size() - 1));
        f.addAll(routers);
        return f;
    }

    /** h1 ... hn on the bridge of switch s1, one subnet (Mininet's single,n). */
    static void star(Lab lab, int n) {
        String sw = lab.freshNames("s", 1).get(0);
        StaticArp.checkFits("star(" + n + ")", null, n, lab.isIpv6());
        List<Node> h = lab.hosts(n);
        lab.bridge(sw, h.toArray());
    }

    /**
     * Switches in a tree (s1 the root, numbered depth-first as Mininet does), {@code fanout}
     * children each, {@code depth} levels; {@code fanout} hosts on each leaf switch; one subnet.
     */
    static void tree(Lab lab, int depth, int fanout) {
        if (depth < 1 || fanout < 1) throw new InvalidInputException("tree(" + depth + ", " + fanout + "): depth and fanout must be 1 or more");
        double hosts = Math.pow(fanout, depth);
        if (hosts > 4096) throw new InvalidInputException("tree(" + depth + ", " + fanout + ") has " + (long) hosts + " hosts; the limit is 4096");
        List<int[]> edges = new ArrayList<>(); // parent index, child index (-1 - host number for a host)
        int[] counts = {0, 0}; // switches, hosts
        build(edges, counts, depth, fanout, -1);
        StaticArp.checkFits("tree(" + depth + ", " + fanout + ")", null, counts[1], lab.isIpv6());
        LabBuild build = lab.build();
        List<Node> switches = build.createNodes(lab.freshNames("s", counts[0]), Node.Role.SWITCH);
        List<Node> hs = lab.hosts(counts[1]);
        build.createBridges(switches);
        Subnet s = lab.newSubnet(null, hs.size(), switches.get(0));
        List<LabBuild.Plan> plans = new ArrayList<>();
        for (int[] e : edges) {
            if (e[1] >= 0) plans.add(build.bridgeToBridge(switches.get(e[0]), switches.get(e[1]), s));
            else plans.add(build.toBridge(hs.get(-1 - e[1]), switches.get(e[0]), s));
        }
        build.wire(plans);
    }

    /** The edges of a subtree, switches numbered depth-first; {@code counts} are the switches and hosts so far. */
    private static void build(List<int[]> edges, int[] counts, int depth, int fanout, int parent) {
        int me = counts[0]++;
        if (parent >= 0) edges.add(new int[] {parent, me});
        for (int i = 0; i < fanout; i++) {
            if (depth == 1) edges.add(new int[] {me, -1 - counts[1]++});
            else build(edges, counts, depth - 1, fanout, me);
        }
    }
}
