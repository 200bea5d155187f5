package dev.nsh.lab;

import dev.nsh.model.Cidr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A lab's address plan: IPv4 blocks from 10.0.0.0/8 that never overlap ({@link SubnetAllocator}),
 * a /24 per link and at least a /24 per bridge, and in a dual-stack lab the N-th subnet's IPv6 /64
 * (fd00:0:0:N::/64). The subnets made so far, in order, for routing, tables and diagrams.
 */
final class LabSubnets {
    private final SubnetAllocator allocator = new SubnetAllocator("10.0.0.0/8");
    private final AtomicInteger made6 = new AtomicInteger();
    private final List<Subnet> subnets = Collections.synchronizedList(new ArrayList<>());
    private final java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A new subnet: {@code given} (a CIDR) or the next free block for {@code hosts} hosts, bridged
     * by {@code bridge} (null for a link). {@code claim} takes its addresses before it counts as
     * the lab's; if that fails (an address given by hand is wrong), the block is freed again, so a
     * failed call leaves no trace.
     */
    Subnet add(String given, int hosts, Node bridge, boolean ipv6, Consumer<Subnet> claim) {
        Cidr c = given != null && held.remove(given) ? Cidr.parse(given)
                : given != null ? allocator.reserve(given) : hosts <= 2 ? allocator.next(24) : allocator.forHosts(hosts);
        Subnet s;
        try {
            s = new Subnet(c, ipv6 ? SubnetAllocator.ipv6(made6.incrementAndGet()) : null, bridge);
            claim.accept(s);
        } catch (RuntimeException e) {
            allocator.release(c);
            throw e;
        }
        subnets.add(s);
        return s;
    }

    /**
     * Reserves block {@code given} now for a subnet {@link #add}ed by that name later, so that no
     * block handed out meanwhile takes it; {@link #unhold} frees it if it is not added after all.
     */
    void hold(String given) {
        allocator.reserve(given);
        held.add(given);
    }

    void unhold(String given) {
        if (held.remove(given)) allocator.release(Cidr.parse(given));
    }

    /** Whether {@code given} could be added now: an error naming the clash if not. */
    void check(String given) {
        allocator.check(given);
    }

    List<Subnet> all() {
        synchronized (subnets) {
            return List.copyOf(subnets);
        }
    }
}
