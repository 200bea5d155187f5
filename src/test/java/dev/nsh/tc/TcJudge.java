package dev.nsh.tc;

import dev.nsh.testing.Ip;
import dev.nsh.testing.Iputils;
import groovy.json.JsonSlurper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** tc, iputils ping and iperf3 as the judges of link conditions, each run in a namespace (ip netns exec). */
final class TcJudge {
    private static final Pattern TIME = Pattern.compile("icmp_seq=(\\d+) .*time=([0-9.]+) ms");

    private TcJudge() {}

    /** {@code tc -j qdisc show dev DEV}, parsed. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> qdiscs(String ns, String dev) {
        String out = Ip.run(List.of("ip", "netns", "exec", ns, "tc", "-j", "qdisc", "show", "dev", dev));
        return out.isBlank() ? List.of() : (List<Map<String, Object>>) new JsonSlurper().parseText(out);
    }

    /** {@code tc -j filter show dev DEV egress}, as text (empty when there is none). */
    static String egressFilters(String ns, String dev) {
        return Ip.run(List.of("ip", "netns", "exec", ns, "tc", "filter", "show", "dev", dev, "egress")).strip();
    }

    /** The round-trip times iputils printed, in ms, in arrival order. */
    static List<Double> rtts(Iputils.Result r) {
        List<Double> out = new ArrayList<>();
        for (Matcher m = TIME.matcher(r.out()); m.find(); ) out.add(Double.parseDouble(m.group(2)));
        return out;
    }

    /** The icmp_seq of every reply iputils printed (DUP! ones too). */
    static List<Integer> seqs(Iputils.Result r) {
        List<Integer> out = new ArrayList<>();
        for (Matcher m = TIME.matcher(r.out()); m.find(); ) out.add(Integer.parseInt(m.group(1)));
        return out;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }

    /** iperf3's receiver bits/s for {@code seconds} of TCP from {@code client} to the iperf3 server it starts in {@code server}. */
    static double iperf3(String client, String server, String address, int seconds) throws Exception {
        return ((Number) iperf3End(client, server, address, seconds).get("bits_per_second")).doubleValue();
    }

    /** iperf3's receiver sum (bits_per_second, lost_packets, packets, jitter_ms ...) for {@code seconds} of UDP at {@code rate} ("20M"). */
    static Map<String, Object> iperf3Udp(String client, String server, String address, int seconds, String rate) throws Exception {
        return iperf3End(client, server, address, seconds, "-u", "-b", rate);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> iperf3End(String client, String server, String address, int seconds, String... more) throws Exception {
        Process s = new ProcessBuilder("ip", "netns", "exec", server, "iperf3", "-s", "-1", "-B", address)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = null;
            // iperf3 -J reports a refused connection in its JSON, so wait until the server listens (ss judges).
            for (int i = 0; i < 100 && Ip.run(List.of("ip", "netns", "exec", server, "ss", "-Hltn", "sport = :5201")).isBlank(); i++) {
                if (!s.isAlive()) throw new AssertionError("iperf3 -s in " + server + " ended");
                Thread.sleep(50);
            }
            for (int attempt = 0; attempt < 50 && out == null; attempt++) {
                try {
                    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", client, "iperf3", "-J", "-c", address, "-t", String.valueOf(seconds)));
                    argv.addAll(List.of(more));
                    out = Ip.run(argv);
                    if (out.contains("Connection refused")) out = null;
                } catch (AssertionError e) { // refused: the server is not listening yet
                    if (!s.isAlive()) throw new AssertionError("iperf3 -s in " + server + " ended", e);
                }
                if (out == null) Thread.sleep(100);
            }
            if (out == null) throw new AssertionError("iperf3 server in " + server + " never listened");
            Map<String, Object> j = (Map<String, Object>) new JsonSlurper().parseText(out);
            Map<String, Object> end = (Map<String, Object>) j.get("end");
            if (end == null || end.get("sum_received") == null) throw new AssertionError("iperf3 gave no receiver sum:\n" + out);
            return (Map<String, Object>) end.get("sum_received");
        } finally {
            s.destroy();
            s.waitFor();
        }
    }
}
