package dev.nsh.packet;

import dev.nsh.model.Cidr;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.Sysctl;
import dev.nsh.testing.TestNames;

/**
 * Two fresh namespaces joined by a veth pair: {@code a} holds 10.0.0.10/24 and fd00::10/64 on
 * {@code devA}, {@code b} holds 10.0.0.20/24 and fd00::20/64 on {@code devB}. DAD is off before
 * the veth exists, so the IPv6 addresses work at once. Closing deletes both namespaces.
 */
public final class VethPair implements AutoCloseable {
    public final Netns a, b;
    public final String devA, devB;

    public VethPair(String hint) {
        String nameA = TestNames.ns(hint + "-a"), nameB = TestNames.ns(hint + "-b");
        a = Namespaces.create(nameA);
        Netns created = null;
        try {
            created = Namespaces.create(nameB);
        } finally {
            if (created == null) Namespaces.delete(nameA);
        }
        b = created;
        devA = TestNames.iface("a");
        devB = TestNames.iface("b");
        try {
            for (Netns ns : new Netns[] {a, b}) {
                Sysctl.set(ns, "net.ipv6.conf.all.accept_dad", "0");
                Sysctl.set(ns, "net.ipv6.conf.default.accept_dad", "0");
            }
            LinkOps.createVeth(a, devA, b, devB);
            AddrOps.add(a, devA, Cidr.parse("10.0.0.10/24"));
            AddrOps.add(a, devA, Cidr.parse("fd00::10/64"));
            AddrOps.add(b, devB, Cidr.parse("10.0.0.20/24"));
            AddrOps.add(b, devB, Cidr.parse("fd00::20/64"));
            LinkOps.setUp(a, devA, true);
            LinkOps.setUp(b, devB, true);
            awaitReady(a, devA);
            awaitReady(b, devB);
        } catch (RuntimeException | Error e) { // an assertion of awaitReady too: both namespaces go
            close();
            throw e;
        }
    }

    /**
     * The kernel turns the carrier on through linkwatch, up to a second after "up"; until then the
     * qdisc drops packets (a first neighbour solicitation then costs a one-second retry). IPv6
     * addresses stay tentative (IFA_F_TENTATIVE 0x40, not bindable) until the carrier's DAD work runs,
     * even with DAD off.
     */
    private static void awaitReady(Netns ns, String dev) {
        long end = System.nanoTime() + 3_000_000_000L;
        while (!"UP".equals(LinkOps.get(ns, dev).operstate())
                || AddrOps.list(ns).stream().anyMatch(x -> dev.equals(x.dev()) && (x.flags() & 0x40) != 0)) {
            if (System.nanoTime() > end) throw new AssertionError(dev + " " + ns.where() + " is not UP after 3 s");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Netns ns : new Netns[] {a, b}) {
            try {
                if (ns != null) Namespaces.delete(ns.name());
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
        String left = dev.nsh.testing.Ip.run("netns", "list");
        for (Netns ns : new Netns[] {a, b}) {
            if (ns != null && left.contains(ns.name())) throw new AssertionError("ip netns list still shows " + ns.name());
        }
    }
}
