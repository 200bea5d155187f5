package dev.nsh.lab;

import dev.nsh.Nsh;
import dev.nsh.model.Cidr;
import dev.nsh.netlink.rtnl.Ifa;
import dev.nsh.ns.Netns;
import dev.nsh.ns.Workers;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;

import java.util.ArrayList;
import java.util.List;

/**
 * A lab built from parts named by the caller, for a topology file ({@code dev.nsh.topo}): nodes
 * of a given role, a bridge in a switch node (named as the node), and veths whose interface
 * names, MACs, MTU and addresses are the caller's, not generated. Each part goes through the
 * lab's recording and building guard as the lab's own shapes do, so teardown and {@code --clean}
 * remove it. An end whose node is null is in the host's namespace: a veth the lab makes there,
 * removed with the namespace of its other end.
 */
public final class LabParts {
    private LabParts() {}

    /** One end of a veth: its node (null: the host), interface name, MAC (or null) and addresses. */
    public record End(Node node, String ifname, String mac, List<Cidr> addrs) {}

    /** A veth with {@code mtu} on both ends (0: the kernel's default). */
    public record Veth(End a, End b, int mtu) {}

    /**
     * Names the lab's namespaces {@code prefix + NODE} (containerlab's {@code prefix: ""} gives the
     * node's name alone), recorded in the state file for {@code --clean}; before the first node.
     */
    public static void namespacePrefix(Lab lab, String prefix) {
        lab.build().namespacePrefix(prefix);
    }

    /** Namespaces for {@code names} (LAB-NAME, or as {@link #namespacePrefix}), made in parallel. */
    public static List<Node> nodes(Lab lab, List<String> names, Node.Role role) {
        return names.isEmpty() ? List.of() : lab.build().createNodes(names, role);
    }

    /** A bridge named as the node in each switch node, up. */
    public static void bridges(Lab lab, List<Node> switches) {
        if (!switches.isEmpty()) lab.build().createBridges(switches);
    }

    /** Makes {@code veths} in parallel: each end named, MTU, MAC, into its bridge (in a switch node), addressed, up. */
    public static void veths(Lab lab, List<Veth> veths) {
        if (veths.isEmpty()) return;
        List<LabRecord> records = new ArrayList<>();
        for (Veth v : veths) {
            if (v.a().node() == null) throw new IllegalArgumentException("veth " + v + ": end a is the host's; put the node's end first");
            records.add(new LabRecord.Link(v.a().node().getNamespaceName(), v.a().ifname(), "veth",
                    v.b().node() == null ? null : v.b().node().getNamespaceName(), v.b().ifname(), first(v.a()), first(v.b())));
        }
        lab.building(() -> {
            lab.state().plan(records);
            for (Veth v : veths) {
                Port pa = port(v.a()), pb = port(v.b());
                v.a().node().add(pa);
                if (pb != null) {
                    v.b().node().add(pb);
                    lab.addWire(new Wire(pa, pb));
                }
            }
            Progress p = Progress.start("linking lab " + lab.getName(), veths.size());
            try {
                Workers.run("create links", veths, Workers.BUILD_THREADS, p::step, v -> {
                    lab.checkOpen();
                    Netns na = v.a().node().getNs().netns();
                    Netns nb = v.b().node() == null ? Nsh.root().netns() : v.b().node().getNs().netns();
                    na.onThread(() -> {
                        LinkOps.ensureVeth(na, v.a().ifname(), nb, v.b().ifname());
                        setUp(na, v.a(), v.mtu());
                        return null;
                    });
                    nb.onThread(() -> {
                        setUp(nb, v.b(), v.mtu());
                        return null;
                    });
                });
            } finally {
                p.finish();
            }
        });
    }

    private static Port port(End e) {
        if (e.node() == null) return null;
        Cidr v4 = e.addrs().stream().filter(Cidr::isIPv4).findFirst().orElse(null);
        return new Port(e.node(), e.ifname(), v4, null);
    }

    private static String first(End e) {
        return e.addrs().isEmpty() ? null : e.addrs().get(0).toString();
    }

    /** One end: MTU, MAC, into the bridge of a switch node, IPv4 addresses, up, then IPv6 without DAD (as {@link LabBuild}). */
    private static void setUp(Netns ns, End e, int mtu) {
        if (mtu > 0) LinkOps.setMtu(ns, e.ifname(), mtu);
        if (e.mac() != null) LinkOps.setMac(ns, e.ifname(), e.mac());
        if (e.node() != null && e.node().getRole() == Node.Role.SWITCH) LinkOps.setMaster(ns, e.ifname(), LabBuild.bridgeName(e.node()));
        for (Cidr a : e.addrs()) if (a.isIPv4()) AddrOps.ensure(ns, e.ifname(), a, 0);
        LinkOps.setUp(ns, e.ifname(), true);
        for (Cidr a : e.addrs()) if (!a.isIPv4()) AddrOps.ensure(ns, e.ifname(), a, Ifa.F_NODAD);
    }
}
