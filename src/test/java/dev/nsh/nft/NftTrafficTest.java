package dev.nsh.nft;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.proc.Background;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.NftJudge;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules nsh applies, judged by traffic: echo requests dropped and counted (nft -j reads the
 * counter), let through again once the rule is deleted, and a port forwarded and masqueraded
 * across a router, as a TCP server on the far side sees it.
 */
@NeedsRoot
class NftTrafficTest {
    private final Scratch scratch = new Scratch();
    private final List<Background> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        try {
            servers.forEach(Background::stop);
        } finally {
            scratch.close();
        }
    }

    private Namespace ns(String hint) {
        return Nsh.ns(scratch.track(TestNames.ns(hint)));
    }

    @Test
    void aDropRuleStopsPingAndCountsIt() {
        Namespace a = ns("fwa"), b = ns("fwb");
        a.veth("fa").peer(b, "fb").addr("10.7.0.1/24").up();
        b.link("fb").addr("10.7.0.2/24").up();
        assertEquals(2, a.ping(Map.of("count", 2, "interval", 0.2, "quiet", true), "10.7.0.2").received());

        b.nft("table inet fw { chain in { type filter hook input priority 0; policy accept; icmp type echo-request counter drop } }");
        assertEquals(0, a.ping(Map.of("count", 3, "interval", 0.2, "timeout", 0.5, "quiet", true), "10.7.0.2").received());
        assertEquals(3, NftJudge.packets(b.name(), "inet", "fw", "in", "echo-request"));

        long handle = NftJudge.handle(b.name(), "inet", "fw", "in", "echo-request");
        b.nft("delete rule inet fw in handle " + handle);
        assertEquals(2, a.ping(Map.of("count", 2, "interval", 0.2, "quiet", true), "10.7.0.2").received());
    }

    @Test
    void aPortForwardedAndMasqueradedAcrossARouter() {
        Namespace c = ns("fwc"), r = ns("fwr"), s = ns("fws");
        c.veth("eth0").peer(r, "in0").addr("10.1.0.2/24").up();
        r.link("in0").addr("10.1.0.1/24").up();
        s.veth("eth0").peer(r, "out0").addr("10.2.0.2/24").up();
        r.link("out0").addr("10.2.0.1/24").up();
        r.forwarding(true);
        c.route("default", "10.1.0.1"); // the server has no route back to 10.1.0.0/24: only masquerade makes replies find their way
        r.nft("""
                table ip nat {
                  chain pre { type nat hook prerouting priority -100; policy accept; iifname "in0" tcp dport 8080 dnat to 10.2.0.2:80; }
                  chain post { type nat hook postrouting priority 100; policy accept; oifname "out0" masquerade; }
                }""");
        Background server = s.spawn(Map.of("quiet", true), "python3", "-u", "-c", """
                import socket
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("10.2.0.2", 80)); s.listen()
                print("listening", flush=True)
                c, a = s.accept(); c.sendall(("seen from " + a[0] + "\\n").encode()); c.close()
                """);
        servers.add(server);
        assertTrue(Wait.until(10_000, () -> server.stdout().contains("listening")), "the server never listened: " + server.stderr());
        String got = c.run(Map.of("quiet", true, "timeout", 10, "check", true), "python3", "-c", """
                import socket
                print(socket.create_connection(("10.1.0.1", 8080), timeout=5).recv(100).decode().strip())
                """).stdout().strip();
        assertEquals("seen from 10.2.0.1", got); // reached 10.2.0.2:80 through the router's 8080, from the router's address
    }
}
