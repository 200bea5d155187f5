package dev.nsh.cli;

import dev.nsh.lab.LabClean;
import dev.nsh.lab.LabState;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/nsh deploy, inspect, exec, test, graph, destroy as a user runs them: exit statuses and output; ip judges the lab. */
@NeedsRoot
class TopoCommandsTest {
    @TempDir
    Path dir;

    private static List<String> namespacesOf(String lab) {
        return Arrays.stream(Ip.run("netns", "list").split("\n")).map(l -> l.split(" ")[0].strip())
                .filter(n -> n.startsWith(lab + "-")).sorted().toList();
    }

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    @SuppressWarnings("unchecked")
    void deployInspectExecTestDestroy() throws IOException {
        String name = TestNames.ns("cli"), lab = "clab-" + name;
        Path f = file("t.clab.yml", """
                name: NAME
                topology:
                  defaults: {kind: linux, image: alpine:3}
                  nodes:
                    a: {env: {WHO: a}, config: {vars: {nsh: {tests: [{ping: b}, {cmd: 'test "$WHO" = a'}]}}}}
                    b: {}
                  links:
                    - endpoints: ["a:eth1", "b:eth1"]
                      ipv4: [192.0.2.1/24, 192.0.2.2/24]
                """.replace("NAME", name));
        try {
            NshCommand up = NshCommand.run("up", "-t", f.toString());
            assertEquals(0, up.status(), up.err());
            assertEquals("lab " + name + " is up: 2 namespaces " + lab + "-*, 1 link. Remove it with: scripts/nsh destroy --name " + name + "\n", up.out());
            assertEquals("nsh: warning: " + f + ": image of a, b: ignored (nsh runs no container image)\n", up.err());
            assertEquals(List.of(lab + "-a", lab + "-b"), namespacesOf(lab));

            NshCommand again = NshCommand.run("deploy", "-t", f.toString());
            assertEquals(1, again.status());
            assertTrue(again.err().startsWith("nsh: lab " + name + " is running already"), again.err());

            NshCommand table = NshCommand.run("inspect", "-t", f.toString());
            assertEquals(0, table.status(), table.err());
            assertTrue(table.out().startsWith("LAB "), table.out());
            assertTrue(table.out().lines().anyMatch(l -> l.matches(lab + " +a +linux +" + lab + "-a +eth1 +\\S+ +1500 +\\S+ +192.0.2.1/24")), table.out());
            NshCommand json = NshCommand.run("inspect", "--name", name, "-f", "json");
            List<Map<String, Object>> nodes = (List<Map<String, Object>>) new JsonSlurper().parseText(json.out());
            assertEquals(List.of("a", "b"), nodes.stream().map(n -> n.get("node")).toList());
            Map<String, Object> eth1 = ((List<Map<String, Object>>) nodes.get(1).get("interfaces")).get(0);
            assertEquals("eth1", eth1.get("name"));
            assertEquals(List.of("192.0.2.2/24"), eth1.get("addresses"));
            assertEquals(Ip.link(lab + "-b", "eth1").get("address"), eth1.get("mac"));

            NshCommand exec = NshCommand.run("exec", "-t", f.toString(), "--node", "b", "--", "sh", "-c", "ip -br addr show eth1; exit 7");
            assertEquals(7, exec.status(), exec.err());
            assertTrue(exec.out().startsWith("eth1@"), exec.out());
            assertTrue(exec.out().contains("192.0.2.2/24"), exec.out());

            NshCommand test = NshCommand.run("test", "-t", f.toString());
            assertEquals(0, test.status(), test.out() + test.err());
            assertEquals("PASS a: ping b\nPASS a: cmd test \"$WHO\" = a\ntopology tests: 2 of 2 passed\n", test.out());

            NshCommand down = NshCommand.run("destroy", "--name", name);
            assertEquals(0, down.status(), down.err());
            assertEquals("lab " + lab + ": removed 2 namespaces\n", down.out());
            assertEquals(List.of(), namespacesOf(lab));
            assertEquals(1, NshCommand.run("destroy", "-t", f.toString()).status());
            NshCommand gone = NshCommand.run("test", "-t", f.toString());
            assertEquals(1, gone.status());
            assertTrue(gone.err().startsWith("nsh: no lab " + lab + " is running"), gone.err());
        } finally {
            if (Files.exists(LabState.file(lab))) LabClean.run(lab, new PrintStream(PrintStream.nullOutputStream()), System.err);
            List<String> left = namespacesOf(lab);
            for (String n : left) Ip.run("netns", "del", n);
            assertEquals(List.of(), left);
        }
    }

    @Test
    void badFilesAndUsage() throws IOException {
        String name = TestNames.ns("clibad");
        Path vendor = file("v.clab.yml", "name: " + name + "\ntopology:\n  nodes:\n    a: {kind: linux}\n    n1:\n      kind: nokia_srlinux\n");
        NshCommand r = NshCommand.run("deploy", "-t", vendor.toString());
        assertEquals(1, r.status());
        assertEquals("nsh: " + vendor + ":6:13: node n1: kind nokia_srlinux needs a container image; nsh runs linux, bridge and host nodes only\n", r.err());
        assertEquals(List.of(), namespacesOf("clab-" + name));
        assertEquals(2, NshCommand.run("destroy").status()); // neither -t nor --name
        assertEquals(2, NshCommand.run("inspect", "-f", "yaml").status());
        NshCommand missing = NshCommand.run("deploy", "-t", dir.resolve("none.clab.yml").toString());
        assertEquals(1, missing.status());
        assertEquals("nsh: topology file " + dir.resolve("none.clab.yml") + " does not exist\n", missing.err());
    }

    @Test
    void graphFromTheFile() throws IOException {
        Path f = file("g.clab.yml", """
                name: g
                topology:
                  nodes:
                    h1: {kind: linux}
                    r1: {kind: linux, config: {vars: {nsh: {forwarding: true}}}}
                    br1: {kind: bridge}
                  links:
                    - endpoints: ["h1:eth1", "br1:p1"]
                    - endpoints: ["r1:eth1", "br1:p2"]
                      ipv4: [10.0.0.1/24]
                    - endpoints: ["r1:eth2", "host:gveth"]
                """);
        NshCommand md = NshCommand.run("graph", "-t", f.toString(), "-o", dir.resolve("g.md").toString());
        assertEquals(0, md.status(), md.err());
        assertEquals("""
                ```mermaid
                graph LR
                  n_h1["h1<br/>clab-g-h1"]
                  n_r1{"r1<br/>clab-g-r1"}
                  n_br1(["br1<br/>clab-g-br1"])
                  n_host[/"host"\\]
                  n_h1 ---|"eth1 - p1"| n_br1
                  n_r1 ---|"eth1 10.0.0.1/24 - p2"| n_br1
                  n_r1 ---|"eth2 - gveth"| n_host
                ```
                """, Files.readString(dir.resolve("g.md")));
        assertEquals(0, NshCommand.run("graph", "-t", f.toString(), "-o", dir.resolve("g.dot").toString()).status());
        assertTrue(Files.readString(dir.resolve("g.dot")).contains("\"r1\" -- \"host\" [label=\"r1:eth2\\nhost:gveth\"];"));
    }
}
