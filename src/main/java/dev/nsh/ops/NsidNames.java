package dev.nsh.ops;

import dev.nsh.netlink.Message;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.rtnl.Netnsa;
import dev.nsh.netlink.rtnl.RtGenMsg;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Sys;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the namespace behind an nsid as {@code ip link} does for "link-netns NAME": asks, from
 * inside {@code ns}, which nsid each named namespace (and the root) has (RTM_GETNSID by fd).
 * Built lazily, once per listing.
 */
final class NsidNames {
    private final Netns ns;
    private Map<Integer, String> names;

    NsidNames(Netns ns) {
        this.ns = ns;
    }

    String name(int nsid) {
        if (names == null) names = build();
        return names.get(nsid);
    }

    /** The nsid that {@code ns} gives {@code other}, or -1 if it has none. */
    static int nsidOf(Netns ns, int otherFd) {
        try {
            List<Message> r = ns.netlink(s -> s.request(Request.of(Nl.RTM_GETNSID, 0).header(RtGenMsg.class)
                    .attr(Netnsa.FD, otherFd)));
            for (Message m : r) if (m.type == Nl.RTM_NEWNSID) return m.attrs(RtGenMsg.class, Netnsa.class).s32(Netnsa.NSID, -1);
            return -1;
        } catch (NetlinkException e) {
            return -1;
        }
    }

    private Map<Integer, String> build() {
        Map<Integer, String> out = new HashMap<>();
        for (String name : Namespaces.list()) {
            int fd;
            try {
                fd = Sys.open(Namespaces.RUN_DIR + "/" + name, Sys.O_RDONLY);
            } catch (RuntimeException e) {
                continue;
            }
            try {
                int id = nsidOf(ns, fd);
                if (id >= 0) out.putIfAbsent(id, name);
            } finally {
                Sys.closeQuietly(fd);
            }
        }
        if (!ns.isRoot()) {
            int id = nsidOf(ns, Namespaces.root().fd());
            if (id >= 0) out.putIfAbsent(id, "root");
        }
        return out;
    }
}
