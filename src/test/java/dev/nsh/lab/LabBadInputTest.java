package dev.nsh.lab;

import dev.nsh.error.NshException;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to a lab: one line naming the value and the rule, and nothing made: the lab's
 * namespaces (ip netns list), their links and addresses (ip -j), their processes (ip netns pids)
 * and the lab's own nodes and links are as before; a namespace someone else made is untouched.
 */
@NeedsRoot
class LabBadInputTest {
    private final List<String> labs = new ArrayList<>();
    private final List<String> bystanders = new ArrayList<>();
    private Map<String, String> rootBefore;

    @BeforeEach
    void snapshot() {
        rootBefore = LabJudge.rootLinks();
    }

    @AfterEach
    void cleanUp() {
        for (String b : bystanders) if (LabJudge.ipNamespaceExists(b)) Ip.run("netns", "del", b);
        for (String lab : labs) LabJudge.assertLeftNothingOrDelete(lab);
    }

    private Lab lab() {
        String n = TestNames.ns("lab");
        labs.add(n);
        return Labs.lab(n).output(new PrintStream(OutputStream.nullOutputStream()));
    }

    private static String state(Lab lab) {
        StringBuilder s = new StringBuilder(LabJudge.namespacesOf(lab.name()).toString());
        for (String ns : LabJudge.namespacesOf(lab.name())) {
            for (Map<String, Object> l : Ip.json(ns, "-4", "addr", "show")) s.append(' ').append(l.get("ifname")).append(l.get("addr_info"));
        }
        return s + " " + LabJudge.processesIn(lab.name()) + " " + lab.nodes() + " " + lab.wires();
    }

    /** {@code call} fails with exactly {@code message} and the lab is as before. */
    private static void refused(Lab lab, String message, Executable call) {
        String before = state(lab);
        NshException e = assertThrows(NshException.class, call, message);
        assertEquals(message, e.getMessage());
        assertEquals(before, state(lab), "changed by: " + message);
    }

    @Test
    void nodesLinksRoutersAndPrograms() {
        try (Lab lab = lab()) {
            String n = lab.name();
            lab.hosts(2);
            refused(lab, "number of nodes 0 is not positive; it must be 1 or more", () -> lab.hosts(0));
            refused(lab, "number of nodes -1 is not positive; it must be 1 or more", () -> lab.hosts(-1));
            refused(lab, "lab " + n + " has a node \"h1\" already", () -> lab.host("h1"));
            refused(lab, "lab " + n + " has a node \"h2\" already", () -> lab.bridge("h2", "h1"));
            refused(lab, "router gw: no subnet or node to join; give at least one", () -> lab.router("gw"));
            refused(lab, "subnet \"10.9.0.0/31\" is too small; a lab subnet is /8 to /30",
                    () -> lab.link(Map.of("subnet", "10.9.0.0/31"), "h1", "h2"));
            refused(lab, "bridge sw: subnet 10.9.0.0/30 holds 2 hosts; 2 hosts and one address kept for a router need 3",
                    () -> lab.bridge(Map.of("subnet", "10.9.0.0/30"), "sw", "h1", "h2"));
            refused(lab, "address \"10.8.0.1\" is not in subnet 10.9.0.0/24 of its link",
                    () -> lab.link(Map.of("subnet", "10.9.0.0/24", "addresses", List.of("10.8.0.1", "10.9.0.2")), "h1", "h2"));
            refused(lab, "spawn: no program given", () -> lab.spawn("h1"));
            refused(lab, "lab " + n + " has no node \"h9\"; it has h1, h2", () -> lab.spawn("h9", "sleep", "9"));
            refused(lab, "option routers: \"yes\" is not true or false", () -> lab.chain(Map.of("routers", "yes"), 2));
        }
        LabJudge.assertNothingLeft(labs.get(0), rootBefore);
    }

    /** Another's namespace under a node's name: refused, and that namespace is left as it was. */
    @Test
    void aTakenNamespaceNameIsRefusedAndLeftAlone() {
        try (Lab lab = lab()) {
            String taken = lab.name() + "-h1";
            bystanders.add(taken);
            Ip.run("netns", "add", taken);
            Ip.run("-n", taken, "link", "add", "mine", "type", "veth", "peer", "name", "mine2");
            NshException e = assertThrows(NshException.class, () -> lab.host("h1"));
            assertTrue(e.getMessage().startsWith("node h1 of lab " + lab.name() + ": namespace " + taken
                    + " exists already; a lab only uses namespaces it makes"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertEquals(List.of(), lab.nodes());
            assertEquals(List.of("lo", "mine", "mine2"), Ip.linkNames(taken).stream().sorted().toList(), "the other namespace is as it was");
        }
        assertTrue(LabJudge.ipNamespaceExists(labs.get(0) + "-h1"), "closing the lab left the other namespace alone");
    }

    @Test
    void nothingIsMadeInAClosedLab() {
        Lab lab = lab();
        lab.pair();
        lab.close();
        LabJudge.assertNothingLeft(lab.name(), rootBefore);
        refused(lab, "lab " + lab.name() + " is closed (or closing); nothing more can be made in it", () -> lab.host("a"));
        refused(lab, "lab " + lab.name() + " is closed (or closing); nothing more can be made in it", () -> lab.star(2));
        LabJudge.assertNothingLeft(lab.name(), rootBefore);
    }

    /** A bad flag is refused before the lab exists: no state file is written. */
    @Test
    void aBadLabFlagMakesNoStateFile() {
        String n = TestNames.ns("lab");
        labs.add(n);
        NshException e = assertThrows(NshException.class, () -> Labs.lab(Map.of("keep", "yes"), n));
        assertEquals("option keep: \"yes\" is not true or false", e.getMessage());
        assertFalse(Files.exists(LabState.file(n)));
        e = assertThrows(NshException.class, () -> Labs.lab(Map.of("ipv6", 1), n, null));
        assertEquals("option ipv6: 1 is not true or false", e.getMessage());
        assertFalse(Files.exists(LabState.file(n)));
    }
}
