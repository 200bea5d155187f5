package dev.nsh.bench;

import dev.nsh.lab.Lab;
import dev.nsh.lab.Labs;
import dev.nsh.lab.Node;

import java.util.List;

/**
 * bench/lab.sh: N blog pairs built and removed through nsh's Java API, without Groovy (the JVM's
 * start is then most of what the wall clock adds to the in-process figure).
 */
public class LabPairs {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        long t0 = System.nanoTime(), t1;
        try (Lab lab = Labs.lab("bench-jpairs")) {
            List<Node> h = lab.hosts(2 * n);
            for (int i = 0; i < n; i++) lab.link(h.get(2 * i), h.get(2 * i + 1));
            t1 = System.nanoTime();
        }
        long t2 = System.nanoTime();
        System.out.printf("nsh (Java) %d pairs: build %.2f s, teardown %.2f s, in-process total %.2f s%n", n, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9);
        System.exit(0);
    }
}
