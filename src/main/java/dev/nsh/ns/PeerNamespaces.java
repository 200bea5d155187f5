package dev.nsh.ns;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one namespace knows of the others it has links to: the nsid it gives each (IFLA_LINK_NETNSID
 * names a veth peer's namespace by it) and that namespace's name, learnt once and kept while it
 * stays true, and the namespaces nsh joined to it lately (a veth made, a link moved), which are
 * the first to ask about. It lets a peer be named without asking the kernel about every namespace
 * on the machine (dev.nsh.ops.NsidNames does the asking).
 */
public final class PeerNamespaces {
    /** A namespace known by nsid: its name, its identity when learnt, and nsh's open handle on it (or null). */
    public record Known(String name, NamespaceIdentity identity, Netns handle) {
        /** Whether the name still stands for the same namespace (so its nsid still means it). */
        public boolean stillTrue() {
            if (handle != null && !handle.isOpen()) return false;
            if (handle != null && !handle.isNamed()) return true; // the root, or one opened by path: no name to lose
            return identity != null && identity.equals(NamespaceIdentity.ofName(name));
        }
    }

    private static final int RECENT = 8;

    private final Map<Integer, Known> byNsid = new ConcurrentHashMap<>();
    private final Map<Integer, String> missing = new ConcurrentHashMap<>();
    private final Deque<Netns> recent = new ArrayDeque<>();

    /** The namespace known as {@code nsid}, if what was learnt is still true; a stale entry is forgotten. */
    public Known get(int nsid) {
        Known k = byNsid.get(nsid);
        if (k == null) return null;
        if (k.stillTrue()) return k;
        byNsid.remove(nsid, k);
        return null;
    }

    public void put(int nsid, Known k) {
        byNsid.put(nsid, k);
    }

    /** Whether some nsid is already known to stand for the named namespace {@code name} (the host's is not named). */
    public boolean knowsName(String name) {
        for (Known k : byNsid.values()) if (k.name().equals(name) && (k.handle() == null || !k.handle().isRoot())) return true;
        return false;
    }

    /**
     * Whether {@code nsid} was looked for and not found since nothing changed: no namespace made,
     * opened or deleted by nsh ({@link Namespaces#generation()}), and /run/netns not changed by
     * anyone (its mtime). A peer in a namespace with no name (a container's) is then not looked
     * for again at each listing.
     */
    public boolean knownMissing(int nsid) {
        return Namespaces.stamp().equals(missing.get(nsid));
    }

    public void missing(int nsid) {
        missing.put(nsid, Namespaces.stamp());
    }

    /** nsh joined {@code other} to this namespace (a veth, a moved link): ask about it first. */
    public synchronized void joined(Netns other) {
        recent.remove(other);
        recent.addFirst(other);
        while (recent.size() > RECENT) recent.removeLast();
    }

    /** The namespaces joined lately, newest first, still open. */
    public synchronized List<Netns> recent() {
        recent.removeIf(n -> !n.isOpen());
        return List.copyOf(recent);
    }
}
