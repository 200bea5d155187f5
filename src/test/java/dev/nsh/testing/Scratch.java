package dev.nsh.testing;

import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;

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
