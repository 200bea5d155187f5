package dev.nsh.bench;

import dev.nsh.model.Cidr;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;

import java.util.ArrayList;
import java.util.List;

/**
 * The packet benchmarks' test bed: namespaces {@code PREFIXa} and {@code PREFIXb} joined by a
 * veth ({@code devA} 10.0.0.10/16, {@code devB} 10.0.0.20/16), both ends UP with their carrier.
 * Closing it deletes whatever of it was made.
 */
final class VethBed implements AutoCloseable {
    final String nameA, nameB, devA, devB;
    final Netns a, b;
    private final List<String> made = new ArrayList<>();

    VethBed(String prefix, String devA, String devB) throws InterruptedException {
        this.nameA = prefix + "a";
        this.nameB = prefix + "b";
        this.devA = devA;
        this.devB = devB;
        try {
            a = Namespaces.create(nameA);
            made.add(nameA);
            b = Namespaces.create(nameB);
            made.add(nameB);
            LinkOps.createVeth(a, devA, b, devB);
            AddrOps.add(a, devA, Cidr.parse("10.0.0.10/16"));
            AddrOps.add(b, devB, Cidr.parse("10.0.0.20/16"));
            LinkOps.setUp(a, devA, true);
            LinkOps.setUp(b, devB, true);
            awaitUp(a, devA);
            awaitUp(b, devB);
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    private static void awaitUp(Netns ns, String dev) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!"UP".equals(LinkOps.get(ns, dev).operstate())) {
            if (System.nanoTime() > end) throw new IllegalStateException(dev + " " + ns.where() + " is not UP after 5 s");
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        for (String n : made) {
            try {
                Namespaces.delete(n);
            } catch (RuntimeException e) {
                System.err.println("could not delete " + n + ": " + e.getMessage());
            }
        }
        made.clear();
    }
}
