package dev.nsh.lab;

import dev.nsh.ns.Workers;

import dev.nsh.ops.LinkOps;
import dev.nsh.ops.NeighOps;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Permanent ARP entries between every two addressed members of a bridge's LAN, as Mininet's
 * --arp: the kernel's ARP table is one for all namespaces, its dynamic entries capped at
 * gc_thresh3 (1024) in all, so a LAN of 40 hosts pinging each other overflows it ("neighbor
 * table overflow") and pings fail; permanent entries are not counted. The root namespace's
 * sysctls are not nsh's to raise. In a dual-stack lab the same holds for IPv6's neighbour table,
 * which gets the same entries for the IPv6 addresses. A class of its own because it is a workaround with its own
 * limit, not part of making a link.
 */
final class StaticArp {
    private StaticArp() {}

    /** The largest LAN that gets static ARP entries (256 members: 65,280 entries, twice that in a dual-stack lab). */
    static final int MAX_MEMBERS = 256;

    /** Gives each addressed member of {@code lan} a permanent entry for every other. */
    static void add(Lab lab, Subnet lan) {
        List<Port> ports = lan.getMembers().stream().filter(p -> p.address() != null).toList();
        // n * (n - 1) entries: beyond MAX_MEMBERS members that costs more than it saves.
        if (ports.size() < 2 || ports.size() > MAX_MEMBERS) return;
        Map<Port, String> macs = new ConcurrentHashMap<>();
        Workers.run("read MAC addresses", ports, Workers.BUILD_THREADS, null,
                p -> macs.put(p, LinkOps.mac(p.node().getNs().netns(), p.ifname())));
        Progress pr = Progress.start("ARP entries for lab " + lab.getName(), ports.size());
        try {
            Workers.run("add static ARP entries", ports, Workers.BUILD_THREADS, pr::step, p -> {
                lab.checkOpen();
                Map<InetAddress, String> others = new LinkedHashMap<>();
                for (Port q : ports) {
                    if (q == p) continue;
                    others.put(q.address().address(), macs.get(q));
                    if (q.address6() != null) others.put(q.address6().address(), macs.get(q)); // the IPv6 neighbour table too
                }
                NeighOps.replacePermanent(p.node().getNs().netns(), p.ifname(), others);
            });
        } finally {
            pr.finish();
        }
    }
}
