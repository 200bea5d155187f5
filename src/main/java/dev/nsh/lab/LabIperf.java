package dev.nsh.lab;

import dev.nsh.tc.Iperf;
import dev.nsh.tc.IperfResult;

import java.io.PrintStream;
import java.util.Map;

/** A lab's {@code iperf(h1, h2)}, as Mininet's {@code net.iperf((h1, h2))}: TCP from h1 to h2, printed as Mininet prints it. */
final class LabIperf {
    private LabIperf() {}

    static IperfResult run(Node client, Node server, Map<String, ?> opts, PrintStream out) {
        out.println("*** Iperf: testing TCP bandwidth between " + client.name() + " and " + server.name());
        IperfResult r = Iperf.run(client.ns().netns(), server.ns().netns(), opts == null ? Map.of() : opts);
        // Mininet lists the server's figure first, then the client's.
        out.println("*** Results: ['" + IperfResult.bits(r.receiverBitsPerSecond()).strip() + "', '"
                + IperfResult.bits(r.senderBitsPerSecond()).strip() + "']");
        return r;
    }
}
