package dev.nsh.proc;

import dev.nsh.model.Cidr;
import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** spawn: a server in one namespace, reached from another over a veth pair; stop; nothing left. */
@NeedsRoot
class BackgroundTest {
    /** A TCP server from Debian's essential perl-base: greets each client with one line. */
    private static final String PERL = "/usr/bin/perl";
    private static final String SERVER = """
            use IO::Socket::INET; $| = 1;
            my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], LocalPort => $ARGV[1], Listen => 5, ReuseAddr => 1)
                or die "listen: $!\\n";
            print "listening\\n";
            while (my $c = $s->accept) { print $c "hello from the server\\n"; close $c; }
            """;

    private static List<String> mountsBefore;
    private static final List<Long> spawned = new ArrayList<>();
    private final Scratch scratch = new Scratch();

    @BeforeAll
    static void before() {
        mountsBefore = Procs.hostMounts();
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @AfterAll
    static void nothingLeft() {
        assertEquals(mountsBefore, Procs.hostMounts());
        for (long pid : spawned) assertTrue(Wait.until(5000, () -> Procs.gone(pid)), "pid " + pid + " still runs");
        assertTrue(Wait.until(5000, () -> ProcessHandle.current().children().findAny().isEmpty()),
                () -> "children left: " + ProcessHandle.current().children().map(ProcessHandle::pid).toList());
    }

    @Test
    void aServerInOneNamespaceIsReachedFromAnother() throws Exception {
        if (!Files.isExecutable(Path.of(PERL))) {
            Assumptions.assumeFalse(!Boolean.getBoolean("nsh.requireRoot"), "no " + PERL);
            fail("no " + PERL + " to run a test server");
        }
        Netns server = scratch.ns("srv"), client = scratch.ns("cli");
        String s = TestNames.iface("s"), c = TestNames.iface("c");
        LinkOps.createVeth(server, s, client, c);
        AddrOps.add(server, s, Cidr.parse("10.0.7.1/24"));
        AddrOps.add(client, c, Cidr.parse("10.0.7.2/24"));
        LinkOps.setUp(server, s, true);
        LinkOps.setUp(client, c, true);

        Background b = Programs.spawn(server, RunOptions.of().quiet(true), PERL, "-e", SERVER, "10.0.7.1", "7777");
        spawned.add(b.pid());
        try {
            assertTrue(Wait.until(10_000, () -> b.stdout().contains("listening") || !b.isAlive()), b.toString());
            assertTrue(b.isAlive(), () -> b + ": " + b.stderr());
            assertNull(b.exitCode());
            assertTrue(b.toString().startsWith("[" + b.pid() + "] /usr/bin/perl -e 'use IO::Socket::INET; $| = 1; my $s = IO::Socket::INET->new... in "
                    + server.name() + ": running since "), b.toString());
            assertEquals(List.of(b.pid()), NamespacePids.of(server));
            assertEquals(ProgramsTest.ipNetnsPids(server.name()), NamespacePids.of(server), "as ip netns pids");

            // The socket belongs to the namespace of the thread that creates (and connects) it.
            try (Socket sock = client.onThread(() -> {
                Socket k = new Socket();
                k.connect(new InetSocketAddress("10.0.7.1", 7777), 5000);
                return k;
            })) {
                sock.setSoTimeout(5000);
                BufferedReader in = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("hello from the server", in.readLine());
            }
        } finally {
            int code = b.stop();
            assertEquals(128 + 15, code);
        }
        assertFalse(b.isAlive());
        assertEquals(143, b.exitCode());
        assertTrue(b.toString().endsWith(": stopped, exited 143"), b.toString());
        assertTrue(Procs.gone(b.pid()));
    }

    @Test
    void stopKillsWhatIgnoresTermAndTheChildren() {
        Netns ns = scratch.ns("stop");
        Background b = Programs.spawn(ns, RunOptions.of().quiet(true), "/bin/sh", "-c", "trap '' TERM; sleep 300 & echo $!; wait");
        spawned.add(b.pid());
        assertTrue(Wait.until(5000, () -> !b.stdout().isEmpty()));
        long child = Long.parseLong(b.stdout().strip());
        spawned.add(child);
        assertEquals(137, b.stop(0.5), "TERM was ignored: KILL ended it");
        assertTrue(Wait.until(5000, () -> Procs.gone(child)), "child " + child + " still runs");
    }

    @Test
    void outputSoFarWaitForAndStatus() {
        Netns ns = scratch.ns("wait");
        Background b = Programs.spawn(ns, RunOptions.of().quiet(true).input("in\n"), "/bin/sh", "-c", "read x; echo got $x; echo oops >&2; exit 4");
        spawned.add(b.pid());
        assertTrue(b.waitFor(10));
        assertEquals(4, b.exitCode());
        assertEquals("got in\n", b.stdout());
        assertEquals("oops\n", b.stderr());
        assertEquals("got in\noops\n", b.output());
        assertEquals(4, b.result().exitCode());
        assertTrue(b.toString().endsWith("in " + ns.name() + ": exited 4"), b.toString());
        Background slow = Programs.spawn(ns, RunOptions.of().quiet(true), "sleep", "30");
        spawned.add(slow.pid());
        assertFalse(slow.waitFor(0.2));
        assertEquals(1, Background.stopAll(), "stopAll stops what was spawned and not yet stopped");
        assertFalse(slow.isAlive());
    }

    @Test
    void detachedProgramsAreLeftToRun() {
        Netns ns = scratch.ns("detach");
        Background b = Programs.spawn(ns, RunOptions.of().quiet(true).detach(true), "sleep", "30");
        spawned.add(b.pid());
        try {
            assertEquals(0, Background.stopAll());
            assertTrue(b.isAlive());
        } finally {
            b.stop();
        }
    }
}
