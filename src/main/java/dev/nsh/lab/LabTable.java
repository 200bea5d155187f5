package dev.nsh.lab;

import dev.nsh.Printed;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code lab.show()} prints: one row per interface the lab made, with its node, namespace,
 * address and the other end, from the lab's own records:
 * <pre>
 * lab demo: 3 hosts, 1 switch, 0 routers, 3 links
 * node  role    namespace  interface  address      peer
 * h1    host    demo-h1    h1-eth0    10.0.0.1/24  s1:s1-eth0
 * </pre>
 */
public final class LabTable implements Printed {
    private final String text;

    LabTable(Lab lab) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"node", "role", "namespace", "interface", "address", "peer"});
        List<Wire> wires = lab.getWires();
        for (Node n : lab.getNodes()) {
            List<Port> ports = n.getPorts();
            if (n.getRole() == Node.Role.SWITCH) {
                rows.add(new String[] {n.getName(), "switch", n.getNamespaceName(), LabBuild.bridgeName(n), "-", "(bridge)"});
            }
            if (ports.isEmpty() && n.getRole() != Node.Role.SWITCH) {
                rows.add(new String[] {n.getName(), role(n), n.getNamespaceName(), "-", "-", "-"});
            }
            for (Port p : ports) {
                rows.add(new String[] {n.getName(), role(n), n.getNamespaceName(), p.ifname(),
                        p.address() == null ? "-" : p.address().toString(), peerOf(wires, p)});
            }
        }
        int[] w = new int[6];
        for (String[] r : rows) for (int i = 0; i < 6; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder s = new StringBuilder();
        long hosts = count(lab, Node.Role.HOST), sw = count(lab, Node.Role.SWITCH), rt = count(lab, Node.Role.ROUTER);
        s.append("lab ").append(lab.getName()).append(": ").append(hosts).append(hosts == 1 ? " host, " : " hosts, ")
                .append(sw).append(sw == 1 ? " switch, " : " switches, ").append(rt).append(rt == 1 ? " router, " : " routers, ")
                .append(wires.size()).append(wires.size() == 1 ? " link" : " links").append('\n');
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                line.append(r[i]);
                if (i < 5) line.append(" ".repeat(w[i] - r[i].length() + 2));
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
        this.text = s.toString().stripTrailing();
    }

    private static String role(Node n) {
        return n.getRole().name().toLowerCase();
    }

    private static long count(Lab lab, Node.Role role) {
        return lab.getNodes().stream().filter(n -> n.getRole() == role).count();
    }

    private static String peerOf(List<Wire> wires, Port p) {
        for (Wire w : wires) {
            if (w.a() == p) return w.b().node().getName() + ":" + w.b().ifname();
            if (w.b() == p) return w.a().node().getName() + ":" + w.a().ifname();
        }
        return "-";
    }

    @Override
    public String toString() {
        return text;
    }
}
