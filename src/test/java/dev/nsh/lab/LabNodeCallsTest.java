package dev.nsh.lab;

import dev.nsh.cli.ScriptRunner;
import dev.nsh.error.NshException;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.NftJudge;
import groovy.lang.Binding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A lab's nodes take every namespace call in Groovy (issue 13), not a subset, and a closed lab's
 * node says the lab is closed. Judged by ip -j rule, ip -j neigh, ip -j route and nft.
 */
@NeedsRoot
class LabNodeCallsTest {
    private final LabJudge.Made made = new LabJudge.Made();

    @AfterEach
    void removeTheLabs() {
        made.cleanUp();
    }

    @Test
    void aNodeHasEveryNamespaceCall() {
        String name = made.name();
        Binding b = new Binding();
        Object r = ScriptRunner.shell(b).evaluate("l = lab('" + name + "'); l.pair(); h1 = l.h1\n"
                + "h1.rule(from: '10.0.0.0/24', table: 100, priority: 50)\n"
                + "h1.neigh('10.0.0.77', lladdr: '02:00:00:00:00:77', dev: h1.ports[0].ifname)\n"
                + "h1.route('10.9.0.0/16', via: '10.0.0.2', table: 100)\n"
                + "h1.nft('add table inet labfw')\n"
                + "[h1.rules().size(), h1.arp().json.size() > 0, h1.routes(table: 100).size(), h1.nft().tables.size(), h1.sysctl('net.ipv4.ip_forward')]");
        String h1 = name + "-h1";
        assertEquals(List.of(4, true, 1, 1, "0"), r);
        assertTrue(Ip.json(h1, "rule").stream().anyMatch(x -> ((Number) x.get("priority")).intValue() == 50 && "100".equals(x.get("table"))),
                "ip -j rule shows the node's rule");
        assertTrue(Ip.json(h1, "neigh").stream().anyMatch(x -> "10.0.0.77".equals(x.get("dst")) && List.of("PERMANENT").equals(x.get("state"))),
                "ip -j neigh shows the node's entry");
        assertEquals("10.9.0.0/16", Ip.json(h1, "route", "show", "table", "100").get(0).get("dst"));
        assertTrue(NftJudge.list(h1).contains("table inet labfw"), "nft sees the node's table");

        Object closed = ScriptRunner.shell(b).evaluate("l.close(); try { h1.arp(); 'no error' } catch (e) { e.message }");
        assertEquals("lab " + name + " is closed: node h1 and its namespace " + h1 + " are gone", closed);
        assertEquals("lab " + name + " is closed: node h1 and its namespace " + h1 + " are gone",
                assertThrows(NshException.class, () -> ((Lab) b.getVariable("l")).get("h1").ping("10.0.0.2")).getMessage());
        assertEquals(List.of(), LabJudge.namespacesOf(name), "ip netns list: the lab is gone");
    }

    @Test
    void aMistypedNodeCallIsANodeMethodMissing() {
        String name = made.name();
        Binding b = new Binding();
        groovy.lang.MissingMethodException e = assertThrows(groovy.lang.MissingMethodException.class,
                () -> ScriptRunner.shell(b).evaluate("lab('" + name + "') { pair(); h1.pnig('10.0.0.2') }"));
        assertEquals(Node.class, e.getType());
        assertEquals("pnig", e.getMethod());
        assertEquals(List.of(), LabJudge.namespacesOf(name));
    }

    /** From Groovy, as README shows: a node given to a node's call is its namespace (h1.iperf(h2)); the lab's iperf prints Mininet's lines. */
    @Test
    void iperfBetweenNodesFromGroovy() {
        String name = made.name();
        Binding b = new Binding();
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        b.setVariable("out", new java.io.PrintStream(printed, true));
        Object r = ScriptRunner.shell(b).evaluate("l = lab('" + name + "'); l.output(out); l.pair()\n"
                + "def mine = l.h1.iperf(l.h2, seconds: 1); def theirs = l.iperf(l.h1, l.h2, seconds: 1)\n"
                + "[mine.receivedBytes() > 0, theirs.receivedBytes() > 0]");
        assertEquals(List.of(true, true), r);
        assertTrue(printed.toString().contains("*** Iperf: testing TCP bandwidth between h1 and h2\n*** Results: ['"), printed.toString());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> ScriptRunner.shell(b).evaluate("l.h1.iperff(l.h2)"));
        assertTrue(String.valueOf(e.getMessage()).contains("iperff"), e.getMessage());
        ScriptRunner.shell(b).evaluate("l.close()");
    }
}
