package dev.nsh.bench;

import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.rtnl.IfInfoMsg;
import dev.nsh.netlink.rtnl.Ifla;
import dev.nsh.ns.NamespaceThread;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ops.LinkOps;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the time of {@link PairsBenchmark} goes: each part of creating, using and deleting a
 * namespace timed on its own, warm, as a mean over M iterations. A development aid for issue 2;
 * prints figures, asserts nothing.
 *
 * <pre>
 *   java -cp target/nsh.jar dev.nsh.bench.CreateProfile [M]
 * </pre>
 */
public final class CreateProfile {
    private CreateProfile() {}

    private interface Step {
        void run(int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String p = "cp" + ProcessHandle.current().pid();
        for (int round = 0; round < 2; round++) {
            System.out.println(round == 0 ? "-- warm-up round (figures include class loading and JIT)" : "-- measured round");
            profile(p + "r" + round, m);
        }
    }

    private static void profile(String p, int m) throws Exception {
        time("platform thread start + join (empty body)", m, i -> {
            Thread t = new Thread(() -> {});
            t.start();
            t.join();
        });
        time("NamespaceThread.start (no-op entry) + stop", m, i -> NamespaceThread.start("x", () -> {}).stop());
        long[] unshare = new long[1];
        time("thread: unshare(CLONE_NEWNET) then exit", m, i -> {
            Thread t = new Thread(() -> {
                long t0 = System.nanoTime();
                Sys.unshare(Sys.CLONE_NEWNET, "unshare");
                unshare[0] += System.nanoTime() - t0;
            });
            t.start();
            t.join();
        });
        System.out.printf(Locale.ROOT, "  %-52s %8.1f us%n", "  of which the unshare syscall itself", unshare[0] / 1e3 / m);

        // The steps of Namespaces.create, one by one.
        long[] parts = new long[7];
        String[] names = {"createFile", "prepareRunDir (mkdirs, open, flock, mount MS_SHARED)",
                "thread start until its entry runs", "unshare (on the thread)", "bind mount (on the thread)",
                "entry done until the caller resumes", "open fd"};
        NamespaceThread[] threads = new NamespaceThread[m];
        for (int i = 0; i < m; i++) {
            Path file = Path.of(Namespaces.RUN_DIR, p + "-s" + i);
            long t0 = System.nanoTime();
            Files.createFile(file);
            long t1 = System.nanoTime();
            Files.createDirectories(Path.of(Namespaces.RUN_DIR));
            int lock = Sys.open(Namespaces.RUN_DIR, Sys.O_RDONLY | Sys.O_DIRECTORY);
            LibC.flock(lock, Sys.LOCK_EX);
            LibC.mount("", Namespaces.RUN_DIR, "none", Sys.MS_SHARED | Sys.MS_REC, null);
            Sys.closeQuietly(lock);
            long t2 = System.nanoTime();
            long[] inner = new long[3];
            long[] started = new long[1];
            threads[i] = NamespaceThread.start("s" + i, () -> {
                started[0] = System.nanoTime();
                Sys.unshare(Sys.CLONE_NEWNET, "unshare");
                long a = System.nanoTime();
                Sys.mount("/proc/thread-self/ns/net", file.toString(), "none", Sys.MS_BIND, "bind");
                inner[0] = a - started[0];
                inner[2] = System.nanoTime();
                inner[1] = inner[2] - a;
            });
            long t3 = System.nanoTime();
            int fd = Sys.open(file.toString(), Sys.O_RDONLY);
            long t4 = System.nanoTime();
            Sys.closeQuietly(fd);
            parts[0] += t1 - t0;
            parts[1] += t2 - t1;
            parts[2] += started[0] - t2;
            parts[3] += inner[0];
            parts[4] += inner[1];
            parts[5] += t3 - inner[2];
            parts[6] += t4 - t3;
        }
        long total = 0;
        for (long x : parts) total += x;
        System.out.printf(Locale.ROOT, "  %-52s %8.1f us%n", "Namespaces.create, step by step (sum)", total / 1e3 / m);
        for (int k = 0; k < parts.length; k++) {
            System.out.printf(Locale.ROOT, "  %-52s %8.1f us%n", "  " + names[k], parts[k] / 1e3 / m);
        }
        long stop = 0, umount = 0;
        for (int i = 0; i < m; i++) {
            long t0 = System.nanoTime();
            threads[i].stop();
            long t1 = System.nanoTime();
            Path file = Path.of(Namespaces.RUN_DIR, p + "-s" + i);
            LibC.umount2(file.toString(), Sys.MNT_DETACH);
            Files.delete(file);
            stop += t1 - t0;
            umount += System.nanoTime() - t1;
        }
        System.out.printf(Locale.ROOT, "  %-52s %8.1f us%n", "delete: stop the thread (poison, join)", stop / 1e3 / m);
        System.out.printf(Locale.ROOT, "  %-52s %8.1f us%n", "delete: umount2 MNT_DETACH + unlink", umount / 1e3 / m);

        Netns[] ns = new Netns[m];
        time("Namespaces.create", m, i -> ns[i] = Namespaces.create(p + "-c" + i));
        Request get = Request.of(Nl.RTM_GETLINK, 0).header(IfInfoMsg.class).attr(Ifla.IFNAME, "lo");
        time("first netlink request (opens the socket)", m, i -> ns[i].netlink(s -> s.request(get)));
        time("netlink GETLINK lo, handed to the ns thread", m, i -> LinkOps.index(ns[i % m], "lo"));
        time("netlink GETLINK lo, 10 on the ns thread (per request)", m, 10, i -> ns[i].netlink(s -> {
            for (int k = 0; k < 10; k++) s.request(get);
            return null;
        }));
        time("hand-off only: ns.onThread(() -> null)", m, i -> ns[i].onThread(() -> null));
        time("Namespaces.delete", m, i -> Namespaces.delete(p + "-c" + i));
    }

    private static void time(String what, int m, Step s) throws Exception {
        time(what, m, 1, s);
    }

    private static void time(String what, int m, int per, Step s) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < m; i++) s.run(i);
        System.out.printf(Locale.ROOT, "  %-52s %8.1f us%n", what, (System.nanoTime() - t0) / 1e3 / m / per);
    }
}
