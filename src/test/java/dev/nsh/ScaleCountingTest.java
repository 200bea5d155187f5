package dev.nsh;

import dev.nsh.netlink.NetlinkSocket;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The everyday calls on one pair cost the same number of netlink requests whatever the machine
 * holds: counted in the socket layer ({@link NetlinkSocket#requestsSent}) with no other namespace
 * of this test, then with 200 made by {@code ip -batch}. Not timed: a count cannot be flaky.
 */
@NeedsRoot
@Timeout(120)
class ScaleCountingTest {
    private final List<String> made = new ArrayList<>();
    private Path batch;

    @AfterEach
    void cleanUp() throws IOException {
        StringBuilder del = new StringBuilder();
        for (String n : made) if (Files.exists(Path.of("/run/netns", n))) del.append("netns del ").append(n).append('\n');
        if (del.length() > 0) {
            Files.writeString(batch, del);
            Ip.run("-batch", batch.toString());
        }
        if (batch != null) Files.deleteIfExists(batch);
    }

    @Test
    void aLinkLookUpAnAddressAndPeerCostTheSameWith200OtherNamespaces() throws IOException {
        String a = TestNames.ns("ca"), b = TestNames.ns("cb");
        made.add(a);
        made.add(b);
        Namespace na = Nsh.ns(a), nb = Nsh.ns(b);
        na.veth("va").peer(nb, "vb").addr("10.0.0.10/16").up();
        int[] k = {0};
        Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
        calls.put("ns(name)", () -> Nsh.ns(b));
        calls.put("link(name)", () -> nb.link("vb"));
        calls.put("addr(new address)", () -> nb.link("vb").addr("10.0." + ++k[0] + ".20/32"));
        calls.put("addr(same again)", () -> nb.link("vb").addr("10.0." + k[0] + ".20/32"));
        calls.put("up()", () -> nb.link("vb").up());
        calls.put("peer()", () -> nb.link("vb").peer());
        calls.put("links()", () -> na.links().toString());
        Map<String, Long> alone = count(calls);

        batch = Files.createTempFile("nsh-scale", ".batch");
        StringBuilder add = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String n = TestNames.ns("foreign" + i);
            made.add(n);
            add.append("netns add ").append(n).append('\n');
        }
        Files.writeString(batch, add);
        Ip.run("-batch", batch.toString());
        Map<String, Long> busy = count(calls);

        assertEquals(alone, busy, "netlink requests per call, alone and beside 200 other namespaces");
        for (Map.Entry<String, Long> e : busy.entrySet()) assertTrue(e.getValue() <= 4, e.getKey() + " sent " + e.getValue() + " requests");
        assertEquals("vb", nb.link("vb").peer().peer().name(), "peer() of the peer is where it started");
    }

    /** The requests each call sends, asked twice (the second time is what is counted: the first may learn). */
    private static Map<String, Long> count(Map<String, Supplier<Object>> calls) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            for (Map.Entry<String, Supplier<Object>> e : calls.entrySet()) {
                long before = NetlinkSocket.requestsSent();
                e.getValue().get();
                out.put(e.getKey(), NetlinkSocket.requestsSent() - before);
            }
        }
        return out;
    }
}
