package dev.nsh.cli;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The nsh command line, run as a user runs it: scripts, -e, errors, exit status. */
@NeedsRoot
class CommandLineTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void evaluatesCodeAndPrintsAsItGoes() {
        String a = scratch.track(TestNames.ns("e"));
        NshCommand r = NshCommand.run("-e", "def n = ns('" + a + "'); n.veth('v1').peer('v2').addr('10.0.0.1/24').up(); println n.links().names().sort()");
        assertEquals(0, r.status(), r.err());
        assertEquals("[lo, v1, v2]\n", r.out());
        assertNotNull(Ip.json(a, "link", "show", "v1").get(0));
    }

    @Test
    void aScriptSeesItsArgsAndAnErrorNamesFileAndLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String a = scratch.track(TestNames.ns("s"));
        Path script = dir.resolve("bad.groovy");
        Files.writeString(script, "#!/usr/bin/env nsh\n"
                + "def n = ns(args[0])\n"
                + "println \"in ${n.name}\"\n"
                + "n.link('nope').up()\n");
        NshCommand r = NshCommand.run(script.toString(), a);
        assertEquals(1, r.status());
        assertEquals("in " + a + "\n", r.out());
        assertEquals("bad.groovy:4: link nope not found in " + a + "\n", r.err());
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumnAndRunsNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String a = TestNames.ns("x");
        Path script = dir.resolve("typo.groovy");
        Files.writeString(script, "ns('" + a + "')\nfor (i in 1..2 {\n}\n");
        NshCommand r = NshCommand.run(script.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().matches("typo\\.groovy:\\d+:\\d+: Unexpected input: .*\n"), r.err());
        assertTrue(Ip.json(null, "netns", "list").stream().noneMatch(m -> a.equals(m.get("name"))), "the script did not start");
        NshCommand classes = NshCommand.run("-e", "new NoSuchThing()");
        assertEquals(1, classes.status());
        assertEquals("-e:1:1: unable to resolve class NoSuchThing\n", classes.err().strip() + "\n");
    }

    @Test
    void traceAddsTheStack(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path script = dir.resolve("input.groovy");
        Files.writeString(script, "ns('a/b')\n");
        NshCommand r = NshCommand.run("--trace", script.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("input.groovy:1: namespace name \"a/b\" contains \"/\"; it must be a plain file name\n"), r.err());
        assertTrue(r.err().contains("\tat dev.nsh."), "the trace follows");
        NshCommand plain = NshCommand.run(script.toString());
        assertEquals("input.groovy:1: namespace name \"a/b\" contains \"/\"; it must be a plain file name\n", plain.err());
    }

    @Test
    void aSyntaxErrorIsOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path script = dir.resolve("syntax.groovy");
        Files.writeString(script, "println 1\nns('x'.\n");
        NshCommand r = NshCommand.run(script.toString());
        assertEquals(1, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("syntax.groovy:"), r.err());
        assertEquals("", r.out(), "nothing ran");
    }

    @Test
    void theCardsOneLinerInGroovy() {
        String a = scratch.track(TestNames.ns("c1")), b = scratch.track(TestNames.ns("c2"));
        NshCommand r = NshCommand.run("-e", "ns(\"" + a + "\").veth(\"veth-1\").peer(ns(\"" + b + "\")).addr(\"10.0.0.10/16\").up()");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals("10.0.0.10", ((java.util.Map<?, ?>) ((java.util.List<?>) Ip.json(a, "-4", "addr", "show", "veth-1").get(0)
                .get("addr_info")).get(0)).get("local"));
        assertFalse(Ip.json(b, "link", "show", "veth-1").isEmpty());
    }

    /** This run's namespaces (other runs may be creating theirs meanwhile). */
    private static java.util.List<String> ours() {
        return Ip.run("netns", "list").lines().map(l -> l.split(" ")[0]).filter(n -> n.startsWith(TestNames.nsPrefix())).sorted().toList();
    }

    /** Each bad input: exit status 1, one line on stderr naming the value and the rule, nothing changed. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "n.veth('veth-with-a-long-name')          | interface name \"veth-with-a-long-name\" is 21 bytes; the limit is 15",
            "n.veth('a b')                            | interface name \"a b\" contains white space or \":\"; they are not allowed",
            "n.veth('a/b')                            | interface name \"a/b\" contains \"/\"; it is not allowed",
            "n.link('v1').addr('10.0.0.300/16')       | address \"10.0.0.300/16\": \"300\" is not a number 0-255 in an IPv4 address",
            "n.link('v1').addr('10.0.0.1/33')         | address \"10.0.0.1/33\": prefix length 33 is out of range 0..32 for IPv4",
            "n.link('v1').addr('fe80::1/129')         | address \"fe80::1/129\": prefix length 129 is out of range 0..128 for IPv6",
            "n.link('v1').addr('abc')                 | address \"abc\": \"abc\" is not an IPv4 address (four numbers 0-255 joined by dots) or an IPv6 address",
            "n.link('v1').addr('10.0.0.1/')           | address \"10.0.0.1/\": prefix length \"\" is not a number 0..32",
            "ns('')                                   | namespace name is empty; it must be 1 to 255 bytes",
            "ns('..')                                 | namespace name \"..\" is not allowed; \".\" and \"..\" are reserved",
            "n.link('v1').mtu(10)                     | mtu 10 for v1 is out of range; it must be 68 to 65535",
            "n.link('v1').addr('10.0.0.9/24', nodad: true) | addr(): nodad is for IPv6 addresses (duplicate address detection is IPv6's); 10.0.0.9/24 is IPv4",
            "n.route('default', gw: '10.0.0.1')       | route(): unknown option \"gw\"; it takes via, dev, metric, table",
    })
    void badInputIsOneLineAndChangesNothing(String code, String message) {
        String a = scratch.track(TestNames.ns("bad"));
        NshCommand setup = NshCommand.run("-e", "ns('" + a + "').veth('v1').peer('v2')");
        assertEquals(0, setup.status(), setup.err());
        String before = Ip.run("-n", a, "addr", "show") + ours();
        NshCommand r = NshCommand.run("-e", "def n = ns('" + a + "')\n" + code.strip());
        assertEquals(1, r.status());
        assertEquals("-e:2: " + message + "\n", r.err());
        assertEquals(before, Ip.run("-n", a, "addr", "show") + ours());
    }

    @Test
    void helpAndVersion() {
        NshCommand h = NshCommand.run("--help");
        assertEquals(0, h.status());
        assertTrue(h.out().startsWith("Usage: nsh"), h.out());
        assertTrue(h.out().contains("-e=CODE"));
        NshCommand v = NshCommand.run("--version");
        assertEquals(0, v.status());
        assertTrue(v.out().startsWith("nsh "));
    }
}
