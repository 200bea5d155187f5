package dev.nsh.lab;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.error.NshException;
import dev.nsh.model.Cidr;
import dev.nsh.ns.NamespaceIdentity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab opened again by name ({@code Lab.attach("demo")}, Groovy {@code lab("demo", attach: true)
 * { ... }}): the one open in this JVM under that name, or a kept lab rebuilt from its state file
 * (nodes, their namespaces, interfaces, addresses and subnets), whose state file this process then
 * owns, so that closing it removes it (unless kept again) and {@code nsh --clean} knows it. Every
 * namespace must still be the one the lab made; a lab run by another live process is not taken.
 * What it does not bring back: the background programs of the process that kept it, and IPv6.
 */
final class LabAttach {
    private LabAttach() {}

    static Lab attach(String name) {
        Lab.checkName("lab name", name);
        Lab open = LabLifecycle.find(name);
        if (open != null) return open;
        LabState.Saved saved = LabState.read(name);
        if (saved == null) throw new NshException("attach lab " + name + ": there is none (no " + LabState.file(name) + "); lab(\"" + name + "\") makes one");
        if (!saved.kept()) {
            throw new NshException("attach lab " + name + ": it is not kept" + (LabClean.alive(saved.pid(), saved.start())
                    ? "; process " + saved.pid() + " runs it" : " and its process is gone; remove it with: scripts/nsh --clean " + name));
        }
        // Everything is checked before the state file changes hands: a refusal leaves the lab as kept.
        for (LabRecord r : saved.objects()) {
            if (!(r instanceof LabRecord.Netns n)) continue;
            NamespaceIdentity made = n.identity() == null ? null : NamespaceIdentity.parse(n.identity());
            NamespaceIdentity now = Nsh.exists(n.name()) ? NamespaceIdentity.ofName(n.name()) : null;
            if (made == null || !made.equals(now)) {
                throw new NshException("attach lab " + name + ": namespace " + n.name() + " of node " + n.node()
                        + (now == null ? " is gone" : " is not the one the lab made") + "; remove the lab with: scripts/nsh --clean " + name);
            }
        }
        Lab lab = new Lab(name, LabState.reopen(name, saved));
        if (saved.prefix() != null) lab.build().restorePrefix(saved.prefix()); // new nodes named as the first were
        Map<String, Node> byNs = new LinkedHashMap<>();
        for (LabRecord r : saved.objects()) {
            if (!(r instanceof LabRecord.Netns n)) continue;
            Node node = new Node(lab, n.node(), n.name(), Node.Role.valueOf(n.role().toUpperCase(java.util.Locale.ROOT)));
            Namespace ns = Nsh.existing(n.name());
            node.created(ns, NamespaceIdentity.parse(n.identity()));
            if (node.role() == Node.Role.ROUTER) node.markForwarding();
            lab.adopt(node);
            byNs.put(n.name(), node);
        }
        wire(lab, saved.objects(), byNs);
        return lab;
    }

    /** The veths again, and a subnet for each network their addresses are in (a switch's when an end is one). */
    private static void wire(Lab lab, List<LabRecord> records, Map<String, Node> byNs) {
        List<LabRecord.Link> veths = new ArrayList<>();
        Map<String, List<String>> addressesOf = new LinkedHashMap<>();
        Map<String, Node> bridgeOf = new LinkedHashMap<>();
        for (LabRecord r : records) {
            if (!(r instanceof LabRecord.Link l) || !"veth".equals(l.type()) || !byNs.containsKey(l.ns()) || !byNs.containsKey(l.peerNs())) continue;
            veths.add(l);
            for (String a : new String[] {l.addr(), l.peerAddr()}) {
                if (a == null) continue;
                String net = network(a);
                addressesOf.computeIfAbsent(net, k -> new ArrayList<>()).add(a);
                Node other = a.equals(l.addr()) ? byNs.get(l.peerNs()) : byNs.get(l.ns());
                if (other.role() == Node.Role.SWITCH) bridgeOf.put(net, other);
            }
        }
        Map<String, Subnet> subnets = new LinkedHashMap<>();
        addressesOf.forEach((net, addrs) -> subnets.put(net, lab.newSubnet(net, addrs.size(), bridgeOf.get(net), s -> addrs.forEach(s::claim))));
        for (LabRecord.Link l : veths) {
            Node a = byNs.get(l.ns()), b = byNs.get(l.peerNs());
            Subnet s = subnets.get(network(l.addr() != null ? l.addr() : l.peerAddr() != null ? l.peerAddr() : null));
            Port pa = new Port(a, l.name(), l.addr() == null ? null : Cidr.parse(l.addr()), s);
            Port pb = new Port(b, l.peer(), l.peerAddr() == null ? null : Cidr.parse(l.peerAddr()), s);
            a.add(pa);
            b.add(pb);
            a.skipIfname(l.name());
            b.skipIfname(l.peer());
            lab.addWire(new Wire(pa, pb));
        }
    }

    private static String network(String cidr) {
        if (cidr == null) return null;
        Cidr c = Cidr.parse(cidr);
        return new Cidr(c.network(), c.prefix()).toString();
    }
}
