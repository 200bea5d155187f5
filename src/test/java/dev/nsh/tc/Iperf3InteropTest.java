package dev.nsh.tc;

import dev.nsh.model.Cidr;
import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.testing.Iputils;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import groovy.json.JsonSlurper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nsh's client in iperf3's protocol against the iperf3 binary's server, which judges: the bytes it says it received are nsh's. */
@NeedsRoot
class Iperf3InteropTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void iperf3sServerCountsWhatNshSent() throws Exception {
        Netns a = scratch.ns("i3-a"), b = scratch.ns("i3-b");
        LinkOps.createVeth(a, "va", b, "vb");
        AddrOps.add(a, "va", Cidr.parse("10.9.1.1/24"));
        AddrOps.add(b, "vb", Cidr.parse("10.9.1.2/24"));
        LinkOps.setUp(a, "va", true);
        LinkOps.setUp(b, "vb", true);
        assertTrue(Iputils.reaches(a.name(), "10.9.1.2"));
        for (int parallel : new int[] {1, 2}) {
            File out = File.createTempFile("nsh-iperf3-server", ".json");
            Process server = new ProcessBuilder("ip", "netns", "exec", b.name(), "iperf3", "-s", "-1", "-J", "-B", "10.9.1.2")
                    .redirectErrorStream(true).redirectOutput(out).start();
            try {
                IperfResult r = null;
                for (int attempt = 0; attempt < 50 && r == null; attempt++) { // until the server listens
                    try {
                        r = Iperf.run(a, b, Map.of("iperf3", true, "seconds", 2, "parallel", parallel));
                    } catch (dev.nsh.error.NshException e) {
                        if (!e.getMessage().contains("Connection refused")) {
                            server.waitFor(5, TimeUnit.SECONDS);
                            throw new AssertionError("iperf3's server said:\n" + Files.readString(out.toPath()), e);
                        }
                        Thread.sleep(100);
                    }
                }
                assertTrue(server.waitFor(30, TimeUnit.SECONDS), "iperf3 -s -1 ended after the test");
                Map<?, ?> j = (Map<?, ?>) new JsonSlurper().parseText(Files.readString(out.toPath()));
                Map<?, ?> end = (Map<?, ?>) j.get("end");
                assertTrue(end != null && end.get("sum_received") != null, "iperf3's report:\n" + Files.readString(out.toPath()));
                long theirs = ((Number) ((Map<?, ?>) end.get("sum_received")).get("bytes")).longValue();
                assertEquals(theirs, r.receivedBytes(), "received bytes, as iperf3's server reports them\n" + r);
                assertTrue(r.sentBytes() >= theirs && theirs > 0, "sent " + r.sentBytes() + ", received " + theirs);
                assertEquals(parallel, ((java.util.List<?>) end.get("streams")).size(), "streams iperf3 counted");
            } finally {
                server.destroy();
                server.waitFor();
                out.delete();
            }
        }
    }
}
