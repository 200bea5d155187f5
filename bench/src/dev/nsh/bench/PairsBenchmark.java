package dev.nsh.bench;

import dev.nsh.model.Cidr;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark of issue 2: N "blog-style" pairs built and deleted through the Java API in one JVM,
 * exactly as /work/shared/bench/peers_pairs.sh does with {@code ip}: for i in 1..N, namespaces
 * {@code bpPID-a<i>} and {@code bpPID-b<i>}, a veth {@code va<i>} in the first with peer
 * {@code vb<i>} in the second, 10.0.0.10/16 on va<i> and 10.0.0.20/16 on vb<i>, both up; then every
 * namespace deleted, a then b, in order. It prints figures and asserts nothing.
 *
 * <pre>
 *   java [-Dnsh.bench.warmup=5] -cp target/nsh.jar dev.nsh.bench.PairsBenchmark N [repeats] [seq|par|both]
 * </pre>
 *
 * A warm-up of a few pairs runs first and is not counted. "seq" is the script's order on the main
 * thread; "par" builds and deletes the same pairs from two platform threads started by main (never
 * from a namespace thread), odd i on one and even i on the other. Every run prints one line
 * starting with {@code RESULT} that bench/pairs.sh reads: mode, N, build, teardown and total wall
 * seconds, and the CPU seconds of the whole process (all threads, user + system) over the run.
 */
public final class PairsBenchmark {
    private static final Cidr A_ADDR = Cidr.parse("10.0.0.10/16");
    private static final Cidr B_ADDR = Cidr.parse("10.0.0.20/16");
    /** Pairs built and deleted before the measured runs; -Dnsh.bench.warmup=0 for a cold run. */
    private static final int WARMUP = Integer.getInteger("nsh.bench.warmup", 5);

    /** Nanoseconds spent per step, summed over the pairs one worker built. */
    static final class Phases {
        long nsCreate, veth, addr, up, delete;

        void add(Phases o) {
            nsCreate += o.nsCreate;
            veth += o.veth;
            addr += o.addr;
            up += o.up;
            delete += o.delete;
        }
    }

    /** CPU time of the whole process (every thread, user + system), ns; -1 if the JVM cannot tell. */
    static long cpuNs() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    record Run(String mode, int n, long buildNs, long teardownNs, long cpuNs, Phases phases) {
        long totalNs() {
            return buildNs + teardownNs;
        }
    }

    private PairsBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: PairsBenchmark N [repeats] [seq|par|both]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String modes = args.length > 2 ? args[2] : "both";
        if (n < 1 || repeats < 1 || !List.of("seq", "par", "both").contains(modes)) {
            System.err.println("usage: PairsBenchmark N [repeats] [seq|par|both]  (N, repeats >= 1)");
            System.exit(2);
        }
        String prefix = "bp" + ProcessHandle.current().pid();

        // Warm-up: class loading, JNA binding, JIT of the request paths. Not counted.
        if (WARMUP > 0) {
            long w0 = System.nanoTime();
            verifyWithIp(prefix + "v");
            sequential(prefix + "w", WARMUP);
            if (!modes.equals("seq")) parallel(prefix + "w", WARMUP);
            System.out.printf(Locale.ROOT, "warm-up: %d pairs (not counted) in %.3f s%n", WARMUP, (System.nanoTime() - w0) / 1e9);
        } else {
            System.out.println("no warm-up: the first run is cold (class loading, JNA binding, interpreter)");
        }

