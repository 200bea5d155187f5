package dev.nsh.lab;

import dev.nsh.model.Columns;
import dev.nsh.model.Printed;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code lab.show()} prints: one row per interface the lab made, with its node, namespace,
 * address and the other end, from the lab's own records:
 * <pre>
 * lab demo: 3 hosts, 1 switch, 0 routers, 3 links
 * node  role    namespace  interface  address      peer
 * h1    host    demo-h1    h1-eth0    10.0.0.2/24  s1:s1-eth1
 * </pre>
 */
public final class LabTable implements Printed {
    private final String text;

    LabTable(Lab lab) {
        boolean six = lab.isIpv6(); // a dual-stack lab shows each port's IPv6 address too
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(six, "node", "role", "namespace", "interface", "address", "ipv6", "peer"));
        List<Wire> wires = lab.wires();
        for (Node n : lab.nodes()) {
            List<Port> ports = n.ports();
            if (n.role() == Node.Role.SWITCH) {
                rows.add(row(six, n.name(), "switch", n.namespaceName(), LabBuild.bridgeName(n), "-", "-", "(bridge)"));
            }
            if (ports.isEmpty() && n.role() != Node.Role.SWITCH) {
                rows.add(row(six, n.name(), role(n), n.namespaceName(), "-", "-", "-", "-"));
            }
            for (Port p : ports) {
                rows.add(row(six, n.name(), role(n), n.namespaceName(), p.ifname(),
                        p.address() == null ? "-" : p.address().toString(),
                        p.address6() == null ? "-" : p.address6().toString(), peerOf(wires, p)));
            }
        }
        StringBuilder s = new StringBuilder();
        long hosts = count(lab, Node.Role.HOST), sw = count(lab, Node.Role.SWITCH), rt = count(lab, Node.Role.ROUTER);
        s.append("lab ").append(lab.name()).append(": ").append(hosts).append(hosts == 1 ? " host, " : " hosts, ")
                .append(sw).append(sw == 1 ? " switch, " : " switches, ").append(rt).append(rt == 1 ? " router, " : " routers, ")
                .append(wires.size()).append(wires.size() == 1 ? " link" : " links").append('\n');
        s.append(Columns.align(rows));
        this.text = s.toString().stripTrailing();
    }

    /** A row; the "ipv6" cell (the sixth of seven) only in a dual-stack lab. */
    private static List<String> row(boolean six, String... cells) {
        List<String> r = new ArrayList<>(List.of(cells));
        if (!six) r.remove(5);
        return r;
    }

    private static String role(Node n) {
        return n.role().name().toLowerCase();
    }

    private static long count(Lab lab, Node.Role role) {
        return lab.nodes().stream().filter(n -> n.role() == role).count();
    }

    private static String peerOf(List<Wire> wires, Port p) {
        for (Wire w : wires) {
            String c = w.conditions().isEmpty() ? "" : " (" + w.conditions() + ")";
            if (w.a() == p) return w.b().node().name() + ":" + w.b().ifname() + c;
            if (w.b() == p) return w.a().node().name() + ":" + w.a().ifname() + c;
        }
        return "-";
    }

    @Override
    public String toString() {
        return text;
    }
}
