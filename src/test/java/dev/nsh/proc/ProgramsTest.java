package dev.nsh.proc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** run and sh: statuses, output, options, errors, timeouts. */
@NeedsRoot
class ProgramsTest {
    private final Scratch scratch = new Scratch();
    private Netns ns;

    @BeforeEach
    void namespace() {
        ns = scratch.ns("run");
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @AfterAll
    static void noChildLeft() {
        assertTrue(Wait.until(5000, () -> ProcessHandle.current().children().findAny().isEmpty()),
                () -> "children left: " + ProcessHandle.current().children().map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList());
    }

    private static RunOptions quiet() {
        return RunOptions.of().quiet(true);
    }

    @Test
    void exitStatusStdoutAndStderrComeBack() {
        ProcessResult r = Programs.sh(ns, quiet(), "echo out; echo err >&2; exit 3");
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertFalse(r.ok());
        assertEquals(ns.name(), r.namespace());
        assertEquals(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), r.command());
        assertTrue(r.duration().toNanos() > 0);
        assertEquals("out", r.toString());
        assertEquals(0, Programs.run(ns, quiet(), "true").exitCode());
        assertEquals(1, Programs.run(ns, quiet(), "false").exitCode());
        assertEquals(2, Programs.run(ns, quiet(), "ls", "/nonexistent-nsh").exitCode());
    }

    @Test
    void argumentsNeverPassThroughAShell() {
        Path x = Path.of("/tmp/nsh-literal-" + ProcessHandle.current().pid());
        ProcessResult r = Programs.run(ns, quiet(), "echo", "a; touch " + x, "$HOME", "*");
        assertEquals("a; touch " + x + " $HOME *\n", r.stdout());
        assertFalse(Files.exists(x));
    }

    @Test
    void checkNamesCommandNamespaceAndStatus() {
        ProgramException e = assertThrows(ProgramException.class,
                () -> Programs.run(ns, quiet().check(true), "ls", "/nonexistent-nsh"));
        assertEquals(ns.name() + ": ls /nonexistent-nsh exited with status 2: ls: cannot access '/nonexistent-nsh': No such file or directory",
                e.getMessage());
        assertEquals(2, e.result().exitCode());
        ProgramException s = assertThrows(ProgramException.class, () -> Programs.sh(ns, quiet().check(true), "exit 7"));
        assertEquals(ns.name() + ": /bin/sh -c 'exit 7' exited with status 7", s.getMessage());
        assertEquals(0, Programs.run(ns, quiet().check(true), "true").exitCode());
    }

    @Test
    void aMissingProgramIsOneLine() {
        NshException e = assertThrows(NshException.class, () -> Programs.run(ns, quiet(), "nsh-no-such-program"));
        assertEquals(ns.name() + ": program not found: nsh-no-such-program", e.getMessage());
        NshException d = assertThrows(NshException.class, () -> Programs.run(ns, quiet().dir("/nonexistent-nsh"), "true"));
        assertEquals(ns.name() + ": cannot run true: no directory /nonexistent-nsh", d.getMessage());
        assertThrows(InvalidInputException.class, () -> Programs.run(ns, quiet()));
        assertThrows(InvalidInputException.class, () -> Programs.run(ns, quiet(), ""));
    }

    @Test
    void environmentDirectoryAndInput() {
        assertEquals("v 1\n", Programs.sh(ns, quiet().env("NSH_A", "v").env("NSH_B", "1"), "echo $NSH_A $NSH_B").stdout());
        assertEquals("/tmp\n", Programs.run(ns, quiet().dir("/tmp"), "pwd").stdout());
        assertEquals("b\na\n", Programs.run(ns, quiet().input("b\na\n"), "sort", "-r").stdout());
        assertEquals("3\n", Programs.run(ns, quiet().input("x\ny\nz\n"), "wc", "-l").stdout().strip() + "\n");
        // Input the program never reads does not block.
        assertEquals(0, Programs.run(ns, quiet().input("x".repeat(1 << 20)), "true").exitCode());
    }

    @Test
    void outputIsEchoedUnlessQuiet() {
        PrintStream out = System.out;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        System.setOut(new PrintStream(seen, true));
        try {
            Programs.run(ns, RunOptions.of(), "echo", "loud");
            Programs.run(ns, quiet(), "echo", "hushed");
        } finally {
            System.setOut(out);
        }
        assertEquals("loud\n", seen.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTimeoutKillsTheWholeTree() {
        ProgramException e = assertThrows(ProgramException.class,
                () -> Programs.sh(ns, quiet().timeout(1), "sleep 300 & echo $!; echo $$; wait"));
        assertTrue(e.result().timedOut());
        assertEquals(137, e.result().exitCode());
        assertEquals(ns.name() + ": /bin/sh -c 'sleep 300 & echo $!; echo $$; wait' ran past its timeout of 1 s; it and its children were killed",
                e.getMessage());
        List<Long> pids = e.result().stdout().lines().map(Long::parseLong).toList();
        assertEquals(2, pids.size(), e.result().stdout());
        for (long pid : pids) assertTrue(Wait.until(5000, () -> Procs.gone(pid)), "pid " + pid + " still runs");
    }

    /** The JDK closes the output when the program exits: a child left in the background does not hold run up. */
    @Test
    void aBackgroundChildDoesNotHoldRunUp() {
        ProcessResult r = Programs.sh(ns, quiet().timeout(60), "sleep 300 & echo $!");
        assertEquals(0, r.exitCode());
        long child = Long.parseLong(r.stdout().strip());
        try {
            assertFalse(Procs.gone(child), "sh returned while its child still runs");
            assertEquals(List.of(child), NamespacePids.of(ns), "the child is in the namespace");
        } finally {
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertTrue(Wait.until(8000, () -> Procs.gone(child)));
    }

    @Test
    void pidsListsTheProcessesInTheNamespace() {
        Background b = Programs.spawn(ns, quiet(), "sleep", "30");
        try {
            assertEquals(List.of(b.pid()), NamespacePids.of(ns));
            assertFalse(NamespacePids.of(dev.nsh.ns.Namespaces.root()).contains(b.pid()));
            assertEquals(List.of(ns.name()), NamespacePids.identify(b.pid()));
            assertEquals(List.of(), NamespacePids.identify(ProcessHandle.current().pid()));
            // iproute2 judges: ip netns pids and ip netns identify say the same.
            assertEquals(ipNetnsPids(ns.name()), NamespacePids.of(ns));
            assertEquals(ipNetnsIdentify(b.pid()), NamespacePids.identify(b.pid()));
            assertEquals(ipNetnsIdentify(ProcessHandle.current().pid()), NamespacePids.identify(ProcessHandle.current().pid()));
        } finally {
            b.stop();
        }
    }

    /** {@code ip netns pids NAME}, ascending. */
    static List<Long> ipNetnsPids(String name) {
        return dev.nsh.testing.Ip.run("netns", "pids", name).lines().filter(l -> !l.isBlank()).map(Long::parseLong).sorted().toList();
    }

    /** {@code ip netns identify PID}: the names, in ip's order. */
    static List<String> ipNetnsIdentify(long pid) {
        return dev.nsh.testing.Ip.run("netns", "identify", String.valueOf(pid)).lines().filter(l -> !l.isBlank()).toList();
    }
}
