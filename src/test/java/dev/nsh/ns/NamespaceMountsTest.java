package dev.nsh.ns;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Proc;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parallel creates take iproute2's lock on /run/netns, so its shared mount is made once, not stacked. */
@NeedsRoot
class NamespaceMountsTest {
    private final List<String> names = new ArrayList<>();
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void twentyParallelCreatesLeaveOneMountOnRunNetns() throws Exception {
        long before = Proc.mountsOn("/run/netns");
        for (int i = 0; i < 20; i++) names.add(scratch.track(TestNames.ns("par" + i)));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Netns>> made = new ArrayList<>();
            for (String n : names) made.add(pool.submit(() -> {
                go.await();
                return Namespaces.create(n);
            }));
            go.countDown();
            for (Future<Netns> f : made) f.get();
        } finally {
            pool.shutdownNow();
        }
        long after = Proc.mountsOn("/run/netns");
        assertEquals(1, after, "mounts on /run/netns (before: " + before + ")");
        assertTrue(before <= 1, "before the test there were " + before + " mounts on /run/netns");
        List<String> listed = Ip.json(null, "netns", "list").stream().map(m -> (String) m.get("name")).toList();
        assertTrue(listed.containsAll(names), "ip netns list sees all 20");
    }
}
