package dev.nsh.lab;

import dev.nsh.Printed;
import dev.nsh.ns.NamespaceThread;
import dev.nsh.ns.Netns;
import dev.nsh.packet.Ping;
import dev.nsh.packet.PingOptions;
import dev.nsh.sys.LibC;

import java.io.PrintStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Every ordered pair pings once (one echo request, a short timeout, nothing printed per ping),
 * concurrently on a bounded pool of platform threads that the caller starts (from the root
 * namespace; each ping opens its socket on the source namespace's own thread). The matrix is
 * printed as Mininet's pingall prints it:
 * <pre>
 * *** Ping: testing ping reachability
 * h1 -> h2 h3
 * h2 -> h1 X
 * h3 -> h1 h2
 * *** Results: 16% dropped (5/6 received)
 * </pre>
 */
public final class PingAll {
    private PingAll() {}

    /** At most this many pings at once. */
    static final int THREADS = 16;
    static final double TIMEOUT_SECONDS = 1.0;

    /** A namespace to ping from and its address to ping. */
    public record Target(String name, Netns ns, InetAddress ip) {}

    /** The matrix: for each source, each destination and whether it answered. */
    public record Result(Map<String, Map<String, Boolean>> matrix, int sent, int received) implements Printed {
        public int getDroppedPercent() {
            return sent == 0 ? 0 : (int) ((sent - received) * 100L / sent);
        }

        /** True when every ping was answered. */
        public boolean isOk() {
            return received == sent;
        }

        public boolean asBoolean() {
            return isOk();
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    public static Result run(List<Target> targets, PrintStream out) {
        if (NamespaceThread.allTids().contains(LibC.gettid())) {
            throw new IllegalStateException("pingAll must not be called from a namespace thread");
        }
        List<Target[]> pairs = new ArrayList<>();
        for (Target a : targets) for (Target b : targets) if (a != b) pairs.add(new Target[] {a, b});
        Map<String, Map<String, Boolean>> matrix = new LinkedHashMap<>();
        for (Target a : targets) {
            Map<String, Boolean> row = new LinkedHashMap<>();
            for (Target b : targets) if (a != b) row.put(b.name(), false);
            matrix.put(a.name(), row);
        }
        if (out != null) out.println("*** Ping: testing ping reachability");
        int threads = Math.max(1, Math.min(THREADS, pairs.size()));
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "nsh-pingall");
            t.setDaemon(true);
            return t;
        });
        // Every worker is started now, by the caller (root namespace), not later by some other thread.
        pool.prestartAllCoreThreads();
        int received = 0;
        try {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (Target[] p : pairs) fs.add(pool.submit(() -> ping(p[0], p[1])));
            for (int i = 0; i < pairs.size(); i++) {
                boolean ok;
                try {
                    ok = fs.get(i).get();
                } catch (ExecutionException e) {
                    ok = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new dev.nsh.NshException("pingAll: interrupted");
                }
                if (ok) received++;
                matrix.get(pairs.get(i)[0].name()).put(pairs.get(i)[1].name(), ok);
            }
        } finally {
            pool.shutdownNow();
        }
        Result r = new Result(matrix, pairs.size(), received);
        if (out != null) out.print(text(r));
        return r;
    }

    private static boolean ping(Target from, Target to) {
        if (to.ip() == null || from.ip() == null) return false;
        PingOptions o = PingOptions.to(to.ip().getHostAddress()).count(1).timeout(TIMEOUT_SECONDS);
        return Ping.run(from.ns(), o, null).received() > 0;
    }

    static String text(Result r) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Map<String, Boolean>> row : r.matrix().entrySet()) {
            s.append(row.getKey()).append(" ->");
            for (Map.Entry<String, Boolean> c : row.getValue().entrySet()) s.append(' ').append(c.getValue() ? c.getKey() : "X");
            s.append('\n');
        }
        s.append("*** Results: ").append(r.getDroppedPercent()).append("% dropped (").append(r.received()).append('/')
                .append(r.sent()).append(" received)\n");
        return s.toString();
    }
}
