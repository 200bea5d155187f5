package dev.nsh.ops;

import dev.nsh.error.KernelException;
import dev.nsh.netlink.Message;
import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.rtnl.Netnsa;
import dev.nsh.netlink.rtnl.RtGenMsg;
import dev.nsh.ns.NamespaceIdentity;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ns.PeerNamespaces;
import dev.nsh.sys.Sys;

import java.nio.file.Path;
import java.util.List;

/**
 * Names the namespace behind an nsid of {@code ns}, as {@code ip link} does for "link-netns NAME".
 * The kernel tells the nsid a namespace gives another (RTM_GETNSID by fd), not the other way
 * round, so a name is found by asking about candidates, cheapest first: what {@code ns} already
 * knows ({@link PeerNamespaces}, checked to be still true), the namespaces nsh joined to it
 * lately, the root, the namespaces nsh has open, and only then every name under /run/netns. All
 * that is learnt on the way is kept, and so is a search that found nothing (a peer in a namespace
 * with no name) until nsh or anyone changes the namespaces: a look costs the machine's size at
 * most once for each change.
 */
final class NsidNames {
    private NsidNames() {}

    /**
     * The name of the named namespace {@code ns} calls {@code nsid}, or null: for the host's
     * namespace (not under /run/netns, as ip prints "link-netnsid N" for it) and for one with no name.
     */
    static String name(Netns ns, int nsid) {
        PeerNamespaces.Known k = resolve(ns, nsid);
        return k == null || k.handle() != null && k.handle().isRoot() ? null : k.name();
    }

    /** The namespace {@code ns} calls {@code nsid}: named, or the host's (its handle the root's); null if none is known. */
    static PeerNamespaces.Known resolve(Netns ns, int nsid) {
        PeerNamespaces peers = ns.peers();
        PeerNamespaces.Known k = peers.get(nsid);
        if (k != null) return k;
        if (peers.knownMissing(nsid)) return null; // looked for, and nothing has changed since
        for (Netns c : peers.recent()) if (learn(ns, c) == nsid) return peers.get(nsid);
        if (!ns.isRoot() && learn(ns, Namespaces.root()) == nsid) return peers.get(nsid);
        for (Netns c : Namespaces.openHandles()) {
            if (c != ns && !peers.knowsName(c.name()) && learn(ns, c) == nsid) return peers.get(nsid);
        }
        PeerNamespaces.Known found = null;
        for (String name : Namespaces.list()) {
            if (peers.knowsName(name)) continue;
            int fd;
            try {
                fd = Sys.open(Namespaces.RUN_DIR + "/" + name, Sys.O_RDONLY);
            } catch (KernelException e) {
                continue; // deleted meanwhile
            }
            try {
                int id = nsidOf(ns, fd);
                if (id >= 0) {
                    PeerNamespaces.Known learnt = new PeerNamespaces.Known(name, NamespaceIdentity.of(Path.of("/proc/self/fd/" + fd)), null);
                    peers.put(id, learnt);
                    if (id == nsid && found == null) found = learnt;
                }
            } finally {
                Sys.closeQuietly(fd);
            }
        }
        if (found == null) peers.missing(nsid);
        return found;
    }

    /** Asks {@code ns} for the nsid it gives {@code other} and keeps the answer; -1 if it gives none. */
    private static int learn(Netns ns, Netns other) {
        if (!other.isOpen() || other == ns) return -1;
        int id;
        try {
            id = other.withFd(fd -> nsidOf(ns, fd));
        } catch (RuntimeException e) {
            return -1; // closed meanwhile
        }
        if (id >= 0) ns.peers().put(id, new PeerNamespaces.Known(other.name(), other.identity(), other));
        return id;
    }

    /** The nsid that {@code ns} gives the namespace of {@code otherFd}, or -1 if it has none. */
    static int nsidOf(Netns ns, int otherFd) {
        try {
            List<Message> r = ns.netlink(s -> s.request(Request.of(Nl.RTM_GETNSID, 0).header(RtGenMsg.class)
                    .attr(Netnsa.FD, otherFd)));
            for (Message m : r) if (m.type == Nl.RTM_NEWNSID) return m.attrs(RtGenMsg.class, Netnsa.class).s32(Netnsa.NSID, -1);
            return -1;
        } catch (KernelException e) {
            return -1;
        }
    }
}
