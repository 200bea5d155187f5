package dev.nsh.lab;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.error.InvalidInputException;
import dev.nsh.packet.ping.PingAll;
import dev.nsh.testing.Ip;
import dev.nsh.testing.Iputils;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builders and shapes make the links and addresses they promise, as {@code ip -j} sees them; pingAll gets through. */
@NeedsRoot
class LabShapesTest {
    private final List<String> labs = new ArrayList<>();
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
        for (String lab : labs) LabJudge.assertLeftNothingOrDelete(lab);
    }

    private Lab lab(ByteArrayOutputStream out) {
        String n = TestNames.ns("lab");
        labs.add(n);
        return Labs.lab(n).output(new PrintStream(out, true));
    }

    private Lab lab() {
        return lab(new ByteArrayOutputStream());
    }

    /** "10.0.0.1/24" of each IPv4 address of {@code dev} in {@code ns}, as ip sees them. */
    private static List<String> v4(String ns, String dev) {
        return Ip.addrs(ns, dev).stream().filter(a -> "inet".equals(a.get("family")))
                .map(a -> a.get("local") + "/" + a.get("prefixlen")).toList();
    }

    @SuppressWarnings("unchecked")
    private static String kind(String ns, String dev) {
        Map<String, Object> l = Ip.linkDetails(ns, dev);
        assertNotNull(l, dev + " in " + ns);
        return (String) ((Map<String, Object>) l.get("linkinfo")).get("info_kind");
    }

    private static String operstate(String ns, String dev) {
        return (String) Ip.link(ns, dev).get("operstate");
    }

    private static String sysctl(String ns, String path) {
        return Ip.run("netns", "exec", ns, "cat", "/proc/sys/" + path).strip();
    }

    private static List<String> routes(String ns) {
        return Ip.json(ns, "route", "show").stream().map(r -> r.get("dst") + (r.get("gateway") == null ? "" : " via " + r.get("gateway"))).toList();
    }

    @Test
    void pairIsTwoHostsOnOneVethWithAddressesAndUp() {
        try (Lab lab = lab()) {
            lab.pair();
            String h1 = lab.name() + "-h1", h2 = lab.name() + "-h2";
            assertEquals(List.of(h1, h2), LabJudge.namespacesOf(lab.name()));
            assertEquals("veth", kind(h1, "h1-eth0"));
            assertEquals(List.of("10.0.0.1/24"), v4(h1, "h1-eth0"));
            assertEquals(List.of("10.0.0.2/24"), v4(h2, "h2-eth0"));
            // operstate follows IFF_UP asynchronously (linkwatch): give it its moment.
            assertTrue(Wait.until(5000, () -> "UP".equals(operstate(h1, "h1-eth0")) && "UP".equals(operstate(h2, "h2-eth0"))));
            assertEquals(List.of("lo", "h1-eth0"), Ip.linkNames(h1));
            assertTrue(lab.pingAll().isOk());
        }
    }

    @Test
    void linkTakesASubnetAndAddresses() {
        try (Lab lab = lab()) {
            lab.hosts(2);
            lab.link(Map.of("subnet", "10.9.0.0/24"), "h1", "h2");
            lab.link(Map.of("subnet", "10.9.1.0/24", "addresses", List.of("10.9.1.10", "10.9.1.20/24")), "h1", "h2");
            lab.link("h1", "h2");
            String h1 = lab.name() + "-h1", h2 = lab.name() + "-h2";
            assertEquals(List.of("10.9.0.1/24"), v4(h1, "h1-eth0"));
            assertEquals(List.of("10.9.0.2/24"), v4(h2, "h2-eth0"));
            assertEquals(List.of("10.9.1.10/24"), v4(h1, "h1-eth1"));
            assertEquals(List.of("10.9.1.20/24"), v4(h2, "h2-eth1"));
            assertEquals(List.of("10.0.0.1/24"), v4(h1, "h1-eth2"));
            assertEquals(List.of("10.0.0.2/24"), v4(h2, "h2-eth2"));
        }
    }

    @Test
    void starIsHostsOnABridgeInASwitchNamespace() {
        try (Lab lab = lab()) {
            lab.star(4);
            String sw = lab.name() + "-s1";
            assertEquals("bridge", kind(sw, "s1"));
            for (int i = 1; i <= 4; i++) {
                String h = lab.name() + "-h" + i;
                assertEquals(List.of("10.0.0." + (i + 1) + "/24"), v4(h, "h" + i + "-eth0")); // .1 is kept for a router
                // Switch ports are numbered from 1, as Mininet's: h1 on s1-eth1 ...
                Map<String, Object> port = Ip.link(sw, "s1-eth" + i);
                assertEquals("s1", port.get("master"));
                String pn = "s1-eth" + i;
                assertTrue(Wait.until(5000, () -> "UP".equals(operstate(sw, pn))), pn + " up");
            }
            // Static ARP, as Mininet's --arp: h1 knows every other host's MAC, permanently.
            List<Map<String, Object>> neigh = Ip.json(lab.name() + "-h1", "neigh", "show");
            assertEquals(3, neigh.stream().filter(n -> List.of("PERMANENT").equals(n.get("state"))).count());
        }
    }

    @Test
    void chainForwardsThroughTheInnerHosts() {
        try (Lab lab = lab()) {
            lab.chain(3);
            String p = lab.name();
            assertEquals(List.of("10.0.0.1/24"), v4(p + "-h1", "h1-eth0"));
            assertEquals(List.of("10.0.0.2/24"), v4(p + "-h2", "h2-eth0"));
            assertEquals(List.of("10.0.1.1/24"), v4(p + "-h2", "h2-eth1"));
            assertEquals(List.of("10.0.1.2/24"), v4(p + "-h3", "h3-eth0"));
            assertEquals("1", sysctl(p + "-h2", "net/ipv4/ip_forward"));
            assertEquals("0", sysctl(p + "-h1", "net/ipv4/ip_forward"));
            assertEquals(List.of("10.0.0.0/24", "10.0.1.0/24 via 10.0.0.2"), routes(p + "-h1"));
            assertEquals(List.of("10.0.0.0/24 via 10.0.1.1", "10.0.1.0/24"), routes(p + "-h3"));
            assertTrue(lab.pingAll().isOk());
        }
    }

    /** "fd00:0:0:1::1/64 nodad" of each global IPv6 address of {@code dev} in {@code ns}, as ip sees them. */
    private static List<String> v6(String ns, String dev) {
        return Ip.addrs(ns, dev).stream().filter(a -> "inet6".equals(a.get("family")) && "global".equals(a.get("scope")))
                .map(a -> a.get("local") + "/" + a.get("prefixlen") + (Boolean.TRUE.equals(a.get("nodad")) ? " nodad" : "")).toList();
    }

    private static List<String> routes6(String ns) {
        return Ip.json(ns, "-6", "route", "show").stream().filter(r -> r.get("gateway") != null)
                .map(r -> r.get("dst") + " via " + r.get("gateway")).toList();
    }

    @Test
    void aDualStackChainHasIPv6AddressesRoutesAndForwarding() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Lab lab = lab(out).ipv6(true)) {
            lab.chain(3);
            String h1 = lab.name() + "-h1", h2 = lab.name() + "-h2", h3 = lab.name() + "-h3";
            assertEquals(List.of("fd00:0:0:1::1/64 nodad"), v6(h1, "h1-eth0"));
            assertEquals(List.of("fd00:0:0:1::2/64 nodad"), v6(h2, "h2-eth0"));
            assertEquals(List.of("fd00:0:0:2::1/64 nodad"), v6(h2, "h2-eth1"));
            assertEquals(List.of("fd00:0:0:2::2/64 nodad"), v6(h3, "h3-eth0"));
            assertEquals(List.of("10.0.0.1/24"), v4(h1, "h1-eth0"));
            assertEquals("1", sysctl(h2, "net/ipv6/conf/all/forwarding"));
            assertEquals("0", sysctl(h1, "net/ipv6/conf/all/forwarding"));
            assertEquals(List.of("fd00:0:0:2::/64 via fd00:0:0:1::2"), routes6(h1));
            assertEquals(List.of("fd00:0:0:1::/64 via fd00:0:0:2::1"), routes6(h3));
            PingAll.Result r = lab.pingAll6();
            assertTrue(r.isOk(), out.toString());
            assertEquals(6, r.received());
            assertTrue(lab.pingAll().isOk());
            assertTrue(Iputils.reaches(h1, "fd00:0:0:2::2"), "iputils h1 -> h3 over IPv6");
            assertTrue(Iputils.reaches(h3, "10.0.0.1"), "iputils h3 -> h1 over IPv4");
            assertEquals("fd00:0:0:1::1", lab.node("h1").ip6());
            Path dot = Files.createTempFile("nsh-diagram", ".dot");
            try {
                lab.diagram(dot.toString());
                String text = Files.readString(dot);
                assertTrue(text.contains("\"h1\" [shape=box, label=\"h1\\n" + h1 + "\\n10.0.0.1/24\\nfd00:0:0:1::1/64\"]"), text);
            } finally {
                Files.deleteIfExists(dot);
            }
        }
    }

    @Test
    void aDualStackChainThroughRoutersPingsAllAtOnceWithDadOff() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Lab lab = lab(out).ipv6(true)) {
            lab.chain(Map.of("routers", true), 4);
            // Routed IPv6 right after the build: with DAD on, the routers' tentative link-local
            // addresses held the forwarded packets' neighbour solicitations back for 1 to 2 s.
            PingAll.Result r = lab.pingAll6();
            assertEquals(r.sent(), r.received(), out.toString());
            for (Node n : lab.nodes()) {
                assertEquals("0", sysctl(n.namespaceName(), "net/ipv6/conf/all/accept_dad"), n.name());
                assertEquals("0", sysctl(n.namespaceName(), "net/ipv6/conf/default/accept_dad"), n.name());
            }
        }
    }

    @Test
    void aNetworkOrBroadcastAddressIsNotAHost() {
        try (Lab lab = lab()) {
            lab.hosts(2);
            String h1 = lab.name() + "-h1";
            List<String> before = Ip.linkNames(h1);
            for (String[] c : List.of(new String[] {"10.9.0.0", "network"}, new String[] {"10.9.0.255", "broadcast"})) {
                InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                        () -> lab.link(Map.of("subnet", "10.9.0.0/24", "addresses", List.of(c[0], "10.9.0.2")), "h1", "h2"));
                assertEquals("address \"" + c[0] + "\" is the " + c[1] + " address of subnet 10.9.0.0/24; give a host address", e.getMessage());
                assertEquals(before, Ip.linkNames(h1), "nothing made");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDualStackLanKeepsIPv6NeighboursPermanentAndIPv6IsChosenFirst() {
        try (Lab lab = lab().ipv6(true)) {
            lab.star(3);
            String h1 = lab.name() + "-h1";
            List<Map<String, Object>> neigh = Ip.json(h1, "-6", "neigh", "show");
            assertEquals(List.of("fd00:0:0:1::3 PERMANENT", "fd00:0:0:1::4 PERMANENT"), neigh.stream()
                    .filter(n -> String.valueOf(n.get("dst")).startsWith("fd00:"))
                    .map(n -> n.get("dst") + " " + String.join(",", (List<String>) n.get("state"))).sorted().toList());
            assertTrue(lab.pingAll6().isOk());
            InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class, () -> lab.ipv6(false));
            assertEquals("lab " + lab.name() + ": ipv6 is chosen before the first node; it has 4 already", e.getMessage());
        }
        try (Lab lab = lab()) {
            lab.pair();
            InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class, lab::pingAll6);
            assertEquals("pingAll6(): lab " + lab.name() + " has no IPv6 addresses; open it with lab(\"" + lab.name() + "\", ipv6: true)",
                    e.getMessage());
            assertEquals(List.of(), v6(lab.name() + "-h1", "h1-eth0"));
        }
    }

    @Test
    void groovysLabTakesIpv6() {
        String n = TestNames.ns("lab");
        labs.add(n);
        Object received = dev.nsh.cli.ScriptRunner.shell(new groovy.lang.Binding()).evaluate(
                "lab('" + n + "', ipv6: true) { pair(); output(new PrintStream(OutputStream.nullOutputStream())); [pingAll6().received, h2.ip6] }");
        assertEquals(List.of(2, "fd00:0:0:1::2"), received);
    }

    @Test
    void chainOfFiveWithRoutersPingsAll() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Lab lab = lab(out)) {
            lab.chain(Map.of("routers", true), 5);
            String p = lab.name();
            assertEquals(9, LabJudge.namespacesOf(p).size());
            assertEquals("1", sysctl(p + "-r1", "net/ipv4/ip_forward"));
            // Each router takes .1 of its links: it is its hosts' gateway.
            assertEquals(List.of("10.0.0.2/24"), v4(p + "-h1", "h1-eth0"));
            assertEquals(List.of("10.0.0.1/24"), v4(p + "-r1", "r1-eth0"));
            assertEquals(List.of("10.0.1.1/24"), v4(p + "-r1", "r1-eth1"));
            assertEquals(List.of("10.0.1.2/24"), v4(p + "-h2", "h2-eth0"));
            PingAll.Result r = lab.pingAll();
            assertEquals(20, r.sent());
            assertEquals(20, r.received());
            // iputils judges too: end to end across the four routers, both ways.
            assertTrue(Iputils.reaches(p + "-h1", lab.node("h5").ip()), "iputils h1 -> h5");
            assertTrue(Iputils.reaches(p + "-h5", lab.node("h1").ip()), "iputils h5 -> h1");
        }
        assertTrue(out.toString().contains("h1 -> h2 h3 h4 h5\n"), out.toString());
        assertTrue(out.toString().endsWith("*** Results: 0% dropped (20/20 received)\n"), out.toString());
    }

    @Test
    void starOfTenPingsAll() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Lab lab = lab(out)) {
            lab.star(10);
            PingAll.Result r = lab.pingAll();
            assertEquals(90, r.received(), r.toString());
            assertTrue(r.isOk());
            assertTrue(Iputils.reaches(lab.name() + "-h1", lab.node("h10").ip()), "iputils h1 -> h10");
            assertTrue(Iputils.reaches(lab.name() + "-h7", lab.node("h2").ip()), "iputils h7 -> h2");
            // The build's workers and pingAll's pool were born in the root namespace: every thread
            // but the namespace threads is there.
            java.util.Set<Integer> nsThreads = dev.nsh.ns.NamespaceThread.allTids();
            String root = dev.nsh.testing.Proc.rootNet();
            dev.nsh.testing.Proc.threadNets().forEach((tid, net) -> {
                if (!nsThreads.contains(tid)) assertEquals(root, net, "thread " + tid);
            });
        }
        assertTrue(out.toString().startsWith("*** Ping: testing ping reachability\nh1 -> h2 h3 h4 h5 h6 h7 h8 h9 h10\n"), out.toString());
        assertTrue(out.toString().endsWith("*** Results: 0% dropped (90/90 received)\n"), out.toString());
    }

    @Test
    void treeIsSwitchesInATreeWithHostsAtTheLeaves() {
        try (Lab lab = lab()) {
            lab.tree(2, 2);
            String p = lab.name();
            assertEquals(List.of(p + "-h1", p + "-h2", p + "-h3", p + "-h4", p + "-s1", p + "-s2", p + "-s3"), LabJudge.namespacesOf(p));
            for (String s : List.of("s1", "s2", "s3")) assertEquals("bridge", kind(p + "-" + s, s));
            assertEquals("s1", Ip.link(p + "-s1", "s1-eth1").get("master"));
            assertEquals("s2", Ip.link(p + "-s2", "s2-eth1").get("master"));
            assertEquals(List.of("10.0.0.2/24"), v4(p + "-h1", "h1-eth0"));
            assertEquals(List.of("10.0.0.5/24"), v4(p + "-h4", "h4-eth0"));
            assertTrue(lab.pingAll().isOk());
            assertTrue(Iputils.reaches(p + "-h1", "10.0.0.5"), "iputils h1 -> h4, across three switches");
        }
    }

    @Test
    void routerJoinsTwoBridgedLans() {
        try (Lab lab = lab()) {
            Subnet lan1 = lab.bridge("sa", lab.host("a1"), lab.host("a2"));
            Subnet lan2 = lab.bridge(Map.of("subnet", "10.20.0.0/24"), "sb", lab.host("b1"), lab.host("b2"));
            lab.router("gw", lan1, lan2);
            String p = lab.name();
            assertEquals("1", sysctl(p + "-gw", "net/ipv4/ip_forward"));
            assertEquals(List.of("10.0.0.1/24"), v4(p + "-gw", "gw-eth0"));
            assertEquals(List.of("10.20.0.1/24"), v4(p + "-gw", "gw-eth1"));
            assertEquals(List.of("10.0.0.0/24", "10.20.0.0/24 via 10.0.0.1"), routes(p + "-a1"));
            assertEquals(List.of("10.0.0.0/24 via 10.20.0.1", "10.20.0.0/24"), routes(p + "-b2"));
            assertEquals(1, lab.node("a1").ping(Map.of("count", 1, "quiet", true), lab.node("b2")).received());
            assertTrue(lab.pingAll().isOk());
            assertTrue(Iputils.reaches(p + "-a1", lab.node("b2").ip()), "iputils a1 -> b2 through gw");
            assertTrue(Iputils.reaches(p + "-b1", lab.node("a2").ip()), "iputils b1 -> a2 through gw");
        }
    }

    /** forwarding(node) and route() by hand, then attach(): judged by sysctl, ip route, ip -j and iputils ping. */
    @Test
    void forwardingRouteAndAttachByHand() {
        try (Lab lab = lab()) {
            String p = lab.name();
            lab.hosts(3);
            lab.link("h1", "h2");
            lab.link("h2", "h3");
            assertEquals("10.0.1.2", lab.node("h3").ip());
            assertTrue(!Iputils.reaches(p + "-h1", "10.0.1.2"), "no route to h3 yet");
            assertEquals("0", sysctl(p + "-h2", "net/ipv4/ip_forward"));
            lab.forwarding("h2");
            assertEquals("1", sysctl(p + "-h2", "net/ipv4/ip_forward"));
            lab.route();
            assertEquals(List.of("10.0.0.0/24", "10.0.1.0/24 via 10.0.0.2"), routes(p + "-h1"));
            assertEquals(List.of("10.0.0.0/24 via 10.0.1.1", "10.0.1.0/24"), routes(p + "-h3"));
            assertTrue(Iputils.reaches(p + "-h1", "10.0.1.2"), "iputils h1 -> h3 through h2");
            lab.route(); // again: nothing more to add, and no error
            assertEquals(List.of("10.0.0.0/24", "10.0.1.0/24 via 10.0.0.2"), routes(p + "-h1"));

            Subnet lan = lab.bridge("sw", "h1");
            lab.host("h4");
            lab.attach(lan, "h4");
            List<String> h4 = v4(p + "-h4", "h4-eth0");
            assertEquals(1, h4.size(), "h4 has an address on the LAN: " + h4);
            assertTrue(h4.get(0).endsWith("/24") && h4.get(0).startsWith(lan.toString().substring(0, lan.toString().lastIndexOf('.') + 1)),
                    h4 + " in " + lan);
            String portOfH4 = Ip.json(p + "-sw", "link", "show").stream().filter(l -> "sw".equals(l.get("master")))
                    .map(l -> (String) l.get("ifname")).reduce((x, y) -> y).orElseThrow();
            assertEquals("sw", Ip.link(p + "-sw", portOfH4).get("master"), "h4's port is on the bridge");
            String h1OnLan = Ip.addrs(p + "-h1", "h1-eth1").get(0).get("local").toString();
            assertTrue(Iputils.reaches(p + "-h4", h1OnLan), "iputils h4 -> h1 across the bridge");
        }
    }

    @Test
    void diagramAndShowNameEveryHostAndLink() throws Exception {
        Path dir = Files.createTempDirectory("nsh-diagram");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Lab lab = lab(out)) {
            lab.chain(Map.of("routers", true), 3);
            lab.diagram(dir.resolve("lab.dot").toString());
            lab.diagram(dir.resolve("lab.md").toString());
            Path svg = lab.diagram(dir.resolve("lab.svg").toString());
            String dot = Files.readString(dir.resolve("lab.dot")), md = Files.readString(dir.resolve("lab.md"));
            assertTrue(dot.startsWith("graph \"" + lab.name() + "\" {"), dot);
            assertTrue(md.startsWith("```mermaid\ngraph LR\n"), md);
            for (Node n : lab.nodes()) {
                assertTrue(dot.contains("\"" + n.name() + "\" [shape="), n.name() + " in " + dot);
                assertTrue(md.contains(n.name() + "<br/>" + n.namespaceName()), n.name() + " in " + md);
            }
            assertEquals(4, lab.wires().size());
            for (Wire w : lab.wires()) {
                assertTrue(dot.contains("\"" + w.a().node().name() + "\" -- \"" + w.b().node().name() + "\"")
                        || dot.contains("\"" + w.b().node().name() + "\" -- \"" + w.a().node().name() + "\""), w + " in " + dot);
                // One label per edge, the upper end (the router, here) first.
                String one = w.a().node().role() == Node.Role.ROUTER ? w.a().ifname() + "\\n" + w.b().ifname() : w.b().ifname() + "\\n" + w.a().ifname();
                assertTrue(dot.contains("[label=\"" + one + "\"]"), w + " in " + dot);
                if (w.a().address() != null) assertTrue(dot.contains("\\n" + w.a().address()), w + " in " + dot);
                assertTrue(md.contains(w.a().ifname() + " " + w.a().address()), w + " in " + md);
            }
            if (Diagram.onPath("dot")) {
                assertTrue(Files.readString(svg).contains("<svg"), "an SVG from dot");
                org.junit.jupiter.api.Assertions.assertFalse(Files.exists(dir.resolve("lab.svg.dot")), "no stray lab.svg.dot beside lab.svg");
            }
            else assertEquals(dir.resolve("lab.svg.dot"), svg);
            lab.show();
            String shown = out.toString();
            assertTrue(shown.startsWith("lab " + lab.name() + ": 3 hosts, 0 switches, 2 routers, 4 links\n"
                    + "node  role    namespace"), shown);
            assertTrue(shown.contains("h1    host    " + lab.name() + "-h1  h1-eth0    10.0.0.2/24  r1:r1-eth0"), shown);
        }
    }

    @Test
    void pingAllOfNamespacesOutsideLabs() {
        String a = scratch.ns("pa").name(), b = scratch.ns("pb").name();
        Namespace na = Nsh.existing(a), nb = Nsh.existing(b);
        String va = TestNames.iface("a"), vb = TestNames.iface("b");
        na.veth(va).peer(nb, vb).addr("10.77.0.1/24").up();
        nb.link(vb).addr("10.77.0.2/24").up();
        PingAll.Result r = Nsh.pingAll(na, nb);
        assertEquals(2, r.received());
        assertEquals(a + " -> " + b + "\n" + b + " -> " + a + "\n*** Results: 0% dropped (2/2 received)\n", r.toString());
    }
}