        List<Run> seq = new ArrayList<>(), par = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            if (!modes.equals("par")) seq.add(report(sequential(prefix, n)));
            if (!modes.equals("seq")) par.add(report(parallel(prefix, n)));
        }
        summary(seq);
        summary(par);
    }

    /** The script's order on this thread: build pair 1..N, then delete a1 b1 a2 b2 ... */
    static Run sequential(String prefix, int n) {
        Phases ph = new Phases();
        List<String> names = new ArrayList<>(2 * n);
        long c0 = cpuNs();
        long t0 = System.nanoTime();
        try {
            for (int i = 1; i <= n; i++) build(prefix, i, ph, names);
        } catch (RuntimeException e) {
            cleanUp(names);
            throw e;
        }
        long t1 = System.nanoTime();
        for (String name : names) delete(name, ph);
        long t2 = System.nanoTime();
        return new Run("nsh-seq", n, t1 - t0, t2 - t1, cpuNs() - c0, ph);
    }

    /** Two platform threads started here (the main thread, in the root namespace), odd and even i. */
    static Run parallel(String prefix, int n) throws InterruptedException {
        int workers = 2;
        Phases[] ph = new Phases[workers];
        @SuppressWarnings("unchecked") List<String>[] names = new List[workers];
        RuntimeException[] failure = new RuntimeException[workers];
        for (int w = 0; w < workers; w++) {
            ph[w] = new Phases();
            names[w] = new ArrayList<>();
        }
        long c0 = cpuNs();
        long t0 = System.nanoTime();
        runAll(workers, w -> {
            for (int i = w + 1; i <= n; i += workers) build(prefix, i, ph[w], names[w]);
        }, failure);
        long t1 = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            if (failure[w] != null) {
                for (List<String> l : names) cleanUp(l);
                throw failure[w];
            }
        }
        runAll(workers, w -> {
            for (String name : names[w]) delete(name, ph[w]);
        }, failure);
        long t2 = System.nanoTime();
        for (RuntimeException e : failure) if (e != null) throw e;
        Phases sum = new Phases();
        for (Phases p : ph) sum.add(p);
        return new Run("nsh-par2", n, t1 - t0, t2 - t1, cpuNs() - c0, sum);
    }

    private interface Worker {
        void run(int w);
    }

    private static void runAll(int workers, Worker body, RuntimeException[] failure) throws InterruptedException {
        Thread[] ts = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            int id = w;
            ts[w] = new Thread(() -> {
                try {
                    body.run(id);
                } catch (RuntimeException e) {
                    failure[id] = e;
                }
            }, "bench-" + w);
            ts[w].start();
        }
        for (Thread t : ts) t.join();
    }

    private static void build(String prefix, int i, Phases ph, List<String> names) {
        String an = prefix + "-a" + i, bn = prefix + "-b" + i, va = "va" + i, vb = "vb" + i;
        long t0 = System.nanoTime();
        Netns a = Namespaces.create(an);
        names.add(an);
        Netns b = Namespaces.create(bn);
        names.add(bn);
        long t1 = System.nanoTime();
        LinkOps.createVeth(a, va, b, vb);
        long t2 = System.nanoTime();
        AddrOps.add(a, va, A_ADDR);
        long t3 = System.nanoTime();
        LinkOps.setUp(a, va, true);
        long t4 = System.nanoTime();
        AddrOps.add(b, vb, B_ADDR);
        long t5 = System.nanoTime();
        LinkOps.setUp(b, vb, true);
        long t6 = System.nanoTime();
        ph.nsCreate += t1 - t0;
        ph.veth += t2 - t1;
        ph.addr += (t3 - t2) + (t5 - t4);
        ph.up += (t4 - t3) + (t6 - t5);
    }

    private static void delete(String name, Phases ph) {
        long t0 = System.nanoTime();
        Namespaces.delete(name);
        ph.delete += System.nanoTime() - t0;
    }

    /**
     * Before anything is timed: one pair built through the API, checked by {@code ip} itself
     * (addresses and UP on both ends, each in its own namespace), and deleted.
     */
    static void verifyWithIp(String prefix) throws Exception {
        List<String> names = new ArrayList<>();
        try {
            build(prefix, 1, new Phases(), names);
            String a = ip(prefix + "-a1", "va1"), b = ip(prefix + "-b1", "vb1");
            if (!a.matches("(?s)va1@\\S+\\s+UP\\s+10\\.0\\.0\\.10/16.*") || !b.matches("(?s)vb1@\\S+\\s+UP\\s+10\\.0\\.0\\.20/16.*")) {
                throw new IllegalStateException("the pair is not as the script makes it; ip -br addr says:\n" + a + "\n" + b);
            }
            System.out.println("checked by ip: " + a.trim().replaceAll("\\s+", " ") + " | " + b.trim().replaceAll("\\s+", " "));
        } finally {
            cleanUp(names);
        }
    }

    private static String ip(String ns, String dev) throws Exception {
        Process p = new ProcessBuilder("ip", "-n", ns, "-br", "-4", "addr", "show", "dev", dev).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** After a failure: leave nothing behind. */
    private static void cleanUp(List<String> names) {
        for (String name : names) {
            try {
                Namespaces.delete(name);
            } catch (RuntimeException ignored) {
                // already gone, or half made; the next one may still go
            }
        }
    }

    private static Run report(Run r) {
        Phases p = r.phases();
        System.out.printf(Locale.ROOT,
                "%-8s N=%d  build %.3f s  teardown %.3f s  total %.3f s  cpu %.3f s   [summed per step: create 2 ns %.3f s, veth %.3f s,"
                        + " addr x2 %.3f s, up x2 %.3f s, delete 2 ns %.3f s]%n",
                r.mode(), r.n(), r.buildNs() / 1e9, r.teardownNs() / 1e9, r.totalNs() / 1e9, r.cpuNs() / 1e9,
                p.nsCreate / 1e9, p.veth / 1e9, p.addr / 1e9, p.up / 1e9, p.delete / 1e9);
        System.out.printf(Locale.ROOT, "RESULT %s %d %.4f %.4f %.4f %.4f%n", r.mode(), r.n(), r.buildNs() / 1e9,
                r.teardownNs() / 1e9, r.totalNs() / 1e9, r.cpuNs() / 1e9);
        return r;
    }

    private static void summary(List<Run> runs) {
        if (runs.size() < 2) return;
        double[] t = runs.stream().mapToDouble(r -> r.totalNs() / 1e9).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-8s N=%d  %d runs: min %.3f s  median %.3f s  max %.3f s  (build+teardown)%n",
                runs.get(0).mode(), runs.get(0).n(), t.length, t[0], t[t.length / 2], t[t.length - 1]);
        System.out.printf(Locale.ROOT, "SUMMARY %s %d %.4f %.4f%n", runs.get(0).mode(), runs.get(0).n(), t[0],
                t[t.length / 2]);
    }
}
