package dev.nsh.proc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.cli.Main;
import dev.nsh.cli.ScriptRunner;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;
import groovy.lang.Binding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The programs part of the language, from Groovy as scripts and the REPL write it. */
@NeedsRoot
class LanguageProgramsTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    private Object groovy(String name, String code) {
        Binding b = new Binding();
        b.setVariable("N", name);
        return ScriptRunner.shell(b).evaluate(code, "programs_test.groovy");
    }

    @Test
    void namedArguments() {
        String n = scratch.track(TestNames.ns("lang"));
        ProcessResult r = (ProcessResult) groovy(n, """
                ns(N).run("sh", "-c", 'echo $A; pwd; cat', env: [A: "b"], dir: "/tmp", input: "in", timeout: 5, check: true, quiet: true)
                """);
        assertEquals("b\n/tmp\nin", r.stdout());
        assertEquals(n, r.namespace());
        assertEquals(4, groovy(n, "ns(N).sh('exit 4', quiet: true).exitCode"));
        assertEquals("x", groovy(n, "ns(N).run('printf', 'x', quiet: true).stdout"));
        ProcessResult s = (ProcessResult) groovy(n, "ns(N).sh('echo $((1+2))', quiet: true)");
        assertEquals("3\n", s.stdout());
        ProgramException e = assertThrows(ProgramException.class, () -> groovy(n, "ns(N).sh('exit 5', check: true, quiet: true)"));
        assertEquals(n + ": /bin/sh -c 'exit 5' exited with status 5", e.getMessage());
        assertThrows(ProgramException.class, () -> groovy(n, "ns(N).run('sleep', '10', timeout: 0.3, quiet: true)"));
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> groovy(n, "ns(N).run('true', detach: true)"));
        assertEquals("run(): unknown option \"detach\"; it takes env, dir, input, timeout, check, quiet", bad.getMessage());
        NshException missing = assertThrows(NshException.class, () -> groovy(n, "ns(N).run('iptables-nsh-none')"));
        assertEquals(n + ": program not found: iptables-nsh-none", missing.getMessage());
    }

    @Test
    void spawnPidsAndIdentify() {
        String n = scratch.track(TestNames.ns("lang-sp"));
        Background b = (Background) groovy(n, "ns(N).spawn('sleep', '30', quiet: true)");
        try {
            assertEquals(List.of(b.pid()), groovy(n, "ns(N).pids()"));
            Binding bb = new Binding();
            bb.setVariable("b", b);
            assertEquals(b.pid(), ScriptRunner.shell(bb).evaluate("b.pid"));
            assertEquals(null, ScriptRunner.shell(bb).evaluate("b.exitCode"));
            assertEquals(true, ScriptRunner.shell(bb).evaluate("b.alive"));
            assertEquals(List.of(n), groovy(n, "identify(" + b.pid() + "L)"));
            assertEquals(ProgramsTest.ipNetnsPids(n), groovy(n, "ns(N).pids()"), "as ip netns pids");
            assertEquals(ProgramsTest.ipNetnsIdentify(b.pid()), groovy(n, "identify(" + b.pid() + "L)"), "as ip netns identify");
        } finally {
            b.stop();
        }
    }

    /** shell() on a terminal is interactive; with stdin from a pipe it reads the commands from there. */
    @Test
    void shellRunsInTheNamespaceAndReturnsItsStatus() throws Exception {
        String n = scratch.track(TestNames.ns("lang-sh"));
        Process p = nsh("println 'status ' + ns('%s').shell()".formatted(n));
        p.getOutputStream().write("echo net $(readlink /proc/self/ns/net) in $NSH_NETNS; exit 3\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String net = dev.nsh.testing.Proc.netOf(dev.nsh.ns.Namespaces.path(n));
        assertEquals("net " + net + " in " + n + "\nstatus 3\n", out);
    }

    private static Process nsh(String code) throws java.io.IOException {
        return nsh(code, null);
    }

    private static Process nsh(String code, java.nio.file.Path out) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "-e", code));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (out != null) pb.redirectOutput(out.toFile());
        return pb.start();
    }

    /** A script's spawned programs end with it; a detached one is left running. */
    @Test
    void scriptEndStopsWhatItSpawned() throws Exception {
        String n = scratch.track(TestNames.ns("lang-end"));
        String code = """
                def a = ns("%s").spawn("sleep", "300", quiet: true)
                def b = ns("%s").spawn("sh", "-c", "sleep 1; echo still here; sleep 300", detach: true)
                println a.pid; println b.pid
                """.formatted(n, n);
        // nsh's stdout to a file: the detached program inherits it and writes after nsh has gone.
        java.nio.file.Path log = java.nio.file.Files.createTempFile("nsh-detach", ".out");
        java.nio.file.Path[] logs = {log};
        Process p = nsh(code, log);
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        List<Long> pids = java.nio.file.Files.readAllLines(log).stream().limit(2).map(Long::parseLong).toList();
        long attached = pids.get(0), detached = pids.get(1);
        try {
            assertTrue(Wait.until(5000, () -> Procs.gone(attached)), "pid " + attached + " outlived the script");
            assertTrue(Wait.until(5000, () -> read(logs[0]).endsWith("still here\n")), () -> read(logs[0]));
            assertFalse(Procs.gone(detached), "the detached pid " + detached + " was stopped");
        } finally {
            ProcessHandle.of(detached).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
        assertTrue(Wait.until(5000, () -> Procs.gone(detached)));
        java.nio.file.Files.delete(log);
    }

    private static String read(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
