package dev.nsh;

import dev.nsh.model.LinkInfo;
import dev.nsh.model.Names;
import dev.nsh.ops.LinkOps;

/**
 * The second half of {@code ns.veth("veth-1").peer(other, "veth-2")}: creates the pair in one
 * request, each end directly in its namespace. An identical pair already present is accepted;
 * anything else in the way is an error before any change.
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
        LinkInfo local = LinkOps.find(ns.netns(), name);
        if (local != null) {
            checkSamePair(local, other, peerName);
            return new Link(ns, name);
        }
        LinkInfo taken = LinkOps.find(other.netns(), peerName);
        if (taken != null) {
            throw new NshException("create veth " + name + " " + ns.netns().where() + ": the peer name " + peerName
                    + " is taken " + other.netns().where() + " by a " + kind(taken));
        }
        LinkOps.createVeth(ns.netns(), name, other.equals(ns) ? null : other.netns(), peerName);
        return new Link(ns, name);
    }

    private void checkSamePair(LinkInfo local, Namespace other, String peerName) {
        String where = ns.netns().where();
        if (!"veth".equals(local.kind())) {
            throw new NshException("create veth " + name + " " + where + ": the name is taken by a " + kind(local));
        }
        Link peer = new Link(ns, name).peer();
        if (!peer.getNamespace().equals(other) || !peer.getName().equals(peerName)) {
            throw new NshException("create veth " + name + " " + where + ": it exists with its peer " + peer.getName() + " in "
                    + peer.getNamespace().getName() + ", not " + peerName + " in " + other.getName());
        }
    }

    private static String kind(LinkInfo l) {
        return (l.kind() == null ? "device" : l.kind()) + " link";
    }

    @Override
    public String toString() {
        return "veth " + name + " in " + ns.getName() + " (call .peer(...) to create it)";
    }
}
