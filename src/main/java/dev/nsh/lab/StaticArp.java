package dev.nsh.lab;

import dev.nsh.error.InvalidInputException;
import dev.nsh.ns.Workers;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.NeighOps;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Permanent ARP entries between every two addressed members of a bridge's LAN, as Mininet's
 * --arp: the kernel's ARP table is one for all namespaces, its dynamic entries capped by
 * gc_thresh3 (1024 here) in all, so a LAN of 40 hosts pinging each other overflows it ("neighbor
 * table overflow") and pings fail; permanent entries are not counted. The root namespace's
 * sysctls are not nsh's to raise. In a dual-stack lab the IPv6 neighbour table gets the same
 * entries for the IPv6 addresses. A LAN of n members needs n(n - 1) entries a table, about 1 KB
 * of kernel memory each (measured: star(1000), 999,000 entries, took 1 GB), so a LAN is refused,
 * before anything is made, beyond {@link #MAX_MEMBERS}. A class of its own because it is a
 * workaround with its own limit, not part of making a link.
 */
final class StaticArp {
    private StaticArp() {}

    /** The largest LAN: 1,024 addressed members, 1,047,552 entries a table. */
    static final int MAX_MEMBERS = 1024;

    /** Kernel memory a permanent neighbour entry takes, as measured (star(1000): 999,000 entries, 1 GB). */
    static final long ENTRY_BYTES = 1024;

    /**
     * Refuses, before anything is made, a LAN that {@code adding} more addressed members would take
     * past the limit: more than {@link #MAX_MEMBERS}, or entries that would take more than half the
     * memory the machine has available now (MemAvailable).
     */
    static void checkFits(String what, Subnet lan, int adding, boolean ipv6) {
        long members = (lan == null ? 0 : lan.members().stream().filter(p -> p.address() != null).count()) + adding;
        long entries = members * (members - 1) * (ipv6 ? 2 : 1), available = memAvailable();
        boolean tooMany = members > MAX_MEMBERS, tooBig = available > 0 && entries * ENTRY_BYTES > available / 2;
        if (!tooMany && !tooBig) return;
        throw new InvalidInputException(what + ": a LAN of " + members + " members would need " + entries
                + " permanent neighbour entries (n * (n - 1)" + (ipv6 ? " for each of IPv4 and IPv6" : "") + ", about 1 KB of kernel memory each"
                + (tooBig ? ", more than half of the " + (available >> 20) + " MiB available" : "")
                + "), and the kernel's own table holds " + gcThresh3() + " dynamic ones for all namespaces (gc_thresh3); a LAN holds at most "
                + MAX_MEMBERS + " members: spread the hosts over several bridges joined by a router");
    }

    /** MemAvailable of /proc/meminfo in bytes, or -1. */
    private static long memAvailable() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemAvailable:")) return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // unknown: only the member limit applies
        }
        return -1;
    }

    /** The host's net.ipv4.neigh.default.gc_thresh3, as text ("1024"); "?" if it cannot be read. */
    private static String gcThresh3() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/neigh/default/gc_thresh3")).strip();
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    /**
     * Gives each addressed member of {@code lan} a permanent entry for every other, where one of
     * the two is in {@code added}: the members there before already have theirs, so attaching a
     * host to a LAN of n costs n entries, not n squared.
     */
    static void add(Lab lab, Subnet lan, Collection<Port> added) {
        List<Port> ports = lan.members().stream().filter(p -> p.address() != null).toList();
        Set<Port> fresh = new HashSet<>(added);
        fresh.retainAll(ports);
        if (ports.size() < 2 || fresh.isEmpty()) return;
        // Every member's MAC not known yet, not only the new ones': a LAN of one host had nobody to
        // tell, so its first member's MAC was never read (attach to it then met a null MAC).
        List<Port> unknown = new ArrayList<>(ports);
        unknown.removeIf(p -> lan.mac(p) != null);
        Workers.run("read MAC addresses", unknown, Workers.BUILD_THREADS, null,
                p -> lan.mac(p, LinkOps.mac(p.node().ns().netns(), p.ifname())));
        Progress pr = Progress.start("ARP entries for lab " + lab.name(), ports.size());
        try {
            Workers.run("add static ARP entries", ports, Workers.BUILD_THREADS, pr::step, p -> {
                lab.checkOpen();
                Map<InetAddress, String> others = new LinkedHashMap<>();
                for (Port q : fresh.contains(p) ? ports : fresh) {
                    if (q == p) continue;
                    others.put(q.address().address(), lan.mac(q));
                    if (q.address6() != null) others.put(q.address6().address(), lan.mac(q)); // the IPv6 neighbour table too
                }
                NeighOps.replacePermanent(p.node().ns().netns(), p.ifname(), others);
            });
        } finally {
            pr.finish();
        }
    }
}
