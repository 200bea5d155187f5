package dev.nsh;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.nsh.Nsh.*;
import static org.junit.jupiter.api.Assertions.*;

/** The language's contract, end to end against the kernel, judged by {@code ip -j}. */
@NeedsRoot
class LanguageTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    private String name(String hint) {
        return scratch.track(TestNames.ns(hint));
    }

    private static Map<String, Object> link(String ns, String name) {
        return Ip.json(ns, "link", "show").stream().filter(m -> name.equals(m.get("ifname"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static List<String> addrs(String ns, String dev) {
        return Ip.json(ns, "addr", "show", "dev", dev).stream()
                .flatMap(m -> ((List<Map<String, Object>>) m.get("addr_info")).stream())
                .filter(a -> "inet".equals(a.get("family")))
                .map(a -> a.get("local") + "/" + a.get("prefixlen")).toList();
    }

    @Test
    void theCardOneLinerFromJava() {
        String a = name("a"), b = name("b");
        Link l = ns(a).veth("veth-1").peer(ns(b)).addr("10.0.0.10/16").up();
        assertEquals("veth-1", l.name());
        assertEquals(a, l.namespace().name());
        Map<String, Object> local = link(a, "veth-1");
        assertNotNull(local, "ip -n " + a + " link shows veth-1");
        assertTrue(((List<?>) local.get("flags")).contains("UP"));
        assertEquals(List.of("10.0.0.10/16"), addrs(a, "veth-1"));
        assertNotNull(link(b, "veth-1"), "the peer is named like the local end, in " + b);
        assertEquals(b, l.peer().namespace().name());
        assertTrue(Ip.run("netns", "list").contains(a));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> addr6(String ns, String dev, String local) {
        return Ip.json(ns, "addr", "show", "dev", dev).stream()
                .flatMap(m -> ((List<Map<String, Object>>) m.get("addr_info")).stream())
                .filter(a -> local.equals(a.get("local"))).findFirst().orElse(null);
    }

    @Test
    void anIPv6AddressWithoutDadIsUsableAtOnce() {
        String a = name("a"), b = name("b");
        ns(a).veth("v1").peer(ns(b), "v2").up().addr(Map.of("nodad", true), "fd00::10/64");
        ns(b).link("v2").up().addr(Map.of("nodad", true), "fd00::20/64");
        Map<String, Object> mine = addr6(a, "v1", "fd00::10");
        assertEquals(true, mine.get("nodad"), "ip -j says nodad: " + mine);
        assertNull(mine.get("tentative"), "not tentative: " + mine);
        assertEquals(1, ns(a).ping(Map.of("count", 1, "timeout", 3, "quiet", true), "fd00::20").received());
        // The difference the option makes: with DAD the kernel holds a new address back for a while.
        ns(a).link("v1").addr("fd00::11/64");
        assertEquals(true, addr6(a, "v1", "fd00::11").get("tentative"));
        // Asking again with nodad for the address that has DAD is an error, not a silent yes.
        NshException dad = assertThrows(NshException.class, () -> ns(a).link("v1").addr(Map.of("nodad", true), "fd00::11/64"));
        assertEquals("add address fd00::11/64 with nodad to v1 in " + a + ": v1 has fd00::11/64 already, with DAD; delAddr it first",
                dad.getMessage());
        ns(a).link("v1").addr(Map.of("nodad", true), "fd00::10/64"); // the same again: accepted
        // nodad on IPv4 is refused before anything changes.
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ns(a).link("v1").addr(Map.of("nodad", true), "10.1.0.1/24"));
        assertEquals("addr(): nodad is for IPv6 addresses (duplicate address detection is IPv6's); 10.1.0.1/24 is IPv4", e.getMessage());
        assertNull(addr6(a, "v1", "10.1.0.1"));
    }

    @Test
    void peerNamedAndPeerInTheSameNamespace() {
        String a = name("a"), b = name("b");
        ns(a).veth("v-a").peer(ns(b), "v-b");
        assertNotNull(link(b, "v-b"));
        assertNull(link(a, "v-b"));
        ns(a).veth("x1").peer("x2");
        assertNotNull(link(a, "x1"));
        assertNotNull(link(a, "x2"));
        assertEquals("x2", ns(a).link("x1").peer().name());
    }

    @Test
    void aScriptRunTwiceIsAccepted() {
        String a = name("a"), b = name("b");
        for (int i = 0; i < 2; i++) {
            ns(a).veth("veth-1").peer(ns(b), "veth-2").addr("10.0.0.10/16").up();
            ns(b).link("veth-2").addr("10.0.0.20/16").up();
            ns(a).route("default", "10.0.0.20");
            ns(a).bridge("br0").up();
        }
        assertEquals(List.of("10.0.0.10/16"), addrs(a, "veth-1"));
        List<Map<String, Object>> routes = Ip.json(a, "route", "show", "default");
        assertEquals(1, routes.size());
        assertEquals("10.0.0.20", routes.get(0).get("gateway"));
    }

    @Test
    void whatIsInTheWayIsAnErrorAndNothingChanges() {
        String a = name("a"), b = name("b"), c = name("c");
        ns(a).bridge("br0");
        ns(a).veth("veth-1").peer(ns(b), "veth-2");
        ns(c);
        String before = Ip.run("-n", a, "link", "show") + Ip.run("-n", b, "link", "show") + Ip.run("-n", c, "link", "show");

        NshException e = assertThrows(NshException.class, () -> ns(a).veth("br0").peer(ns(b), "peer0"));
        assertEquals("create veth br0 in " + a + ": the name is taken by a bridge link", e.getMessage());
        e = assertThrows(NshException.class, () -> ns(a).veth("veth-1").peer(ns(c), "veth-2"));
        assertEquals("create veth veth-1 in " + a + ": it exists with its peer veth-2 in " + b + ", not veth-2 in " + c, e.getMessage());
        e = assertThrows(NshException.class, () -> ns(a).bridge("veth-1"));
        assertEquals("bridge veth-1 in " + a + ": a link of kind veth already has that name", e.getMessage());
        e = assertThrows(NshException.class, () -> ns(c).veth("new-1").peer(ns(b), "veth-2"));
        assertEquals("create veth new-1 in " + c + ": the peer name veth-2 is taken in " + b + " by a veth link", e.getMessage());

        String after = Ip.run("-n", a, "link", "show") + Ip.run("-n", b, "link", "show") + Ip.run("-n", c, "link", "show");
        assertEquals(before.replaceAll("state \\S+", ""), after.replaceAll("state \\S+", ""));
    }

    @Test
    void anotherAddressPrefixOrRouteInTheWayIsAnError() {
        String a = name("a");
        Link l = ns(a).veth("v1").peer("v2").addr("10.0.0.10/16").up();
        NshException e = assertThrows(NshException.class, () -> l.addr("10.0.0.10/24"));
        assertEquals("add address 10.0.0.10/24 to v1 in " + a + ": v1 already has 10.0.0.10/16 with another prefix length", e.getMessage());
        ns(a).route("default", "10.0.0.1");
        e = assertThrows(NshException.class, () -> ns(a).route("default", "10.0.0.2"));
        assertTrue(e.getMessage().startsWith("add route default via 10.0.0.2 in " + a + ": a different route to default is in the way"), e.getMessage());
        assertEquals(List.of("10.0.0.10/16"), addrs(a, "v1"));
        assertEquals("10.0.0.1", Ip.json(a, "route", "show", "default").get(0).get("gateway"));
    }

    @Test
    void openOnlyExisting() {
        String a = name("missing");
        NshException e = assertThrows(NshException.class, () -> existing(a));
        assertEquals("namespace " + a + " does not exist (no /var/run/netns/" + a + ")", e.getMessage());
        assertThrows(NshException.class, () -> ns(Map.of("create", false), a));
        assertFalse(Ip.run("netns", "list").contains(a), "nothing was created");
        Ip.run("netns", "add", a);
        assertEquals(a, existing(a).name());
        assertTrue(namespaces().asList().contains(a), "namespaces() lists what ip netns add made");
    }

    @Test
    void missingLinkIsAClearError() {
        String a = name("a");
        NshException e = assertThrows(NshException.class, () -> ns(a).link("nope"));
        assertEquals("link nope not found in " + a, e.getMessage());
    }

    @Test
    void linkSettersJudgedByIp() {
        String a = name("a"), b = name("b");
        Link l = ns(a).veth("v1").peer("v2").mtu(1400).mac("02:00:00:00:00:01").up();
        Map<String, Object> j = link(a, "v1");
        assertEquals(1400, ((Number) j.get("mtu")).intValue());
        assertEquals("02:00:00:00:00:01", j.get("address"));
        Link br = ns(a).bridge("br0").up();
        l.master(br);
        assertEquals("br0", link(a, "v1").get("master"));
        l.nomaster();
        assertNull(link(a, "v1").get("master"));
        Link renamed = l.down().rename("v1-new");
        assertNotNull(link(a, "v1-new"));
        Link moved = renamed.moveTo(ns(b));
        assertNull(link(a, "v1-new"));
        assertNotNull(link(b, "v1-new"));
        assertEquals(b, moved.namespace().name());
        assertEquals("v2", moved.peer().name());
        moved.delete();
        assertNull(link(b, "v1-new"));
        assertNull(link(a, "v2"), "deleting one end of a veth deletes the pair");
    }

    @Test
    void forwardingAndSysctlStayInTheNamespace() {
        String a = name("a");
        String rootBefore = Ip.run(List.of("cat", "/proc/sys/net/ipv4/ip_forward")).strip();
        ns(a).forwarding(true);
        assertEquals("1", ns(a).sysctl("net.ipv4.ip_forward"));
        assertEquals("1", Ip.run("netns", "exec", a, "cat", "/proc/sys/net/ipv4/ip_forward").strip());
        assertEquals(rootBefore, Ip.run(List.of("cat", "/proc/sys/net/ipv4/ip_forward")).strip());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ns(a).sysctl("kernel.hostname", "x"));
        assertEquals("sysctl key \"kernel.hostname\" is not under net.; only network sysctls belong to a namespace", e.getMessage());
    }

    @Test
    void tablesPrintLikeTheToolsAndGiveIpJson() {
        String a = name("a"), b = name("b");
        ns(a).veth("veth-1").peer(ns(b), "veth-2").addr("10.0.0.10/16").up();
        ns(b).link("veth-2").addr("10.0.0.20/16").up();
        ns(a).route("10.9.0.0/16", "10.0.0.20");
        // The carrier comes up asynchronously after both ends are up: compare once it has.
        assertTrue(dev.nsh.testing.Wait.until(5000, () -> "UP".equals(link(a, "veth-1").get("operstate"))), "veth-1 never got its carrier");
        // names and flags as ip -j sees them
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ours = (List<Map<String, Object>>) new groovy.json.JsonSlurper().parseText(ns(a).links().json());
        List<Map<String, Object>> ip = Ip.json(a, "link", "show");
        assertEquals(ip.stream().map(m -> m.get("ifname")).toList(), ours.stream().map(m -> m.get("ifname")).toList());
        assertEquals(ip.stream().map(m -> m.get("flags")).toList(), ours.stream().map(m -> m.get("flags")).toList());
        assertEquals(ip.stream().map(m -> m.get("link_netnsid")).toList(), ours.stream().map(m -> m.get("link_netnsid")).toList());
        // ip route's own text, line for line (ip ends some lines with a space)
        assertEquals(Ip.run("-n", a, "route", "show").strip().replaceAll(" +\n", "\n").stripTrailing(), ns(a).routes().toString());
        // arp: empty prints nothing; a permanent entry prints in arp's columns
        assertEquals("", ns(a).arp().toString());
        dev.nsh.ops.NeighOps.add(ns(a).netns(), "veth-1", "10.0.0.99", "02:00:00:00:00:99");
        assertEquals("Address                  HWtype  HWaddress           Flags Mask            Iface\n"
                + "10.0.0.99                ether   02:00:00:00:00:99   CM                    veth-1", ns(a).arp().toString());
        assertEquals("10.0.0.99", Ip.json(a, "neigh", "show").get(0).get("dst"));
    }

    /** net-tools judges the arp and route forms (scripts/test installs it). */
    @Test
    void arpAndRouteFormsEqualNetTools() {
        String a = name("a"), b = name("b");
        ns(a).veth("veth-1").peer(ns(b), "veth-2").addr("10.0.0.10/16").up();
        ns(b).link("veth-2").addr("10.0.0.20/16").up();
        ns(a).route("10.9.0.0/16", "10.0.0.20");
        ns(a).route("default", "10.0.0.20", null, 5);
        ns(a).route("10.8.0.1", null, "veth-1", 0);
        dev.nsh.ops.NeighOps.add(ns(a).netns(), "veth-1", "10.0.0.99", "02:00:00:00:00:99");
        dev.nsh.ops.NeighOps.add(ns(a).netns(), "veth-1", "10.0.0.98", "02:00:00:00:00:98");
        assertEquals(tidy(Ip.run("netns", "exec", a, "route", "-n")), tidy(ns(a).routes().kernelTable()));
        assertEquals(tidy(Ip.run("netns", "exec", a, "arp", "-n")), tidy(ns(a).arp().toString()));
    }

    /** Lines without trailing blanks, sorted below the header (the tools order entries their own way). */
    private static String tidy(String text) {
        List<String> lines = text.strip().lines().map(String::stripTrailing).toList();
        int head = lines.get(0).startsWith("Kernel") ? 2 : 1;
        return String.join("\n", lines.subList(0, head)) + "\n"
                + String.join("\n", lines.subList(head, lines.size()).stream().sorted().toList());
    }

    @Test
    void badInputThroughTheLanguage() {
        String a = name("a");
        ns(a).veth("v1").peer("v2");
        String before = Ip.run("-n", a, "addr", "show");
        assertEquals("interface name \"veth-with-a-long-name\" is 21 bytes; the limit is 15",
                assertThrows(InvalidInputException.class, () -> ns(a).veth("veth-with-a-long-name")).getMessage());
        assertEquals("address \"10.0.0.300/16\": \"300\" is not a number 0-255 in an IPv4 address",
                assertThrows(InvalidInputException.class, () -> ns(a).link("v1").addr("10.0.0.300/16")).getMessage());
        assertEquals("address \"10.0.0.1/33\": prefix length 33 is out of range 0..32 for IPv4",
                assertThrows(InvalidInputException.class, () -> ns(a).link("v1").addr("10.0.0.1/33")).getMessage());
        assertEquals("namespace name \"a/b\" contains \"/\"; it must be a plain file name",
                assertThrows(InvalidInputException.class, () -> ns("a/b")).getMessage());
        assertEquals("route(): unknown option \"gw\"; it takes via, dev, metric, table",
                assertThrows(InvalidInputException.class, () -> ns(a).route(Map.of("gw", "10.0.0.1"), "default")).getMessage());
        assertEquals(before, Ip.run("-n", a, "addr", "show"));
    }
}
