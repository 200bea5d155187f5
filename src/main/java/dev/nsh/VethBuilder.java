package dev.nsh;

import dev.nsh.model.Names;
import dev.nsh.ops.LinkOps;

/**
 * The second half of {@code ns.veth("veth-1").peer(other, "veth-2")}: creates the pair in one
 * request, each end directly in its namespace. An identical pair already present is accepted;
 * anything else in the way is an error before any change ({@link LinkOps#ensureVeth}).
 */
public final class VethBuilder {
    private final Namespace ns;
    private final String name;

    VethBuilder(Namespace ns, String name) {
        this.ns = ns;
        this.name = name;
    }

    /** The peer end in {@code other}, named like the local end. */
    public Link peer(Namespace other) {
        return peer(other, name);
    }

    /** Both ends here; the peer named {@code peerName}. */
    public Link peer(String peerName) {
        return peer(ns, peerName);
    }

    public Link peer(Namespace other, String peerName) {
        Names.iface(peerName);
        LinkOps.ensureVeth(ns.netns(), name, other.equals(ns) ? null : other.netns(), peerName);
        return new Link(ns, name);
    }

    @Override
    public String toString() {
        return "veth " + name + " in " + ns.name() + " (call .peer(...) to create it)";
    }
}
