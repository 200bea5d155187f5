package dev.nsh.bench;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.lab.Lab;
import dev.nsh.lab.Labs;
import dev.nsh.lab.Node;
import dev.nsh.netlink.NetlinkSocket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * bench/scale.sh's Java part; prints figures, asserts nothing.
 * <pre>
 *   java -cp ... dev.nsh.bench.ScaleBenchmark calls ROUNDS      the everyday calls on one pair, per call
 *   java -cp ... dev.nsh.bench.ScaleBenchmark memory N          RSS of N namespaces held, and of a lab of N pairs
 * </pre>
 * "calls" makes one blog pair and times each call of a round (link look-up, addr, up, links(),
 * addrs(), routes(), arp(), peer(), exists(), ns()) as the median of ROUNDS rounds, with the
 * netlink requests each sent; the script runs it with 0 to 5,000 other namespaces on the machine.
 * Lines: {@code CALL name median_us requests}.
 */
public final class ScaleBenchmark {
    private ScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "calls";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        if (mode.equals("calls")) calls(n);
        else if (mode.equals("memory")) memory(n);
        else if (mode.equals("card")) card(n);
        else throw new IllegalArgumentException("mode is calls or memory, not " + mode);
        System.exit(0);
    }

    private static void calls(int rounds) {
        String p = "sc" + ProcessHandle.current().pid();
        Namespace a = Nsh.ns(p + "-a"), b = Nsh.ns(p + "-b");
        try {
            a.veth("va").peer(b, "vb").addr("10.0.0.10/16").up();
            b.link("vb").addr("10.0.0.20/16").up();
            Map<String, Supplier<Object>> round = new LinkedHashMap<>();
            round.put("ns(name)", () -> Nsh.ns(p + "-b"));
            round.put("exists(name)", () -> Nsh.exists(p + "-a"));
            round.put("link(name)", () -> b.link("vb"));
            round.put("addr(cidr) again", () -> b.link("vb").addr("10.0.0.20/16"));
            round.put("up() again", () -> b.link("vb").up());
            round.put("peer()", () -> b.link("vb").peer());
            round.put("links()", () -> a.links().toString());
            round.put("addrs()", () -> a.addrs().toString());
            round.put("routes()", () -> a.routes().toString());
            round.put("arp()", () -> a.arp().toString());
            Map<String, long[]> times = new LinkedHashMap<>();
            Map<String, Long> requests = new LinkedHashMap<>();
            for (String k : round.keySet()) times.put(k, new long[rounds]);
            for (int r = -3; r < rounds; r++) { // three rounds of warm-up
                for (Map.Entry<String, Supplier<Object>> e : round.entrySet()) {
                    long q0 = NetlinkSocket.requestsSent(), t0 = System.nanoTime();
                    e.getValue().get();
                    long t = System.nanoTime() - t0;
                    if (r >= 0) {
                        times.get(e.getKey())[r] = t;
                        requests.put(e.getKey(), NetlinkSocket.requestsSent() - q0);
                    }
                }
            }
            long total = 0;
            for (Map.Entry<String, long[]> e : times.entrySet()) {
                long med = median(e.getValue());
                total += med;
                System.out.printf(Locale.ROOT, "CALL %-18s %10.1f %5d%n", e.getKey().replace(' ', '_'), med / 1e3, requests.get(e.getKey()));
            }
            System.out.printf(Locale.ROOT, "CALL %-18s %10.1f %5s%n", "round", total / 1e3, "-");
        } finally {
            a.delete();
            b.delete();
        }
    }

    /** Where the card's time goes: each step of N pairs timed on its own (after 50 pairs of warm-up). */
    private static void card(int n) {
        String p = "sc" + ProcessHandle.current().pid();
        String[] steps = {"ns(a)", "ns(b)", "veth.peer", "a addr", "a up", "b.link", "b addr", "b up", "a.delete", "b.delete"};
        long[] t = new long[steps.length];
        for (int round = 0; round < 2; round++) {
            java.util.Arrays.fill(t, 0);
            int count = round == 0 ? 50 : n;
            for (int i = 0; i < count; i++) {
                long[] at = new long[steps.length + 1];
                at[0] = System.nanoTime();
                Namespace a = Nsh.ns(p + "-a" + i);
                at[1] = System.nanoTime();
                Namespace b = Nsh.ns(p + "-b" + i);
                at[2] = System.nanoTime();
                dev.nsh.Link va = a.veth("va").peer(b, "vb");
                at[3] = System.nanoTime();
                va.addr("10.0.0.10/16");
                at[4] = System.nanoTime();
                va.up();
                at[5] = System.nanoTime();
                dev.nsh.Link vb = b.link("vb");
                at[6] = System.nanoTime();
                vb.addr("10.0.0.20/16");
                at[7] = System.nanoTime();
                vb.up();
                at[8] = System.nanoTime();
                a.delete();
                at[9] = System.nanoTime();
                b.delete();
                at[10] = System.nanoTime();
                for (int k = 0; k < steps.length; k++) t[k] += at[k + 1] - at[k];
            }
        }
        long total = 0;
        for (long x : t) total += x;
        for (int k = 0; k < steps.length; k++) {
            System.out.printf(Locale.ROOT, "CARD %-10s %8.1f us a pair %5.1f %%%n", steps[k], t[k] / 1e3 / n, 100.0 * t[k] / total);
        }
        System.out.printf(Locale.ROOT, "CARD %-10s %8.1f us a pair%n", "all", total / 1e3 / n);
    }

    /**
     * What one namespace costs: RSS after a quarter of {@code n} namespaces and after all {@code n},
     * the difference divided by the three quarters between, so that what a JVM grows once (heap it
     * expands to, classes, JIT) is not counted as per namespace. Then the same for a lab of n pairs.
     */
    private static void memory(int n) throws IOException {
        String p = "sm" + ProcessHandle.current().pid();
        Namespace w = Nsh.ns(p + "-w"); // warm: classes and JIT are not a namespace's
        w.veth("v").peer("v2").up();
        w.links().toString();
        w.delete();
        int first = n / 4;
        List<Namespace> held = new ArrayList<>();
        long base = rssKb(), at = 0;
        for (int i = 0; i < n; i++) {
            if (i == first) at = settledRssKb();
            Namespace x = Nsh.ns(p + "-" + i);
            x.link("lo").up();
            held.add(x);
        }
        long all = settledRssKb();
        System.out.printf(Locale.ROOT, "MEMORY namespaces %d base_kb %d at_%d_kb %d at_%d_kb %d per_namespace_kb %.1f%n", n, base, first, at,
                n, all, (all - at) / (double) (n - first));
        for (Namespace x : held) x.delete();
        try (Lab lab = Labs.lab(p + "-lab")) {
            long lab0 = 0;
            for (int i = 0; i < n; i++) {
                if (i == first) lab0 = settledRssKb();
                List<Node> h = lab.hosts(2);
                lab.link(h.get(0), h.get(1));
            }
            long lab1 = settledRssKb();
            System.out.printf(Locale.ROOT, "MEMORY lab_pairs %d at_%d_pairs_kb %d at_%d_pairs_kb %d per_namespace_kb %.1f%n", n, first, lab0,
                    n, lab1, (lab1 - lab0) / (2.0 * (n - first)));
            System.out.printf(Locale.ROOT, "MEMORY lab_total %d namespaces rss_kb %d, %.1f kb a namespace above the %d kb before any%n", 2 * n,
                    lab1, (lab1 - base) / (2.0 * n), base);
        }
    }

    private static long settledRssKb() throws IOException {
        System.gc();
        return rssKb();
    }

    private static long rssKb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
        }
        return -1;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
