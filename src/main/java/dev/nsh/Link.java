package dev.nsh;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.model.AddrInfo;
import dev.nsh.model.Cidr;
import dev.nsh.model.LinkConditions;
import dev.nsh.model.LinkInfo;
import dev.nsh.model.Options;
import dev.nsh.netlink.rtnl.Ifa;
import dev.nsh.ns.PeerNamespaces;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.tc.Netem;
import dev.nsh.tc.NetemState;

import java.util.List;
import java.util.Map;

/**
 * A link in a namespace, by name: {@code ns("ns-1").link("veth-1")}. Setters return the link for
 * chaining; re-running one that is already in effect is accepted (an address present, up when up).
 */
public final class Link {
    private final Namespace namespace;
    private final String name;

    Link(Namespace namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Namespace namespace() {
        return namespace;
    }

    /** What the kernel says of the link now. */
    public LinkInfo info() {
        return LinkOps.get(namespace.netns(), name);
    }

    /** "UP", "DOWN", "UNKNOWN", "LOWERLAYERDOWN": the operational state, as ip prints it. */
    public String state() {
        return LinkOps.getUnnamed(namespace.netns(), name).operstate();
    }

    public boolean isUp() {
        return LinkOps.getUnnamed(namespace.netns(), name).isUp();
    }

    /** Adds "10.0.0.10/16" (IPv4 with its broadcast, or IPv6); the same address already there is accepted. */
    public Link addr(String cidr) {
        return addr(Map.of(), cidr);
    }

    /**
     * {@code addr("fd00::10/64", nodad: true)}: an IPv6 address without duplicate address detection
     * (IFA_F_NODAD, {@code ip addr add ... nodad}), never "tentative"; added to a link that is up,
     * it is usable at once (added before up(), the kernel answered the first neighbour solicitation
     * only after a second). Java: {@code addr(Map.of("nodad", true), cidr)}.
     */
    public Link addr(Map<String, ?> opts, String cidr) {
        boolean nodad = new Options("addr", opts, "nodad").flag("nodad", false);
        Cidr c = Cidr.parse(cidr);
        if (nodad && c.isIPv4()) {
            throw new InvalidInputException("addr(): nodad is for IPv6 addresses (duplicate address detection is IPv6's); "
                    + c + " is IPv4");
        }
        AddrOps.ensure(namespace.netns(), name, c, nodad ? Ifa.F_NODAD : 0);
        return this;
    }

    public Link delAddr(String cidr) {
        AddrOps.delete(namespace.netns(), name, Cidr.parse(cidr));
        return this;
    }

    public Link up() {
        LinkOps.setUp(namespace.netns(), name, true);
        return this;
    }

    public Link down() {
        LinkOps.setUp(namespace.netns(), name, false);
        return this;
    }

    public Link mtu(int mtu) {
        LinkOps.setMtu(namespace.netns(), name, mtu);
        return this;
    }

    public Link mac(String mac) {
        LinkOps.setMac(namespace.netns(), name, mac);
        return this;
    }

    /** Renames the link; returns the link under its new name. */
    public Link rename(String newName) {
        LinkOps.rename(namespace.netns(), name, newName);
        return new Link(namespace, newName);
    }

    /** Moves the link into {@code target} (ip link set NAME netns TARGET); returns it there. */
    public Link moveTo(Namespace target) {
        LinkOps.moveTo(namespace.netns(), name, target.netns());
        return new Link(target, name);
    }

    /** Makes this link a port of {@code bridge} (ip link set NAME master BRIDGE). */
    public Link master(Link bridge) {
        if (!bridge.namespace.equals(namespace)) {
            throw new InvalidInputException("bridge " + bridge.name + " is in " + bridge.namespace.name() + ", not in "
                    + namespace.name() + " with " + name);
        }
        LinkOps.setMaster(namespace.netns(), name, bridge.name);
        return this;
    }

    public Link master(String bridge) {
        return master(namespace.link(bridge));
    }

    public Link nomaster() {
        LinkOps.setMaster(namespace.netns(), name, null);
        return this;
    }

    public void delete() {
        LinkOps.delete(namespace.netns(), name);
    }

    /** The other end of a veth, wherever it is (its namespace named as {@code ip link} names it). */
    public Link peer() {
        LinkInfo l = info();
        if (l.peerIndex() == 0 || !"veth".equals(l.kind())) {
            throw new NshException("link " + name + " " + namespace.netns().where() + " is not a veth; it has no peer");
        }
        if (l.peerNetnsId() < 0) return new Link(namespace, l.peerName());
        PeerNamespaces.Known k = LinkOps.peerNamespace(namespace.netns(), l.peerNetnsId());
        if (k == null) {
            throw new NshException("the peer of " + name + " " + namespace.netns().where() + " is in a namespace with no name (nsid "
                    + l.peerNetnsId() + ")");
        }
        Namespace other = k.handle() != null && k.handle().isRoot() ? Nsh.root() : Nsh.existing(k.name());
        String peerName = LinkOps.nameOf(other.netns(), l.peerIndex());
        if (peerName == null) throw new NshException("the peer of " + name + " (index " + l.peerIndex() + ") is gone from " + other.name());
        return new Link(other, peerName);
    }

    /**
     * The conditions of the link's egress, in netem's words: {@code netem(delay: "20ms", jitter:
     * "5ms", loss: "2%", rate: "10mbit", duplicate:, corrupt:, reorder:, limit: 1000, seed: 42)}, a
     * value with tc's further words ({@code delay: "100ms 20ms 25%"}, {@code loss: "1% 30%"}: jitter
     * and correlations), {@code distribution: "normal"} (pareto, paretonormal) for the jitter, a
     * loss model ({@code loss: "gemodel 5% 50%"}, {@code loss: "state 10% 50%"}), {@code ecn: true}, {@code slot: "10ms 20ms packets 8"},
     * replacing earlier ones; {@code netem(clear: true)} removes them. {@code engine: "kernel"} or
     * {@code "nsh"} picks the engine (default: the kernel's netem, tbf for a rate alone, nsh's own
     * where the kernel has no netem). Returns what {@link #netem()} reads back.
     */
    public NetemState netem(Map<String, ?> opts) {
        Map<String, ?> o = opts == null ? Map.of() : opts;
        LinkConditions c = LinkConditions.parse("netem", o, List.of("clear", "engine"));
        Object clear = o.get("clear");
        if (clear != null && new Options("netem", Map.of("clear", clear), "clear").flag("clear", false)) {
            if (o.size() > 1) throw new InvalidInputException("netem(clear: true) takes no other option; it removes the link's conditions");
            Netem.clear(namespace.netns(), name);
            return Netem.get(namespace.netns(), name);
        }
        String engine = o.get("engine") == null ? "auto" : o.get("engine").toString();
        return Netem.set(namespace.netns(), name, c, engine);
    }

    /** The link's conditions and which engine applies them, printed as {@code tc qdisc show dev NAME}. */
    public NetemState netem() {
        return Netem.get(namespace.netns(), name);
    }

    /** Its addresses, IPv4 then IPv6 (one dump the kernel filters to this link). */
    public List<AddrInfo> addresses() {
        return AddrOps.ofLink(namespace.netns(), name);
    }

    @Override
    public String toString() {
        try {
            return info().toString();
        } catch (NshException e) {
            return "link " + name + " in " + namespace.name() + " (" + e.getMessage() + ")";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Link l && l.namespace.equals(namespace) && l.name.equals(name);
    }

    @Override
    public int hashCode() {
        return namespace.hashCode() * 31 + name.hashCode();
    }
}
