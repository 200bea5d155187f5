package dev.nsh.bench;

import dev.nsh.model.Cidr;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.packet.ping.Ping;
import dev.nsh.packet.ping.PingOptions;
import dev.nsh.packet.ping.PingResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4's ping figure: nsh's {@link Ping} beside iputils ping on the same veth pair, in the same
 * run. Two namespaces, a veth between them (10.0.0.10/16, 10.0.0.20/16, both up); then K rounds,
 * each running {@code ip netns exec A ping -c C -i I -s S -q 10.0.0.20} and {@code Ping.run} with
 * the same count, interval and size, one after the other (the order swaps every round, so neither
 * always runs first). It prints min/avg/max/mdev of each run, the medians over the rounds and the
 * ratio of the median avg (nsh / iputils). It asserts nothing and deletes its namespaces.
 *
 * <pre>
 *   java -cp target/nsh.jar dev.nsh.bench.PingBenchmark [rounds=5] [count=200] [interval=0.01] [size=56]
 * </pre>
 *
 * Lines starting with {@code RESULT} (per round) and {@code MEDIAN} are read by bench/packet.sh:
 * tool, round, min, avg, max, mdev in ms, received/transmitted.
 */
public final class PingBenchmark {
    private static final Pattern RTT = Pattern.compile("rtt min/avg/max/mdev = ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms");
    private static final Pattern COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    record Figures(String tool, double min, double avg, double max, double mdev, long received, long transmitted) {}

    private PingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String interval = args.length > 2 ? args[2] : "0.01";
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 56;
        try (VethBed bed = new VethBed("pk" + ProcessHandle.current().pid() + "-p", "pva", "pvb")) {
            Netns a = bed.a, b = bed.b;
            String an = bed.nameA, bn = bed.nameB;

            PingOptions opts = PingOptions.to("10.0.0.20").count(count).interval(Double.parseDouble(interval)).size(size)
                    .timeout(Duration.ofSeconds(2));
            // Warm-up, not counted: ARP, class loading, JIT of the send/receive path.
            iputils(an, Math.min(count, 50), interval, size);
            for (int i = 0; i < 3; i++) Ping.run(a, PingOptions.to("10.0.0.20").count(Math.min(count, 50)).interval(Double.parseDouble(interval)).size(size), null);

            System.out.printf(Locale.ROOT, "ping 10.0.0.20 from %s over a veth: %d rounds of %d requests, interval %s s, %d data bytes%n",
                    an, rounds, count, interval, size);
            List<Figures> ip = new ArrayList<>(), nsh = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Figures fi, fn;
                if (r % 2 == 1) {
                    fi = iputils(an, count, interval, size);
                    fn = nsh(a, opts);
                } else {
                    fn = nsh(a, opts);
                    fi = iputils(an, count, interval, size);
                }
                ip.add(fi);
                nsh.add(fn);
                print("RESULT", r, fi);
                print("RESULT", r, fn);
            }
            Figures mi = median("iputils", ip), mn = median("nsh", nsh);
            print("MEDIAN", rounds, mi);
            print("MEDIAN", rounds, mn);
            System.out.printf(Locale.ROOT, "RATIO avg nsh/iputils %.3f  min %.3f  max %.3f  mdev %.3f%n", mn.avg / mi.avg, mn.min / mi.min,
                    mn.max / mi.max, mi.mdev == 0 ? Double.NaN : mn.mdev / mi.mdev);
        }
    }

    static Figures nsh(Netns a, PingOptions opts) {
        PingResult r = Ping.run(a, opts, null);
        return new Figures("nsh", r.min(), r.avg(), r.max(), r.mdev(), r.received(), r.transmitted());
    }

    static Figures iputils(String ns, int count, String interval, int size) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "ping", "-c", Integer.toString(count), "-i", interval,
                "-s", Integer.toString(size), "-W", "2", "-q", "10.0.0.20").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        Matcher m = RTT.matcher(out), c = COUNTS.matcher(out);
        if (!m.find() || !c.find()) throw new IllegalStateException("iputils ping (exit " + rc + ") printed no rtt line:\n" + out);
        return new Figures("iputils", Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)), Long.parseLong(c.group(2)), Long.parseLong(c.group(1)));
    }

    static Figures median(String tool, List<Figures> runs) {
        return new Figures(tool, med(runs, Figures::min), med(runs, Figures::avg), med(runs, Figures::max), med(runs, Figures::mdev),
                runs.stream().mapToLong(Figures::received).sum(), runs.stream().mapToLong(Figures::transmitted).sum());
    }

    private static double med(List<Figures> runs, java.util.function.ToDoubleFunction<Figures> f) {
        double[] v = runs.stream().mapToDouble(f).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void print(String kind, int round, Figures f) {
        System.out.printf(Locale.ROOT, "%s %-7s %2d  min %.3f  avg %.3f  max %.3f  mdev %.3f ms  %d/%d%n", kind, f.tool, round, f.min, f.avg,
                f.max, f.mdev, f.received, f.transmitted);
    }

    /** The carrier comes on through linkwatch, up to a second after "up"; until then the veth drops. */
}
