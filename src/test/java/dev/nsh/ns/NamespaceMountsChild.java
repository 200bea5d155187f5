package dev.nsh.ns;

import dev.nsh.testing.Ip;
import dev.nsh.testing.Proc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Run by {@code NamespaceMountsTest} in a private mount namespace where /run/netns is no mount at
 * all: creates the namespaces named in {@code args} at once from as many threads, and prints the
 * mounts on /run/netns before and after, how many of them {@code ip netns list} shows, and how
 * many are left after deleting them again.
 */
public final class NamespaceMountsChild {
    public static void main(String[] args) throws Exception {
        System.out.println("before " + Proc.mountsOn("/run/netns"));
        ExecutorService pool = Executors.newFixedThreadPool(args.length);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Netns>> made = new ArrayList<>();
            for (String n : args) made.add(pool.submit(() -> {
                go.await();
                return Namespaces.create(n);
            }));
            go.countDown();
            for (Future<Netns> f : made) f.get();
        } finally {
            pool.shutdownNow();
        }
        System.out.println("after " + Proc.mountsOn("/run/netns"));
        List<String> listed = Ip.json(null, "netns", "list").stream().map(m -> (String) m.get("name")).toList();
        System.out.println("listed " + List.of(args).stream().filter(listed::contains).count());
        for (String n : args) Namespaces.delete(n);
        System.out.println("left " + List.of(args).stream().filter(Namespaces::exists).count());
        System.exit(0);
    }
}
