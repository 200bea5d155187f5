package dev.nsh.packet.ping;

import dev.nsh.error.NshException;
import dev.nsh.model.Printed;
import dev.nsh.ns.Netns;
import dev.nsh.ns.Workers;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Every ordered pair pings once (one echo request, a one-second timeout, nothing printed per
 * ping), concurrently on a few platform threads that the caller starts ({@link Workers}, from
 * the root namespace): each source sends to all the others at once over one raw socket
 * ({@link PingSweep}, opened on the source namespace's own thread). The matrix is
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
        public int droppedPercent() {
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
        Workers.requireRootThread("pingAll");
        Map<String, Map<String, Boolean>> matrix = new LinkedHashMap<>();
        for (Target a : targets) {
            Map<String, Boolean> row = new LinkedHashMap<>();
            for (Target b : targets) if (a != b) row.put(b.name(), false);
            matrix.put(a.name(), row);
        }
        if (out != null) out.println("*** Ping: testing ping reachability");
        // One task per source: one raw socket, one echo request to every other target at once. A
        // source that fails (no socket) answers nothing; it does not stop the others.
        boolean[][] answered = new boolean[targets.size()][];
        String[] failed = new String[targets.size()];
        Workers.run("pingAll", IntStream.range(0, targets.size()).boxed().toList(), THREADS, null, i -> {
            try {
                answered[i] = sweep(targets.get(i), targets);
            } catch (NshException e) {
                answered[i] = new boolean[targets.size()];
                failed[i] = e.getMessage();
            }
        });
        int sent = 0, received = 0;
        for (int i = 0; i < targets.size(); i++) {
            for (int j = 0; j < targets.size(); j++) {
                if (j == i) continue;
                sent++;
                if (answered[i][j]) received++;
                matrix.get(targets.get(i).name()).put(targets.get(j).name(), answered[i][j]);
            }
        }
        Result r = new Result(matrix, sent, received);
        if (out != null) {
            out.print(text(r));
            // a source that could not ping at all says why, rather than only showing X
            for (int i = 0; i < targets.size(); i++) if (failed[i] != null) out.println("*** " + targets.get(i).name() + " could not ping: " + failed[i]);
        }
        return r;
    }

    /** Which targets answer {@code from}, by index; itself and targets without an address count as not answering. */
    private static boolean[] sweep(Target from, List<Target> targets) {
        boolean[] ok = new boolean[targets.size()];
        if (from.ip() == null) return ok;
        List<Integer> idx = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        for (int j = 0; j < targets.size(); j++) {
            Target t = targets.get(j);
            if (t == from || t.ip() == null) continue;
            idx.add(j);
            ips.add(t.ip());
        }
        boolean[] answered = PingSweep.run(from.ns(), ips, Duration.ofMillis((long) (TIMEOUT_SECONDS * 1000)));
        for (int k = 0; k < idx.size(); k++) ok[idx.get(k)] = answered[k];
        return ok;
    }

    static String text(Result r) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Map<String, Boolean>> row : r.matrix().entrySet()) {
            s.append(row.getKey()).append(" ->");
            for (Map.Entry<String, Boolean> c : row.getValue().entrySet()) s.append(' ').append(c.getValue() ? c.getKey() : "X");
            s.append('\n');
        }
        s.append("*** Results: ").append(r.droppedPercent()).append("% dropped (").append(r.received()).append('/')
                .append(r.sent()).append(" received)\n");
        return s.toString();
    }
}
