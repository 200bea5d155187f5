package dev.nsh;

import dev.nsh.packet.capture.Capture;
import dev.nsh.packet.capture.CaptureOptions;
import dev.nsh.packet.capture.CapturedPacket;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.nsh.Nsh.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public features of the language end to end, each judged by a tool: root(), the tables' text and
 * .json (addrs, routes, routes6, arp) against {@code ip} and {@code ip -j}, a Link's addresses(),
 * state and info() against {@code ip -j}, capture's count:, timeout:, pcap:, snaplen: and .run()
 * against {@code tcpdump -r} and the pcap file itself.
 */
@NeedsRoot
class LanguageEndToEndTest {
    private final Scratch scratch = new Scratch();
    private String a, b;

    @BeforeEach
    void twoNamespaces() {
        a = scratch.track(TestNames.ns("e2e-a"));
        b = scratch.track(TestNames.ns("e2e-b"));
        ns(a).veth("v1").peer(ns(b), "v2").up().addr("10.0.0.10/24").addr(Map.of("nodad", true), "fd00::10/64");
        ns(b).link("v2").up().addr("10.0.0.20/24").addr(Map.of("nodad", true), "fd00::20/64");
        ns(a).route("10.9.0.0/16", "10.0.0.20");
        ns(a).route("fd09::/64", "fd00::20");
        dev.nsh.ops.NeighOps.add(ns(a).netns(), "v1", "10.0.0.99", "02:00:00:00:00:99");
        assertTrue(Wait.until(5000, () -> "UP".equals(Ip.link(a, "v1").get("operstate"))), "v1 has its carrier");
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    private static List<String> ipLines(String... args) {
        return Arrays.stream(Ip.run(args).split("\n")).map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> json(Object table) {
        String text = table instanceof dev.nsh.table.Table<?> t ? t.json() : String.valueOf(table);
        return (List<Map<String, Object>>) new groovy.json.JsonSlurper().parseText(text);
    }

    /** Each of nsh's keys has ip's value, in ip's order of entries. */
    private static void sameAsIp(List<Map<String, Object>> ip, List<Map<String, Object>> ours, String what) {
        assertEquals(ip.size(), ours.size(), what + ": " + ours + " vs ip's " + ip);
        for (int i = 0; i < ours.size(); i++) {
            for (Map.Entry<String, Object> e : ours.get(i).entrySet()) {
                // addr_info is compared entry by entry; "kind" is nsh's own (ip -j gives it only with -d, as linkinfo.info_kind).
                if (e.getKey().equals("addr_info") || e.getKey().equals("kind")) continue;
                assertEquals(String.valueOf(ip.get(i).get(e.getKey())), String.valueOf(e.getValue()), what + " entry " + i + " key " + e.getKey());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void addrsTextAndJsonAreIps() {
        // fe80:: stays tentative until DAD ends (1 to 2 s): a flag that could change between ip's read and nsh's
        assertTrue(Wait.until(10_000, () -> !Ip.run("-n", a, "addr", "show").contains("tentative")), "DAD ended");
        // The text: ip addr's lines without the lifetimes (and the operstate, which moves by itself).
        List<String> ip = ipLines("-n", a, "addr", "show").stream().filter(l -> !l.strip().startsWith("valid_lft")).toList();
        assertEquals(String.join("\n", ip), ns(a).addrs().toString());
        List<Map<String, Object>> ipJson = Ip.json(a, "addr", "show"), ours = json(ns(a).addrs());
        sameAsIp(ipJson, ours, "addrs().json");
        for (int i = 0; i < ours.size(); i++) {
            sameAsIp((List<Map<String, Object>>) ipJson.get(i).get("addr_info"), (List<Map<String, Object>>) ours.get(i).get("addr_info"),
                    "addr_info of " + ours.get(i).get("ifname"));
        }
    }

    @Test
    void routesRoutes6AndArpAreIps() {
        assertEquals(String.join("\n", ipLines("-n", a, "route", "show")), ns(a).routes().toString());
        sameAsIp(Ip.json(a, "route", "show"), json(ns(a).routes()), "routes().json");
        assertEquals(String.join("\n", ipLines("-n", a, "-6", "route", "show")), ns(a).routes6().toString());
        sameAsIp(Ip.json(a, "-6", "route", "show"), json(ns(a).routes6()), "routes6().json");
        assertTrue(ns(a).routes6().toString().contains("fd09::/64 via fd00::20 dev v1"), ns(a).routes6().toString());
        // arp: IPv4 neighbours, as ip -j -4 neigh lists them.
        sameAsIp(Ip.json(a, "-4", "neigh", "show"), json(ns(a).arp()), "arp().json");
        assertEquals("02:00:00:00:00:99", json(ns(a).arp()).get(0).get("lladdr"));
    }

    @Test
    void rootIsTheHostsNamespace() {
        Namespace root = root();
        assertTrue(root.isRoot());
        assertEquals(dev.nsh.testing.Proc.rootNet(), dev.nsh.testing.Proc.netOf(Path.of("/proc/self/ns/net")));
        assertEquals(Ip.linkNames(null), root.links().stream().map(l -> l.name()).toList(), "root().links() is ip link in the root");
        assertEquals(String.join("\n", ipLines("route", "show")), root.routes().toString());
        assertTrue(root.exists());
        assertFalse(namespaces().asList().contains("root") && !exists("root"), "root() is no named namespace");
        assertEquals("the root namespace", root.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLinksAddressesStateAndInfoAreIps() {
        Link v1 = ns(a).link("v1");
        Map<String, Object> ip = Ip.link(a, "v1");
        assertEquals(ip.get("operstate"), v1.state());
        assertTrue(v1.isUp());
        assertEquals(ip.get("ifindex"), v1.info().index());
        assertEquals(ip.get("address"), v1.info().mac());
        assertEquals(((Number) ip.get("mtu")).intValue(), v1.info().mtu());
        List<String> ipAddrs = Ip.addrs(a, "v1").stream().map(x -> x.get("local") + "/" + x.get("prefixlen")).toList();
        assertEquals(ipAddrs, v1.addresses().stream().map(x -> dev.nsh.model.Addresses.text(x.address()) + "/" + x.prefix()).toList());
        v1.down();
        assertEquals("DOWN", v1.state());
        assertEquals("DOWN", Ip.link(a, "v1").get("operstate"));
        assertFalse(((List<String>) Ip.link(a, "v1").get("flags")).contains("UP"));
    }

    /** count: and snaplen: and pcap: at once: the file tcpdump reads holds the packets, each cut at the snap length. */
    @Test
    void captureWithCountSnaplenAndPcap() throws Exception {
        Path pcap = Files.createTempFile("nsh-e2e", ".pcap");
        try {
            Thread pinger = pinger();
            Capture c = (Capture) ns(b).capture(Map.of("filter", "icmp", "count", 4, "snaplen", 60, "pcap", pcap.toString(), "quiet", true), "v2");
            pinger.join();
            assertEquals(4, c.packets().size());
            List<String> tcpdump = dev.nsh.testing.Ip.run(List.of("tcpdump", "-nn", "-r", pcap.toString())).lines().toList();
            assertEquals(4, tcpdump.size(), String.join("\n", tcpdump));
            for (String l : tcpdump) assertTrue(l.contains("ICMP echo"), l);
            ByteBuffer f = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(60, f.getInt(16), "the snap length in the file header");
            int at = 24;
            for (int i = 0; i < 4; i++) {
                int included = f.getInt(at + 8), original = f.getInt(at + 12);
                assertEquals(60, included, "packet " + i + " cut at 60 bytes");
                assertEquals(98, original, "packet " + i + " was 98 bytes on the wire");
                at += 16 + included;
            }
            assertEquals(f.capacity(), at, "four records and nothing more");
            for (CapturedPacket p : c.packets()) {
                assertEquals(60, p.data().length);
                assertEquals(98, p.length(), "the length on the wire");
            }
        } finally {
            Files.deleteIfExists(pcap);
        }
    }

    /** timeout: ends a capture that sees nothing; .run() of a request stops at its count. */
    @Test
    void captureTimeoutAndRun() throws Exception {
        Capture none = (Capture) ns(b).capture(Map.of("filter", "tcp", "timeout", 0.5, "quiet", true), "v2");
        assertEquals(List.of(), none.packets());
        assertEquals(0, none.captured());
        Thread pinger = pinger();
        CaptureRequest r = ns(b).capture("v2", CaptureOptions.filter("icmp and src host 10.0.0.10").count(3));
        Capture three = r.run();
        pinger.join();
        assertEquals(3, three.packets().size());
        for (CapturedPacket p : three.packets()) assertTrue(p.line().startsWith("IP 10.0.0.10 > 10.0.0.20: ICMP echo request"), p.line());
    }

    /** Pings b from a for 4 s, long enough for any capture above to reach its count. */
    private Thread pinger() {
        Thread t = new Thread(() -> ns(a).ping(Map.of("count", 80, "interval", 0.05, "quiet", true), "10.0.0.20"));
        t.start();
        return t;
    }
}
