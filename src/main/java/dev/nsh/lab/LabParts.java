package dev.nsh.lab;

import dev.nsh.Nsh;
import dev.nsh.model.Cidr;
import dev.nsh.ns.Netns;
import dev.nsh.ns.Workers;

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
            records.add(new LabRecord.Link(v.a().node().namespaceName(), v.a().ifname(), "veth",
                    v.b().node() == null ? null : v.b().node().namespaceName(), v.b().ifname(), first(v.a()), first(v.b())));
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
            Progress p = Progress.start("linking lab " + lab.name(), veths.size());
            try {
                Workers.run("create links", veths, Workers.BUILD_THREADS, p::step, v -> {
                    lab.checkOpen();
                    Netns na = v.a().node().ns().netns();
                    Netns nb = v.b().node() == null ? Nsh.root().netns() : v.b().node().ns().netns();
                    LabBuild.veth(na, setUp(v.a(), v.mtu()), nb, setUp(v.b(), v.mtu()));
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

    /** One end: MTU, MAC, into the bridge of a switch node, addressed, up (as the lab's own links). */
    private static LabBuild.EndSetup setUp(End e, int mtu) {
        String master = e.node() != null && e.node().role() == Node.Role.SWITCH ? LabBuild.bridgeName(e.node()) : null;
        return new LabBuild.EndSetup(e.ifname(), mtu, e.mac(), master, e.addrs());
    }
}
