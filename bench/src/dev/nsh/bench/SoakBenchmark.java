package dev.nsh.bench;

import dev.nsh.Namespace;
import dev.nsh.Nsh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * bench/soak.sh: N create/configure/delete cycles of a blog pair in one JVM (two namespaces, a
 * veth, an address and up on each end, a look at links(), both deleted), with the process's open
 * fds, threads and RSS sampled every EVERY cycles. Flat figures mean nothing leaks. Prints
 * {@code SOAK cycle fds threads rss_kb seconds}; asserts nothing.
 */
public final class SoakBenchmark {
    private SoakBenchmark() {}

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        String p = "sk" + ProcessHandle.current().pid();
        long t0 = System.nanoTime();
        sample(0, t0);
        for (int i = 1; i <= n; i++) {
            Namespace a = Nsh.ns(p + "-a"), b = Nsh.ns(p + "-b");
            a.veth("va").peer(b, "vb").addr("10.0.0.10/16").up();
            b.link("vb").addr("10.0.0.20/16").up();
            a.links().toString();
            a.delete();
            b.delete();
            if (i % every == 0) sample(i, t0);
        }
        System.exit(0);
    }

    private static void sample(int cycle, long t0) throws IOException {
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        long threads = 0, rss = 0;
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Threads:")) threads = Long.parseLong(l.replaceAll("\\D", ""));
            if (l.startsWith("VmRSS:")) rss = Long.parseLong(l.replaceAll("\\D", ""));
        }
        System.gc(); // the heap in use after a collection: what a leak would make grow
        Runtime rt = Runtime.getRuntime();
        long heap = (rt.totalMemory() - rt.freeMemory()) >> 10;
        System.out.printf(Locale.ROOT, "SOAK %6d %5d %4d %8d %8d %8.1f%n", cycle, fds, threads, rss, heap, (System.nanoTime() - t0) / 1e9);
    }
}
