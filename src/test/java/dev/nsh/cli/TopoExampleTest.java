package dev.nsh.cli;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/topology.groovy (deploy, the Lab, Labs.running, destroy) and examples/two-lans.clab.yml's tests, run as a user runs them. */
@NeedsRoot
class TopoExampleTest {
    private static List<String> namespacesOf(String lab) {
        return Ip.run("netns", "list").lines().map(l -> l.split(" ")[0]).filter(n -> n.startsWith(lab + "-")).toList();
    }

    @Test
    void scriptDeploysUsesAndDestroys() {
        String name = TestNames.ns("topo"), lab = "clab-" + name;
        List<String> root = Ip.linkNames(null);
        try {
            NshCommand r = NshCommand.run("examples/topology.groovy", name);
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("2 packets transmitted, 2 received, 0% packet loss"), r.out());
            assertTrue(r.out().contains("[a1, a2, b1, gw, lan1]\n"), r.out());
            assertTrue(r.out().contains("\ndefault via 10.2.0.1 dev eth1"), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.matches("gw +router +" + lab + "-gw +eth2 +10\\.2\\.0\\.1/24 +- +b1:eth1")), r.out());
            assertTrue(r.out().endsWith("lab " + lab + ": removed 5 namespaces\n"), r.out());
            assertEquals(List.of(), namespacesOf(lab));
            assertEquals(root, Ip.linkNames(null));
        } finally {
            for (String n : namespacesOf(lab)) Ip.run("netns", "del", n);
            if (java.nio.file.Files.exists(dev.nsh.lab.LabState.file(lab))) dev.nsh.lab.LabClean.run(lab, new java.io.PrintStream(java.io.PrintStream.nullOutputStream()), System.err);
        }
    }
}
