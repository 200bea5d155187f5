package dev.nsh.lab;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Cidr;

import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 subnet of a lab: a point-to-point link or a bridge's LAN. It hands out host addresses
 * in order (.1, .2 ...; on a bridge's LAN .1 is kept for a router and hosts start at .2) and
 * knows which ports hold them; routers use it to find their way. In a
 * dual-stack lab it also has an IPv6 /64 (fd00:0:0:N::/64 for the lab's N-th subnet), where each
 * host gets the same host number as in IPv4 (10.0.0.30 and fd00:0:0:1::1e), so one follows from
 * the other.
 */
public final class Subnet {
    private final Cidr cidr;
    private final Cidr cidr6;
    private final Node bridge;
    private final List<Port> members = new ArrayList<>();
    private final java.util.Map<Port, String> macs = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<java.net.InetAddress> used = new java.util.HashSet<>();
    private int nextHost;

    Subnet(Cidr cidr, Cidr cidr6, Node bridge) {
        this.cidr = cidr;
        this.cidr6 = cidr6;
        this.bridge = bridge;
        // A LAN keeps .1 for the router that may join it later, so hosts' addresses never move.
        this.nextHost = bridge == null ? 1 : 2;
    }

    /** "10.0.0.0/24". */
    public Cidr cidr() {
        return cidr;
    }

    /** "fd00:0:0:3::/64" in a dual-stack lab, else null. */
    public Cidr cidr6() {
        return cidr6;
    }

    /** The IPv6 address with the host number of {@code v4} (an address of this subnet), or null without IPv6. */
    Cidr address6(Cidr v4) {
        if (cidr6 == null || v4 == null) return null;
        long host = SubnetAllocator.toLong(v4.address()) - SubnetAllocator.toLong(cidr.network());
        byte[] b = cidr6.network().getAddress();
        for (int i = 15; i >= 8 && host != 0; i--, host >>>= 8) b[i] |= (byte) host;
        try {
            return new Cidr(java.net.InetAddress.getByAddress(b), cidr6.prefix());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The switch node whose bridge carries this subnet, or null for a point-to-point link. */
    public Node bridge() {
        return bridge;
    }

    public synchronized List<Port> members() {
        return List.copyOf(members);
    }

    /** The nodes with an address here. */
    public synchronized List<Node> nodes() {
        return members.stream().map(Port::node).distinct().toList();
    }

    synchronized void add(Port p) {
        members.add(p);
    }

    /** The MAC address of member {@code p}, once read (for the LAN's static ARP entries), or null. */
    String mac(Port p) {
        return macs.get(p);
    }

    void mac(Port p, String mac) {
        macs.put(p, mac);
    }

    /** The next free host address (.1, .2 ...), skipping those claimed by hand. */
    synchronized Cidr nextAddress() {
        while (true) {
            Cidr c = SubnetAllocator.host(cidr, nextHost++);
            if (used.add(c.address())) return c;
        }
    }

    /** A router's address: .1 if no one has it yet (kept for it on a LAN), else the next free one. */
    synchronized Cidr routerAddress() {
        Cidr first = SubnetAllocator.host(cidr, 1);
        return used.add(first.address()) ? first : nextAddress();
    }

    /** Gives back an address taken for a node that was not made. */
    synchronized void release(Cidr c) {
        used.remove(c.address());
    }

    /** Claims an address given by hand; it must lie in the subnet and be free. */
    synchronized Cidr claim(String text) {
        Cidr c = check(text);
        used.add(c.address());
        return c;
    }

    /** The address {@code text} as {@link #claim} would take it, without taking it: an error if it could not. */
    synchronized Cidr check(String text) {
        Cidr c = Cidr.parse(text.contains("/") ? text : text + "/" + cidr.prefix());
        if (!SubnetAllocator.contains(cidr, c.address()) || c.prefix() != cidr.prefix()) {
            throw new InvalidInputException("address \"" + text + "\" is not in subnet " + cidr + " of its link");
        }
        if (cidr.prefix() <= 30 && (c.address().equals(cidr.network()) || c.address().equals(cidr.broadcast()))) {
            throw new InvalidInputException("address \"" + text + "\" is the " + (c.address().equals(cidr.network()) ? "network" : "broadcast")
                    + " address of subnet " + cidr + "; give a host address");
        }
        if (used.contains(c.address())) {
            String holder = members.stream().filter(p -> p.address() != null && p.address().address().equals(c.address()))
                    .map(p -> " by " + p.node().name() + ":" + p.ifname()).findFirst().orElse("");
            throw new InvalidInputException("address \"" + text + "\" is already used in subnet " + cidr + holder + "; give a free one");
        }
        return c;
    }

    @Override
    public String toString() {
        return cidr.toString();
    }
}
