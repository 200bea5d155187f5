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
