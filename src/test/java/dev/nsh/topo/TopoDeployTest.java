package dev.nsh.topo;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.lab.LabClean;
import dev.nsh.lab.LabState;
import dev.nsh.testing.Ip;
import dev.nsh.testing.Iputils;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Topology files deployed for real, judged by ip -j (namespaces, interface names, MTU, MAC,
 * addresses, bridge ports) and iputils ping; destroy leaves nothing, the root namespace as it was.
 */
@NeedsRoot
class TopoDeployTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    /** A lab name unique to this run ("nsht-k3x9qa-7-x"). */
    private static String name(String hint) {
        return TestNames.ns(hint);
    }

    private static List<String> namespacesOf(String lab) {
        return Arrays.stream(Ip.run("netns", "list").split("\n")).map(l -> l.split(" ")[0].strip())
                .filter(n -> n.startsWith(lab + "-")).sorted().toList();
    }

    private static Map<String, String> rootLinks() {
        Map<String, String> m = new TreeMap<>();
        for (Map<String, Object> l : Ip.json(null, "link", "show")) m.put((String) l.get("ifname"), String.valueOf(l.get("flags")));
        return m;
    }

    /** Removes what a failed test left (the lab by its state file, then any namespace of its name), and says if there was any. */
    private static void cleanUp(String lab) {
        if (Files.exists(LabState.file(lab))) LabClean.run(lab, QUIET, QUIET);
        List<String> left = namespacesOf(lab);
        for (String n : left) Ip.run("netns", "del", n);
        assertEquals(List.of(), left, "left namespaces of " + lab);
    }

    private static void assertGone(String lab, Map<String, String> rootBefore) {
        assertEquals(List.of(), namespacesOf(lab));
        assertFalse(Files.exists(LabState.file(lab)));
        assertEquals(rootBefore, rootLinks(), "the root namespace's links");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> link(String ns, String ifname) {
        Map<String, Object> l = Ip.linkDetails(ns, ifname);
        assertNotNull(l, ifname + " in " + ns + ": " + Ip.linkNames(ns));
        return l;
    }

    private static List<String> addrs(String ns, String ifname) {
        return Ip.addrs(ns, ifname).stream().filter(a -> !"link".equals(a.get("scope")))
                .map(a -> a.get("local") + "/" + a.get("prefixlen")).toList();
    }

    /** A link's vars.nsh conditions: the kernel's tbf for a rate alone (tc judges); delay needs the kernel's netem, or is refused with nothing made. */
    @Test
    void linkConditionsByTheKernel() {
        String name = name("cond"), lab = "clab-" + name;
        Map<String, String> root = rootLinks();
        String file = """
                name: NAME
                topology:
                  nodes:
                    a: {kind: linux}
                    b: {kind: linux}
                  links:
                    - endpoints: ["a:eth1", "b:eth1"]
                      ipv4: [10.5.0.1/24, 10.5.0.2/24]
                      vars: {nsh: {COND}}
                """.replace("NAME", name);
        try {
            Topology t = ClabFile.parse("cond.clab.yml", file.replace("COND", "rate: 10mbit"), name);
            Topo.deploy(t, QUIET, QUIET);
            for (String node : List.of("a", "b")) {
                List<?> q = (List<?>) new groovy.json.JsonSlurper().parseText(
                        Ip.run(List.of("ip", "netns", "exec", lab + "-" + node, "tc", "-j", "qdisc", "show", "dev", "eth1")));
                Map<?, ?> first = (Map<?, ?>) q.get(0);
                assertEquals("tbf", first.get("kind"), node + ": " + q);
                assertEquals(1250000L, ((Number) ((Map<?, ?>) first.get("options")).get("rate")).longValue(), node + ": tc's rate in bytes/s");
            }
            assertTrue(Iputils.reaches(lab + "-a", "10.5.0.2"));
            assertEquals(0, Topo.destroy(t, QUIET, QUIET));
            assertGone(lab, root);

            Topology delayed = ClabFile.parse("cond.clab.yml", file.replace("COND", "delay: 20ms, loss: 0%"), name);
            if (kernelHasNetem()) {
                Topo.deploy(delayed, QUIET, QUIET);
                String ping = Ip.run(List.of("ip", "netns", "exec", lab + "-a", "ping", "-c", "3", "-i", "0.2", "10.5.0.2"));
                double min = Double.parseDouble(ping.replaceAll("(?s).*= ([0-9.]+)/.*", "$1"));
                assertTrue(min >= 40, "two ends of 20 ms each: " + ping);
                assertEquals(0, Topo.destroy(delayed, QUIET, QUIET));
            } else {
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> Topo.deploy(delayed, QUIET, QUIET));
                assertTrue(e.getMessage().startsWith("cond.clab.yml:7:7: link conditions delay 20ms on a:eth1: "), e.getMessage());
                assertTrue(e.getMessage().contains("this kernel has no sch_netem"), e.getMessage());
            }
            assertGone(lab, root);
        } finally {
            cleanUp(lab);
        }
    }

    /** Whether this kernel has sch_netem (tc itself asked, in a namespace of the test's own). */
    private static boolean kernelHasNetem() {
        String ns = name("netem");
        Ip.run("netns", "add", ns);
        try {
            new ProcessBuilder("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up").start().waitFor();
            return new ProcessBuilder("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            Ip.run("netns", "del", ns);
        }
    }

    @Test
    void frr01FromContainerlabsExamples() {
        String name = name("frr"), lab = "clab-" + name;
        Map<String, String> root = rootLinks();
        try {
            Topology t = ClabFile.parse("frr01.clab.yml", ClabFileTest.resource("frr01.clab.yml"), name);
            Topo.deploy(t, QUIET, QUIET);
            assertEquals(List.of(lab + "-PC1", lab + "-PC2", lab + "-PC3", lab + "-router1", lab + "-router2", lab + "-router3"), namespacesOf(lab));
            assertEquals(List.of("eth1", "eth2", "eth3", "lo"), Ip.linkNames(lab + "-router1").stream().sorted().toList());
            // the veths join what the file says: router1:eth1's peer is router2's eth1
            Map<String, Object> r1 = link(lab + "-router1", "eth1");
            assertEquals("veth", ((Map<?, ?>) r1.get("linkinfo")).get("info_kind"));
            assertEquals(Ip.link(lab + "-router2", "eth1").get("ifindex"), r1.get("link_index"));
            // the PCs' exec commands ran in them, as ip netns exec runs them
            assertEquals(List.of("192.168.12.2/24"), addrs(lab + "-PC2", "eth1"));
            assertTrue(Ip.run("-n", lab + "-PC2", "route", "show").contains("192.168.0.0/16 via 192.168.12.1 dev eth1"));
            InvalidInputException twice = assertThrows(InvalidInputException.class, () -> Topo.deploy(t, QUIET, QUIET));
            assertTrue(twice.getMessage().startsWith("lab " + name + " is running already (namespaces " + lab + "-*"), twice.getMessage());
            assertEquals(6, namespacesOf(lab).size());
            assertEquals(0, Topo.destroy(t, QUIET, QUIET));
            assertGone(lab, root);
        } finally {
            cleanUp(lab);
        }
    }

    /** containerlab's own smoke test of a bridge and a host link (its host interface renamed to one of this run's). */
    @Test
    void bridgeAndHostFromContainerlabsTests() {
        String name = name("br03"), lab = "clab-" + name, hostIf = TestNames.iface("l1");
        Map<String, String> root = rootLinks();
        try {
            Topology t = ClabFile.parse("03.clab.yml", ClabFileTest.resource("03-linux-nodes-to-bridge-and-host.clab.yml")
                    .replace("host:l1-01-03-eth3", "host:" + hostIf), name);
            Topo.deploy(t, QUIET, QUIET);
            assertEquals(List.of(lab + "-br-01-03-clab", lab + "-l1"), namespacesOf(lab)); // the host node is the host: no namespace
            assertEquals(List.of("eth1", "eth2", "eth3", "lo"), Ip.linkNames(lab + "-l1").stream().sorted().toList());
            String br = lab + "-br-01-03-clab";
            assertEquals("bridge", ((Map<?, ?>) link(br, "br-01-03-clab").get("linkinfo")).get("info_kind"));
            for (String p : List.of("l1-eth1", "l1-eth2")) assertEquals("br-01-03-clab", link(br, p).get("master"), p);
            assertEquals(Ip.link(br, "l1-eth2").get("ifindex"), link(lab + "-l1", "eth2").get("link_index"));
            assertEquals(Ip.link(lab + "-l1", "eth3").get("ifindex"), link(null, hostIf).get("link_index"));
            assertEquals(0, Topo.destroy(t, QUIET, QUIET));
            assertGone(lab, root);
        } finally {
            cleanUp(lab);
            if (Ip.link(null, hostIf) != null) Ip.run("link", "del", hostIf);
        }
    }

    @Test
    void bridgeHostEndMtuMacAddressesRoutesAndTests() {
        String name = name("br"), lab = name;
        String hostIf = TestNames.iface("h");
        Map<String, String> root = rootLinks();
        String file = """
                name: NAME
                prefix: __lab-name
                topology:
                  nodes:
                    h1: {kind: linux, config: {vars: {nsh: {routes: ["default via 10.0.1.254"], tests: [{ping: h3}, {cmd: "ip link show e1"}]}}}}
                    h2: {kind: linux, exec: ["ip route add default via 10.0.1.254"]}
                    r1: {kind: linux, config: {vars: {nsh: {forwarding: true}}}}
                    h3: {kind: linux, exec: ["sh -c 'ip route add default via $GW'"], env: {GW: 10.0.2.254},
                         config: {vars: {nsh: {tests: [{ping: 10.0.1.1, count: 2}, {ping: 10.0.9.9}, {cmd: "false"}]}}}}
                    sw: {kind: bridge}
                    hostnode: {kind: host}
                  links:
                    - endpoints: ["h1:e1", "sw:p1"]
                      ipv4: [10.0.1.1/24]
                    - type: veth
                      mtu: 9000
                      endpoints:
                        - {node: h2, interface: e1, mac: "02:00:00:00:00:02", ipv4: 10.0.1.2/24, ipv6: "fd00:1::2/64"}
                        - {node: sw, interface: p2}
                    - endpoints: ["r1:lan", "sw:p3"]
                      ipv4: [10.0.1.254/24]
                    - endpoints: ["r1:wan", "h3:e1"]
                      ipv4: [10.0.2.254/24, 10.0.2.3/24]
                    - endpoints: ["h3:up", "host:HOSTIF"]
                """.replace("NAME", name).replace("HOSTIF", hostIf);
        try {
            Topology t = ClabFile.parse("t.clab.yml", file, null);
            Topo.deploy(t, QUIET, QUIET);
            assertEquals(List.of(lab + "-h1", lab + "-h2", lab + "-h3", lab + "-r1", lab + "-sw"), namespacesOf(lab));
            Map<String, Object> e1 = link(lab + "-h2", "e1");
            assertEquals(9000, ((Number) e1.get("mtu")).intValue());
            assertEquals("02:00:00:00:00:02", e1.get("address"));
            assertEquals(9000, ((Number) link(lab + "-sw", "p2").get("mtu")).intValue());
            assertEquals(List.of("10.0.1.2/24", "fd00:1::2/64"), addrs(lab + "-h2", "e1"));
            for (String p : List.of("p1", "p2", "p3")) assertEquals("sw", link(lab + "-sw", p).get("master"), p);
            assertEquals("bridge", ((Map<?, ?>) link(lab + "-sw", "sw").get("linkinfo")).get("info_kind"));
            assertEquals("1", Ip.run("netns", "exec", lab + "-r1", "sysctl", "-n", "net.ipv4.ip_forward").strip());
            // the host's end: a veth in the root namespace, peer of h3:up
            assertEquals(Ip.link(lab + "-h3", "up").get("ifindex"), link(null, hostIf).get("link_index"));
            assertTrue(Iputils.reaches(lab + "-h1", "10.0.1.2"), "h1 -> h2 over the bridge");
            assertTrue(Iputils.reaches(lab + "-h1", "10.0.2.3"), "h1 -> h3 through r1 (nsh route in h1, exec route in h3)");
            assertTrue(Iputils.reaches(lab + "-h2", "10.0.2.3"), "h2 -> h3 (h2's exec route)");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(2, TopoTests.run(t, new PrintStream(out, true, StandardCharsets.UTF_8)));
            assertEquals("""
                    PASS h1: ping h3
                    PASS h1: cmd ip link show e1
                    PASS h3: ping 10.0.1.1
                    FAIL h3: ping 10.0.9.9 (t.clab.yml:9:68): no reply from 10.0.9.9 (1 sent)
                    FAIL h3: cmd false (t.clab.yml:9:86): exited 1
                    topology tests: 3 of 5 passed
                    """, out.toString(StandardCharsets.UTF_8));
            assertEquals(0, Topo.destroy(t, QUIET, QUIET));
            assertGone(lab, root); // the host's end too, at once
        } finally {
            cleanUp(lab);
            if (Ip.link(null, hostIf) != null) Ip.run("link", "del", hostIf);
        }
    }

    /** prefix: "" names each namespace as its node alone; --clean removes the kept lab by its state file, as after a crash. */
    @Test
    void emptyPrefixAndClean() {
        String name = name("bare"), a = name("na"), b = name("nb"), c = name("nc");
        String hostIf = TestNames.iface("c");
        Map<String, String> root = rootLinks();
        try {
            Topology t = ClabFile.parse("f", "name: " + name + "\nprefix: \"\"\ntopology:\n  nodes:\n    " + a + ": {kind: linux}\n    " + b
                    + ": {kind: linux}\n  links:\n    - endpoints: [\"" + a + ":e1\", \"" + b + ":e1\"]\n    - endpoints: [\"" + b + ":e2\", \"host:" + hostIf
                    + "\"]\n", null);
            Topo.deploy(t, QUIET, QUIET);
            assertTrue(Ip.run("netns", "list").lines().map(l -> l.split(" ")[0]).toList().containsAll(List.of(a, b)));
            assertEquals(List.of("e1", "lo"), Ip.linkNames(a).stream().sorted().toList());
            assertNotNull(Ip.link(null, hostIf));
            // attached again, the lab names a new node's namespace as it named the first: the node alone
            try (dev.nsh.lab.Lab again = dev.nsh.lab.Lab.attach(name).keep(true).output(QUIET)) {
                again.host(c);
            }
            assertTrue(Ip.run("netns", "list").lines().map(l -> l.split(" ")[0]).toList().contains(c), "ip netns list: " + c);
            assertEquals(0, LabClean.run(name, QUIET, QUIET));
            assertFalse(Ip.run("netns", "list").lines().map(l -> l.split(" ")[0]).anyMatch(n -> n.equals(c)), "--clean removed " + c);
            assertFalse(Ip.run("netns", "list").lines().map(l -> l.split(" ")[0]).anyMatch(n -> n.equals(a) || n.equals(b)));
            assertGone(name, root);
        } finally {
            cleanUp(name);
            for (String n : List.of(a, b, c)) if (Ip.run("netns", "list").lines().anyMatch(l -> l.split(" ")[0].equals(n))) Ip.run("netns", "del", n);
            if (Ip.link(null, hostIf) != null) Ip.run("link", "del", hostIf);
        }
    }

    @Test
    void refusedFilesMakeNothing() {
        String name = name("bad"), hostIf = TestNames.iface("bh");
        Map<String, String> root = rootLinks();
        try {
            assertThrows(InvalidInputException.class, () -> ClabFile.parse("f", "name: " + name
                    + "\ntopology:\n  nodes:\n    a: {kind: linux}\n    n1: {kind: nokia_srlinux}\n", null));
            // an exec that fails removes all that was made, the host's end of a host link too (ip -j judges the root's links)
            Topology t = ClabFile.parse("f", "name: " + name + "\nprefix: __lab-name\ntopology:\n  nodes:\n    a: {kind: linux, exec: [\"true\", \"exit 3\"]}\n"
                    + "    b: {kind: linux}\n  links:\n    - endpoints: [\"a:e1\", \"b:e1\"]\n    - endpoints: [\"b:e2\", \"host:" + hostIf + "\"]\n", null);
            NshException e = assertThrows(NshException.class, () -> Topo.deploy(t, QUIET, QUIET));
            assertEquals("node a: exec \"exit 3\" exited 3", e.getMessage());
            assertGone(name, root);
        } finally {
            if (Ip.linkNames(null).contains(hostIf)) Ip.run("link", "del", hostIf);
            cleanUp(name);
        }
    }
}
