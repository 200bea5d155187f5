package dev.nsh.ops;

import dev.nsh.model.AddrInfo;
import dev.nsh.model.Addresses;
import dev.nsh.model.Cidr;
import dev.nsh.ns.Netns;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ip addr} through nsh, checked with {@code ip -j -n NS addr}. */
@NeedsRoot
class AddrOpsTest {
    private final Scratch scratch = new Scratch();
    private Netns ns;

    @BeforeEach
    void link() {
        ns = scratch.ns("addr");
        LinkOps.createVeth(ns, "a0", null, "a1");
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    static List<String> ipAddrs(String ns, String dev) {
        return Ip.addrs(ns, dev).stream().map(a -> a.get("family") + " " + a.get("local") + "/" + a.get("prefixlen")
                + (a.get("broadcast") == null ? "" : " brd " + a.get("broadcast")) + " " + a.get("scope")).toList();
    }

    @Test
    void ipv4GetsTheBroadcastIpReports() {
        AddrOps.add(ns, "a0", Cidr.parse("10.0.0.10/16"));
        assertEquals(List.of("inet 10.0.0.10/16 brd 10.0.255.255 global"), ipAddrs(ns.name(), "a0"));
        assertEquals(List.of(), ipAddrs(ns.name(), "a1"));
        // ip addr add ... brd + gives the same, and a /32 has no broadcast.
        AddrOps.add(ns, "a1", Cidr.parse("10.9.9.9/32"));
        assertEquals(List.of("inet 10.9.9.9/32 global"), ipAddrs(ns.name(), "a1"));
    }

    @Test
    void ipv6() {
        AddrOps.add(ns, "a0", Cidr.parse("fd00::10/64"));
        assertEquals(List.of("inet6 fd00::10/64 global"), ipAddrs(ns.name(), "a0"));
        AddrOps.add(ns, "a0", Cidr.parse("fe80::10/64"));
        assertTrue(ipAddrs(ns.name(), "a0").contains("inet6 fe80::10/64 link"), "link-local gets scope link");
    }

    @Test
    void delete() {
        AddrOps.add(ns, "a0", Cidr.parse("10.0.0.10/16"));
        AddrOps.add(ns, "a0", Cidr.parse("fd00::10/64"));
        AddrOps.delete(ns, "a0", Cidr.parse("10.0.0.10/16"));
        assertEquals(List.of("inet6 fd00::10/64 global"), ipAddrs(ns.name(), "a0"));
        AddrOps.delete(ns, "a0", Cidr.parse("fd00::10/64"));
        assertEquals(List.of(), ipAddrs(ns.name(), "a0"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void listMatchesIp() {
        LinkOps.setUp(ns, "lo", true);
        AddrOps.add(ns, "a0", Cidr.parse("10.0.0.10/16"));
        AddrOps.add(ns, "a0", Cidr.parse("192.168.7.1/24"));
        AddrOps.add(ns, "a1", Cidr.parse("fd00::20/64"));
        List<String> ip = Ip.json(ns.name(), "addr", "show").stream()
                .flatMap(l -> ((List<Map<String, Object>>) l.get("addr_info")).stream()
                        .map(a -> l.get("ifname") + " " + a.get("local") + "/" + a.get("prefixlen") + " " + a.get("broadcast")))
                .sorted().toList();
        List<String> nsh = AddrOps.list(ns).stream()
                .map(a -> a.dev() + " " + Addresses.text(a.address()) + "/" + a.prefix() + " " + Addresses.text(a.broadcast()))
                .sorted().toList();
        assertEquals(ip, nsh);
        AddrInfo first = AddrOps.list(ns).stream().filter(a -> a.dev().equals("a0")).findFirst().orElseThrow();
        assertEquals("inet 10.0.0.10/16 brd 10.0.255.255 scope global a0", first.toString());
    }
}
