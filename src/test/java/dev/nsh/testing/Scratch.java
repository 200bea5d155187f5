package dev.nsh.testing;

import dev.nsh.model.Cidr;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.Sysctl;

import java.util.ArrayList;
import java.util.List;

/**
 * The namespaces one test made, deleted again in {@link #close()} whatever happened. Tests hold
 * one in a field and close it in {@code @AfterEach}, so a failing assertion still cleans up.
 * Deleting a namespace takes its links, addresses, routes and neighbours with it.
 */
public final class Scratch implements AutoCloseable {
    private final List<String> names = new ArrayList<>();

    /**
     * A new namespace made by nsh. Refuses to hand out one whose file is the root namespace (a
     * broken create), so that no test, and no handle opened on that file, ever writes into the root.
     */
    public Netns ns(String hint) {
        String name = TestNames.ns(hint);
        names.add(name);
        Netns ns = Namespaces.create(name);
        if (Proc.netOf(Namespaces.path(name)).equals(Proc.rootNet())) {
            throw new AssertionError("namespace " + name + " is bound to the root namespace");
        }
        return ns;
    }

    /** Two namespaces joined by a veth, {@code va} in a and {@code vb} in b. */
    public record Pair(Netns a, Netns b) {}

    /**
     * Namespaces {@code hint-a} and {@code hint-b}, a veth va (NET.1/24) to vb (NET.2/24), both up
     * and judged reachable by iputils ping; IPv6 off in both, so only a test's own packets cross.
     */
    public Pair vethPair(String hint, String net) {
        Netns a = ns(hint + "-a"), b = ns(hint + "-b");
        for (Netns n : List.of(a, b)) {
            Sysctl.set(n, "net.ipv6.conf.all.disable_ipv6", "1");
            Sysctl.set(n, "net.ipv6.conf.default.disable_ipv6", "1");
        }
        LinkOps.createVeth(a, "va", b, "vb");
        AddrOps.add(a, "va", Cidr.parse(net + ".1/24"));
        AddrOps.add(b, "vb", Cidr.parse(net + ".2/24"));
        LinkOps.setUp(a, "va", true);
        LinkOps.setUp(b, "vb", true);
        if (!Iputils.reaches(a.name(), net + ".2")) throw new AssertionError("the veth pair " + hint + " does not carry a ping");
        return new Pair(a, b);
    }

    /** A new namespace made by {@code ip netns add}; only its name is returned. */
    public String ipNs(String hint) {
        String name = TestNames.ns(hint);
        names.add(name);
        Ip.run("netns", "add", name);
        return name;
    }

    /** Records a name the test creates by other means, so it is deleted too. */
    public String track(String name) {
        names.add(name);
        return name;
    }

    @Override
    public void close() {
        AssertionError failure = null;
        for (String name : names) {
            try {
                if (Namespaces.exists(name)) Namespaces.delete(name);
            } catch (RuntimeException e) {
                // nsh could not: let iproute2 try, and report it.
                try {
                    Ip.run("netns", "del", name);
                } catch (AssertionError ignored) {
                    // reported below
                }
                if (failure == null) failure = new AssertionError("cleanup of " + name + " failed", e);
            }
        }
        names.clear();
        if (failure != null) throw failure;
    }
}
