package dev.nsh.lab;

import dev.nsh.tc.Iperf;
import dev.nsh.tc.IperfResult;

import java.io.PrintStream;
import java.util.Map;

/**
 * A lab's {@code iperf(h1, h2)}, as Mininet's {@code net.iperf((h1, h2))}: TCP from h1 to h2, printed
 * as Mininet prints it; {@code udp: true} (and {@code rate:}, {@code length:}) as its
 * {@code l4Type='UDP', udpBw=...}, whose results begin with the rate asked for. The options are
 * {@link Iperf}'s and go to it unchanged.
 */
final class LabIperf {
    private LabIperf() {}

    static IperfResult run(Node client, Node server, Map<String, ?> opts, PrintStream out) {
        Map<String, ?> o = opts == null ? Map.of() : opts;
        boolean udp = Iperf.udp(o);
        out.println("*** Iperf: testing " + (udp ? "UDP" : "TCP") + " bandwidth between " + client.name() + " and " + server.name());
        IperfResult r = Iperf.run(client.ns().netns(), server.ns().netns(), o);
        // Mininet lists the server's figure first, then the client's; for UDP the rate asked for before them.
        String asked = udp ? "'" + (o.get("rate") != null ? o.get("rate") : "1mbit") + "', " : "";
        out.println("*** Results: [" + asked + "'" + IperfResult.bits(r.receiverBitsPerSecond()).strip() + "', '"
                + IperfResult.bits(r.senderBitsPerSecond()).strip() + "']");
        return r;
    }
}
