package dev.nsh.topo;

import dev.nsh.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** containerlab's files read as containerlab reads them; bad input refused with FILE:LINE:COL naming the value and the rule. */
class ClabFileTest {
    static String resource(String name) {
        try (InputStream in = ClabFileTest.class.getResourceAsStream("/clab/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String refused(String text) {
        return assertThrows(InvalidInputException.class, () -> ClabFile.parse("t.clab.yml", text, null)).getMessage();
    }

    @Test
    void frr01AsContainerlabReadsIt() {
        Topology t = ClabFile.parse("frr01.clab.yml", resource("frr01.clab.yml"), null);
        assertEquals("frr01", t.name());
        assertEquals("clab-frr01", t.labName());
        assertEquals(List.of("router1", "router2", "router3", "PC1", "PC2", "PC3"), t.nodes().stream().map(Topology.NodeSpec::name).toList());
        assertEquals("clab-frr01-PC1", t.node("PC1").namespace(t));
        assertEquals(Topology.Kind.LINUX, t.node("router1").kind()); // from its group
        assertEquals(4, t.node("PC2").exec().size());
        assertEquals("ip addr add 192.168.12.2/24 dev eth1", t.node("PC2").exec().get(1));
        assertEquals(6, t.links().size());
        assertEquals("router1:eth1", t.links().get(0).a().toString());
        assertEquals("router3:eth3", t.links().get(5).b().toString());
        assertEquals(List.of("frr01.clab.yml: binds of router1, router2, router3: ignored (nsh runs no container image)",
                "frr01.clab.yml: image of router1, router2, router3, PC1, PC2, PC3: ignored (nsh runs no container image)"), t.warnings());
    }

    @Test
    void bridgeAndHostEndpoints() {
        Topology t = ClabFile.parse("f", resource("03-linux-nodes-to-bridge-and-host.clab.yml"), null);
        assertEquals(Topology.Kind.BRIDGE, t.node("br-01-03-clab").kind());
        assertEquals(Topology.Kind.HOST, t.node("hostnode").kind());
        Topology.LinkSpec host = t.links().get(2);
        assertTrue(host.b().isHost());
        assertEquals("l1-01-03-eth3", host.b().ifname());
        assertTrue(t.warnings().get(0).startsWith("f:6:1: mgmt: ignored"), t.warnings().toString());
    }

    @Test
    void prefixNamesTheNamespaces() {
        String base = "name: lab1\ntopology:\n  nodes:\n    a: {kind: linux}\n";
        assertEquals("p-lab1", ClabFile.parse("f", "prefix: p\n" + base, null).labName());
        assertEquals("lab1", ClabFile.parse("f", "prefix: __lab-name\n" + base, null).labName());
        assertEquals("clab-other", ClabFile.parse("f", base, "other").labName());
        Topology bare = ClabFile.parse("f", "prefix: \"\"\n" + base, null);
        assertEquals("lab1", bare.labName());
        assertEquals("a", bare.nodes().get(0).namespace(bare));
        Topology named = ClabFile.parse("f", "prefix: __lab-name\n" + base, null);
        assertEquals("lab1-a", named.nodes().get(0).namespace(named));
    }

    @Test
    void extendedLinksAndExtensions() {
        Topology t = ClabFile.parse("f", """
                name: x
                topology:
                  nodes:
                    a: {kind: linux, env: {A: 1}, config: {vars: {nsh: {forwarding: true, routes: ["default via 10.0.0.2", {dst: 10.9.0.0/16, dev: e1}],
                        tests: [{ping: b, count: 2}, {cmd: "true"}]}}}}
                    b: {kind: linux, sysctls: {net.ipv4.ip_forward: 1}}
                  links:
                    - type: veth
                      mtu: 9000
                      endpoints:
                        - {node: a, interface: e1, mac: "02:00:00:00:00:01", ipv4: 10.0.0.1/24}
                        - {node: b, interface: e1, ipv6: "fd00::2/64"}
                    - endpoints: ["a:e2", "b:e2"]
                      ipv4: [10.1.0.1/24, 10.1.0.2/24]
                """, null);
        Topology.NodeSpec a = t.node("a");
        assertTrue(a.forwarding());
        assertEquals(List.of(new Topology.RouteSpec("default", "10.0.0.2", null), new Topology.RouteSpec("10.9.0.0/16", null, "e1")), a.routes());
        assertEquals("a: ping b", a.tests().get(0).describe());
        assertEquals(2, a.tests().get(0).count());
        assertEquals("1", a.env().get("A"));
        assertEquals("1", t.node("b").sysctls().get("net.ipv4.ip_forward"));
        assertEquals(new Topology.LinkSpec(new Topology.End("a", "e1", "02:00:00:00:00:01", List.of("10.0.0.1/24")),
                new Topology.End("b", "e1", null, List.of("fd00::2/64")), 9000, "f:8:7", null), t.links().get(0));
        assertEquals(List.of("10.1.0.2/24"), t.links().get(1).b().addrs());
    }

    @Test
    void hostLinksAndTheirLimits() {
        String nodes = "name: x\ntopology:\n  nodes:\n    a: {kind: linux}\n  links:\n";
        Topology t = ClabFile.parse("f", nodes + "    - type: host\n      host-interface: hx\n      mtu: 1400\n"
                + "      endpoint: {node: a, interface: e1, mac: 02-00-00-00-00-0A, ipv4: 10.0.0.1/24}\n", null);
        assertEquals(new Topology.LinkSpec(new Topology.End("a", "e1", "02:00:00:00:00:0a", List.of("10.0.0.1/24")),
                new Topology.End(null, "hx", null, List.of()), 1400, "f:6:7", null), t.links().get(0));
        assertEquals("t.clab.yml:6:27: endpoint host:h1: nsh puts no address on the host's end (it never changes the host)",
                refused(nodes + "    - endpoints: [\"a:e1\", \"host:h1\"]\n      ipv4: [10.0.0.1/24, 10.0.0.2/24]\n"));
        assertEquals("t.clab.yml:6:7: both ends of this link are the host's; a link joins a node to something",
                refused(nodes + "    - endpoints: [\"host:h1\", \"host:h2\"]\n"));
        assertEquals("t.clab.yml:4:27: node h: exec on a host node would run on this machine's own namespace; nsh never changes the host",
                refused("name: x\ntopology:\n  nodes:\n    h: {kind: host, exec: [\"ip link set eth0 down\"]}\n"));
    }

    @Test
    void badInputNamesTheValueAndItsLine() {
        String nodes = "name: x\ntopology:\n  nodes:\n    a: {kind: linux}\n    b: {kind: linux}\n  links:\n";
        assertEquals("t.clab.yml:7:19: endpoint \"a:\" is not NODE:IFNAME", refused(nodes + "    - endpoints: [\"a:\", \"b:e1\"]\n"));
        assertEquals("t.clab.yml:7:27: endpoint c:e1: no node c in topology.nodes", refused(nodes + "    - endpoints: [\"a:e1\", \"c:e1\"]\n"));
        assertEquals("t.clab.yml:8:7: interface a:e1 is used twice (also by the link at line 7)",
                refused(nodes + "    - endpoints: [\"a:e1\", \"b:e1\"]\n    - endpoints: [\"a:e1\", \"b:e2\"]\n"));
        assertEquals("t.clab.yml:7:27: interface name \"eth-much-too-long\" is 17 bytes; the limit is 15",
                refused(nodes + "    - endpoints: [\"a:e1\", \"b:eth-much-too-long\"]\n"));
        assertEquals("t.clab.yml:4:16: node n1: kind nokia_srlinux needs a container image; nsh runs linux, bridge and host nodes only",
                refused("name: x\ntopology:\n  nodes:\n    n1: {kind: nokia_srlinux}\n"));
        assertEquals("t.clab.yml:4:22: node a: unknown key \"imagee\" (did you mean image?)",
                refused("name: x\ntopology:\n  nodes:\n    a: {kind: linux, imagee: alpine}\n"));
        assertTrue(refused("name: x\ntopology:\n  nodes:\n    a: {kind: linux, speed: 1}\n")
                .startsWith("t.clab.yml:4:22: node a: unknown key \"speed\"; containerlab's schema has aliases, auto-remove, binds,"));
        assertTrue(refused("name: x\ntopolgy: {}\n").startsWith("t.clab.yml:2:1: the top level: unknown key \"topolgy\""));
        assertEquals("t.clab.yml:3:1: key \"name\" is given twice (first at line 1)", refused("name: x\ntopology: {}\nname: y\n"));
        assertEquals("t.clab.yml:4:1: expected ',' or ']', but got <stream end> (YAML syntax)", refused("name: x\ntopology:\n  nodes: [a\n"));
        assertEquals("t.clab.yml:7:42: mtu 20 is out of range; it must be 68 to 65535", refused(nodes + "    - {endpoints: [\"a:e1\", \"b:e1\"], mtu: 20}\n"));
        assertEquals("t.clab.yml:7:13: link type dummy is not supported; nsh makes veth and host links (this kernel has no dummy links)",
                refused(nodes + "    - type: dummy\n      endpoint: {node: a, interface: d}\n"));
        assertEquals("t.clab.yml:4:29: node a: group \"g\" is not in topology.groups", refused("name: x\ntopology:\n  nodes:\n    a: {kind: linux, group: g}\n"));
        // a link's conditions, checked before anything is made
        String link = nodes + "    - endpoints: [\"a:e1\", \"b:e1\"]\n      vars: {nsh: {";
        assertEquals("t.clab.yml:8:19: loss \"200%\" is more than 100%", refused(link + "loss: 200%}}\n"));
        assertTrue(refused(link + "delya: 20ms}}\n").startsWith("t.clab.yml:8:20: unknown key \"delya\" in a link's vars.nsh; it takes delay, jitter,"), refused(link + "delya: 20ms}}\n"));
        assertEquals("t.clab.yml:8:19: a link's vars.nsh sets no condition; give a delay, loss, rate, duplicate, corrupt or reorder above 0",
                refused(link + "loss: 0%, limit: 010}}\n"));
        assertTrue(refused(link + "jitter: 5ms}}\n").startsWith("t.clab.yml:8:19: jitter \"5ms\" needs a delay"), refused(link + "jitter: 5ms}}\n"));
    }

    @Test
    void linkConditionsInContainerlabsWordsAndNetems() {
        Topology t = ClabFile.parse("f", "name: x\ntopology:\n  nodes:\n    a: {kind: linux}\n    b: {kind: linux}\n  links:\n"
                + "    - endpoints: [\"a:e1\", \"b:e1\"]\n      vars: {nsh: {delay: 20ms, jitter: 5ms, loss: 2%, rate: 10mbit, corruption: 0.1%, seed: 7}}\n", null);
        dev.nsh.model.LinkConditions c = t.links().get(0).conditions();
        assertEquals(dev.nsh.model.LinkConditions.parse("netem", Map.of("delay", "20ms", "jitter", "5ms", "loss", "2%", "rate", "10mbit",
                "corrupt", "0.1%", "seed", 7), List.of()), c);
    }

    @Test
    void containerlabsOwnTestFilesThatNeedContainersAreRefused() {
        assertEquals("01.yml:55:21: node l3: network-mode host is not supported; nsh gives each node a namespace of its own",
                assertThrows(InvalidInputException.class, () -> ClabFile.parse("01.yml", resource("01-linux-nodes.clab.yml"), null)).getMessage());
        assertEquals("24.yml:48:21: node l3: network-mode host is not supported; nsh gives each node a namespace of its own",
                assertThrows(InvalidInputException.class, () -> ClabFile.parse("24.yml", resource("24-basic-groups.clab.yaml"), null)).getMessage());
    }
}
