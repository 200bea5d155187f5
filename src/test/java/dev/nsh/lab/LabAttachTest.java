package dev.nsh.lab;

import dev.nsh.cli.ScriptRunner;
import dev.nsh.error.NshException;
import dev.nsh.testing.Ip;
import dev.nsh.testing.Iputils;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import groovy.lang.Binding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A kept lab opened again by name (issue 13): Lab.attach and lab(name, attach: true), judged by
 * ip netns list, ip addr, iputils ping and the state file; refusals leave the lab as it was.
 */
@NeedsRoot
class LabAttachTest {
    private final LabJudge.Made made = new LabJudge.Made();
    private final Map<String, String> rootBefore = made.rootBefore;

    @AfterEach
    void removeTheLabs() {
        made.cleanUp();
    }

    private String keptStar() {
        String name = made.name();
        try (Lab lab = Labs.lab(Map.of("keep", true), name)) {
            lab.output(new PrintStream(new ByteArrayOutputStream()));
            lab.star(2);
        }
        assertEquals(List.of(name + "-h1", name + "-h2", name + "-s1"), LabJudge.namespacesOf(name), "ip netns list: kept");
        return name;
    }

    @Test
    void aKeptLabIsOpenedAgainUsedGrownAndRemoved() {
        String name = keptStar();
        try (Lab lab = Lab.attach(name)) {
            assertEquals(List.of("h1", "h2", "s1"), lab.nodes().stream().map(Node::name).toList());
            assertEquals(Node.Role.SWITCH, lab.node("s1").role());
            assertEquals("10.0.0.3", lab.node("h2").ip());
            assertEquals(1, lab.node("h1").ping(Map.of("count", 1, "quiet", true), lab.node("h2")).received());
            assertTrue(Iputils.reaches(name + "-h1", "10.0.0.3"), "iputils h1 -> h2 in the attached lab");
            // Grown: a new host on a new subnet, not one of the kept lab's, on the next interface numbers.
            lab.link(lab.host("h3"), "h1");
            assertEquals("10.0.1.2/24", ((Map<?, ?>) ((List<?>) Ip.json(name + "-h1", "-4", "addr", "show", "h1-eth1").get(0).get("addr_info")).get(0))
                    .get("local") + "/24");
            assertTrue(Iputils.reaches(name + "-h3", "10.0.1.2"), "iputils h3 -> h1 over the new link");
            assertTrue(lab.show().toString().contains("h1    host    " + name + "-h1"), lab.show().toString());
        }
        LabJudge.assertNothingLeft(name, rootBefore);
    }

    @Test
    void groovyAttachesWithAnOption() {
        String name = keptStar();
        Object r = ScriptRunner.shell(new Binding()).evaluate("lab('" + name + "', attach: true) { [pingAll().isOk(), h2.ip, s1.role.toString()] }");
        assertEquals(List.of(true, "10.0.0.3", "SWITCH"), r);
        LabJudge.assertNothingLeft(name, rootBefore);
    }

    @Test
    void aLabOpenHereIsTheOneReturnedAndABlockLeavesItOpen() {
        String name = made.name();
        try (Lab lab = Labs.lab(name)) {
            lab.output(new PrintStream(new ByteArrayOutputStream()));
            lab.pair();
            assertSame(lab, Lab.attach(name));
            Binding b = new Binding();
            lab.keep(true);
            ScriptRunner.shell(b).evaluate("lab('" + name + "', attach: true) { h1.ip }");
            assertEquals(List.of(name + "-h1", name + "-h2"), LabJudge.namespacesOf(name), "the block did not close a lab it did not open");
            assertTrue(lab.isKeep(), "nor changed its keep");
            lab.keep(false);
        }
        LabJudge.assertNothingLeft(name, rootBefore);
    }

    @Test
    void refusalsSayWhyAndLeaveTheLabKept() throws Exception {
        String missing = TestNames.ns("lab");
        assertEquals("attach lab " + missing + ": there is none (no " + LabState.file(missing) + "); lab(\"" + missing + "\") makes one",
                assertThrows(NshException.class, () -> Lab.attach(missing)).getMessage());
        String name = keptStar();
        String before = Files.readString(LabState.file(name));
        Ip.run("netns", "del", name + "-h2");
        Ip.run("netns", "add", name + "-h2"); // another namespace under the node's name
        NshException e = assertThrows(NshException.class, () -> Lab.attach(name));
        assertEquals("attach lab " + name + ": namespace " + name + "-h2 of node h2 is not the one the lab made; remove the lab with: scripts/nsh --clean "
                + name, e.getMessage());
        assertEquals(before, Files.readString(LabState.file(name)), "the state file is as it was");
        assertEquals(List.of(name + "-h1", name + "-h2", name + "-s1"), LabJudge.namespacesOf(name));
        // --clean removes what is the lab's and leaves the namespace put in its place, which goes by hand.
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        LabClean.run(name, quiet, quiet);
        assertEquals(List.of(name + "-h2"), LabJudge.namespacesOf(name));
        Ip.run("netns", "del", name + "-h2");
        LabJudge.assertNothingLeft(name, rootBefore);
    }
}
