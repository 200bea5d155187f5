package dev.nsh.cli;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/nsh run by a user without root (nobody, through setpriv): nsh starts the user's holder of
 * a user namespace and runs inside it. Judged from outside: ip and nft entered into the holder's
 * namespaces (nsenter) see what the user made, the host's ip netns sees none of it, a change to
 * the host is refused in one line, --rootless-stop ends the holder and everything in it, and
 * --clean ends a holder that keeps nothing, and the REPL typed at in a terminal (tmux) works there. The
 * launcher and the jar are copied where nobody can read them (the project may sit under /root).
 */
@NeedsRoot
class RootlessIT {
    private static final Path PROJECT = Path.of(NshCommand.projectDir());
    private static final String NOBODY = "65534";
    private Path dir, home;

    @BeforeEach
    void copyTheLauncher() throws IOException {
        dir = Files.createTempDirectory("nsh-rootless");
        home = dir.resolve("home");
        Files.createDirectories(dir.resolve("scripts"));
        Files.createDirectories(dir.resolve("target"));
        Files.createDirectories(home);
        for (String f : List.of("scripts/nsh", "scripts/rootless.sh", "target/nsh.jar")) Files.copy(PROJECT.resolve(f), dir.resolve(f));
        Ip.run(List.of("chmod", "-R", "a+rX", dir.toString()));
        Ip.run(List.of("chown", "-R", NOBODY + ":" + NOBODY, home.toString()));
    }

    @AfterEach
    void stopAndRemove() throws IOException {
        try {
            for (Path uplink : List.of(home.resolve(".local/state/nsh/uplink"), dir.resolve("state/nsh/uplink"))) { // pasta, a failed uplink test's
                if (Files.exists(uplink)) ProcessHandle.of(Long.parseLong(Files.readString(uplink).split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly);
            }
            String pid = holderPid();
            if (pid != null) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            Path rootHolder = dir.resolve("state/nsh/holder"); // rootToo's
            if (Files.exists(rootHolder)) ProcessHandle.of(Long.parseLong(Files.readString(rootHolder).split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly);
            for (String left : processesOfNobody()) ProcessHandle.of(Long.parseLong(left)).ifPresent(ProcessHandle::destroyForcibly); // a failed test's programs too
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String holderPid() throws IOException {
        Path f = home.resolve(".local/state/nsh/holder");
        return Files.exists(f) ? Files.readString(f).split(" ")[0].strip() : null;
    }

    private LauncherIT.Result asNobody(String... args) {
        List<String> prefix = new ArrayList<>(List.of("setpriv", "--reuid", NOBODY, "--regid", NOBODY, "--clear-groups", "env",
                "HOME=" + home, "PATH=/usr/sbin:/usr/bin:/bin", dir.resolve("scripts/nsh").toString()));
        prefix.addAll(List.of(args));
        return LauncherIT.run(prefix, Map.of(), dir);
    }

    /** Whether process {@code pid} runs (a zombie, ended but not yet reaped by its parent, does not). */
    private static boolean alive(String pid) throws IOException {
        Path stat = Path.of("/proc", pid, "stat");
        if (!Files.exists(stat)) return false;
        String s;
        try {
            s = Files.readString(stat);
        } catch (IOException e) {
            return false; // ended while being read
        }
        return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    }

    /** ARGS run inside the holder's user and mount namespaces, as root there (ip, nft as the judges). */
    private String inHolder(String... args) throws IOException {
        // Without --preserve-credentials: nsenter becomes uid 0 inside, so ip keeps its capabilities across exec.
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", holderPid(), "-U", "-m", "-n", "--"));
        cmd.addAll(List.of(args));
        return Ip.run(cmd);
    }

    @Test
    void aUserWithoutRootMakesNamespacesOfItsOwn() throws IOException {
        String a = TestNames.ns("rla"), b = TestNames.ns("rlb");
        LauncherIT.Result r = asNobody("-e", "def a = ns('" + a + "'), b = ns('" + b + "')\n"
                + "a.veth('v1').peer(b, 'v2').addr('10.0.0.1/24').up(); b.link('v2').addr('10.0.0.2/24').up()\n"
                + "println a.ping('10.0.0.2', count: 2, interval: 0.2, quiet: true).received + ' received'\n"
                + "b.nft('table inet fw { chain in { type filter hook input priority 0; icmp type echo-request counter drop } }')\n"
                + "println a.ping('10.0.0.2', count: 1, timeout: 1, quiet: true).received + ' received'");
        assertEquals(0, r.status(), r.err() + r.out());
        assertEquals("2 received\n0 received\n", r.out());
        assertTrue(r.err().startsWith("nsh: rootless: namespaces live in a user namespace of uid 65534 (holder pid "), r.err());
        String holder = holderPid();

        // Judged inside the holder: the link and its address, the rule and its count.
        assertTrue(inHolder("ip", "-j", "-n", a, "addr", "show", "v1").contains("\"local\":\"10.0.0.1\""));
        assertTrue(inHolder("ip", "netns", "exec", b, "nft", "list", "ruleset").contains("icmp type echo-request counter packets 1 bytes 84 drop"));
        // The host's ip netns does not see them.
        assertFalse(Ip.run("netns", "list").contains(a));

        // A second run joins the same holder, finds the namespaces, and may not change the host.
        String rmemMax = Files.readString(Path.of("/proc/sys/net/core/rmem_max"));
        LauncherIT.Result again = asNobody("-e", "println namespaces().findAll { it in ['" + a + "', '" + b + "'] }; root().sysctl('net.core.rmem_max', 12345678)");
        assertEquals(1, again.status(), again.out());
        assertEquals("[" + a + ", " + b + "]\n", again.out());
        assertEquals(1, again.err().lines().count(), again.err()); // no second "rootless:" line: the same holder
        assertTrue(again.err().contains("not permitted in rootless nsh (a user namespace)"), again.err());
        assertEquals(holder, holderPid());
        assertEquals(rmemMax, Files.readString(Path.of("/proc/sys/net/core/rmem_max")), "the host's net.core.rmem_max is as it was");

        // Labs: built, pinged all-to-all (judged by iputils ping inside the holder), kept, and removed by --clean.
        String lab = TestNames.ns("rlab");
        LauncherIT.Result built = asNobody("-e", "lab('" + lab + "', keep: true) { star(3); def r = pingAll(); println r.received + '/' + r.sent }");
        assertEquals(0, built.status(), built.err() + built.out());
        assertTrue(built.out().contains("6/6"), built.out());
        assertTrue(inHolder("ip", "netns", "exec", lab + "-h1", "ping", "-c", "1", "-W", "2", "10.0.0.3").contains("1 received"));
        assertTrue(Files.exists(home.resolve(".local/state/nsh/labs/" + lab + ".jsonl")), "the kept lab's state file");
        LauncherIT.Result clean = asNobody("--clean", lab);
        assertEquals(0, clean.status(), clean.err() + clean.out());
        assertFalse(inHolder("ip", "netns", "list").contains(lab), "--clean removed the lab");

        // --rootless-stop ends the holder and all in its user namespace (a program left running too); the next run starts from nothing.
        assertEquals(0, asNobody("-e", "ns('" + a + "').spawn('sleep', '600', detach: true, quiet: true)").status());
        LauncherIT.Result stop = asNobody("--rootless-stop");
        assertEquals(0, stop.status(), stop.err());
        assertTrue(stop.out().contains("holder " + holder + " stopped"), stop.out());
        assertFalse(alive(holder), "the holder is gone");
        assertEquals(List.of(), processesOfNobody(), "nothing of uid " + NOBODY + " outlived --rootless-stop");
        LauncherIT.Result fresh = asNobody("-e", "println namespaces().size()");
        assertEquals("0\n", fresh.out(), fresh.err());
        String second = holderPid();
        assertNotEquals(holder, second);
        // A holder that keeps nothing (no namespace, no lab, no process) is ended by --clean.
        LauncherIT.Result idle = asNobody("--clean");
        assertEquals(0, idle.status(), idle.err() + idle.out());
        assertTrue(idle.out().contains("holder " + second + " stopped"), idle.out());
        assertFalse(alive(second), "the idle holder is gone");
        assertEquals(List.of(), processesOfNobody(), "no process of uid " + NOBODY + " is left");
    }

    @Test
    void theWalkthroughCaptureProgramsTheReplAndAJavaProgramRunRootless() throws IOException {
        // One nsh running (a long script) does not hold up the next: each run only shares the holder.
        ProcessBuilder longRun = new ProcessBuilder("setpriv", "--reuid", NOBODY, "--regid", NOBODY, "--clear-groups", "env",
                "HOME=" + home, "PATH=/usr/sbin:/usr/bin:/bin", dir.resolve("scripts/nsh").toString(), "-e", "sleep 60000")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process running = longRun.start();
        try {
            for (int i = 0; i < 200 && processesOfNobody().size() < 2; i++) Thread.sleep(50); // its holder and its JVM
            LauncherIT.Result beside = asNobody("-e", "println 'beside'");
            assertEquals("beside\n", beside.out(), beside.err());
            assertTrue(running.isAlive(), "the long run still runs");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            running.destroy();
        }
        for (String left : processesOfNobody()) if (!left.equals(holderPid())) ProcessHandle.of(Long.parseLong(left)).ifPresent(ProcessHandle::destroyForcibly);

        // The walkthrough, as README's main job runs it (its veth made in nsh's root(): the holder's own namespace).
        String a = TestNames.ns("rlw1"), b = TestNames.ns("rlw2");
        Files.copy(PROJECT.resolve("examples/blog-walkthrough.groovy"), dir.resolve("walkthrough.groovy"));
        Ip.run(List.of("chmod", "a+r", dir.resolve("walkthrough.groovy").toString()));
        LauncherIT.Result w = asNobody("walkthrough.groovy", a, b); // a path relative to where nsh was started
        assertEquals(0, w.status(), w.err() + w.out());
        for (String line : List.of("$ ip link add veth-1 type veth peer name veth-2", "64 bytes from 10.0.0.20: icmp_seq=5",
                "IP 10.0.0.20 > 10.0.0.10: ICMP echo reply", "10 packets captured", "Chain INPUT (policy ACCEPT)", "(both deleted)")) {
            assertTrue(w.out().contains(line), line + " in:\n" + w.out());
        }
        // Capture with a filter, judged by a live tcpdump (run by root from outside: tcpdump cannot drop its
        // privileges inside, where setgroups is denied); a program run in the namespace sees its links.
        String c = TestNames.ns("rlc"), d = TestNames.ns("rld");
        LauncherIT.Result made = asNobody("-e", "def c = ns('" + c + "'), d = ns('" + d + "')\n"
                + "c.veth('v1').peer(d, 'v2').addr('10.2.0.1/24').up(); d.link('v2').addr('10.2.0.2/24').up()");
        assertEquals(0, made.status(), made.err() + made.out());
        Path tdOut = dir.resolve("tcpdump.out"), tdErr = dir.resolve("tcpdump.err");
        Process tcpdump = new ProcessBuilder("nsenter", "-t", holderPid(), "-m", "--", "ip", "netns", "exec", d,
                "tcpdump", "-nn", "-l", "-i", "v2", "-c", "3", "icmp and src host 10.2.0.1")
                .redirectOutput(tdOut.toFile()).redirectError(tdErr.toFile()).start();
        try {
            for (int i = 0; i < 200 && !Files.readString(tdErr).contains("listening on"); i++) Thread.sleep(50);
            assertTrue(Files.readString(tdErr).contains("listening on"), "tcpdump listens: " + Files.readString(tdErr));
            LauncherIT.Result cap = asNobody("-e", "def c = ns('" + c + "'), d = ns('" + d + "')\n"
                    + "def k = d.capture('v2', filter: 'icmp and src host 10.2.0.1', quiet: true).start()\n"
                    + "c.ping('10.2.0.2', count: 3, interval: 0.2, quiet: true); k.await(3, java.time.Duration.ofSeconds(10)); k.stop()\n"
                    + "println 'nsh ' + k.packets().size()\n"
                    + "print d.run('ip', '-o', 'link', 'show', 'v2', quiet: true).stdout\n"
                    + "c.delete(); d.delete()");
            assertEquals(0, cap.status(), cap.err() + cap.out());
            assertTrue(tcpdump.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "tcpdump saw 3 packets: " + Files.readString(tdErr));
            assertEquals(3, Files.readAllLines(tdOut).stream().filter(l -> l.contains("10.2.0.1 > 10.2.0.2: ICMP echo request")).count(),
                    Files.readString(tdOut));
            assertTrue(cap.out().contains("nsh 3\n"), cap.out());
            assertTrue(cap.out().contains(": v2@"), cap.out());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            tcpdump.destroyForcibly();
        }
        // The REPL, fed on stdin: a namespace made at the prompt is there for ip.
        String r = TestNames.ns("rlr");
        Path input = dir.resolve("repl.txt");
        Files.writeString(input, "def q = ns('" + r + "')\nq.bridge('br0').up()\n/exit\n");
        Ip.run(List.of("chmod", "a+r", input.toString()));
        LauncherIT.Result repl = LauncherIT.run(List.of("setpriv", "--reuid", NOBODY, "--regid", NOBODY, "--clear-groups", "env",
                "HOME=" + home, "PATH=/usr/sbin:/usr/bin:/bin", "sh", "-c", "exec \"$0\" < \"$1\"", dir.resolve("scripts/nsh").toString(),
                input.toString()), Map.of(), dir);
        assertEquals(0, repl.status(), repl.err() + repl.out());
        assertFalse(repl.err().contains("WARNING"), "no JLine warning for input from a file: " + repl.err());
        assertTrue(inHolder("ip", "-j", "-n", r, "link", "show", "br0").contains("\"ifname\":\"br0\""), repl.out());
        assertEquals(0, asNobody("-e", "ns('" + r + "').delete()").status());
        // A Java program embedding nsh, through --rootless-run: its kept lab is --clean's to remove.
        String e1 = TestNames.ns("rle"), e2 = TestNames.ns("rlf"), lab = TestNames.ns("rlj");
        Path embed = dir.resolve("Embed.java");
        Files.writeString(embed, """
                import static dev.nsh.Nsh.*;
                import java.util.Map;

                public class Embed {
                    public static void main(String[] args) {
                        var a = ns(args[0]);
                        var b = ns(args[1]);
                        a.veth("e1").peer(b, "e2").addr("10.1.0.1/24").up();
                        b.link("e2").addr("10.1.0.2/24").up();
                        System.out.println(a.ping(Map.of("count", 2, "interval", 0.2, "quiet", true), "10.1.0.2").received() + " received");
                        a.delete();
                        b.delete();
                        try (var l = dev.nsh.lab.Labs.lab(Map.of("keep", true), args[2])) {
                            l.star(2);
                        }
                    }
                }
                """);
        Ip.run(List.of("chmod", "a+r", embed.toString()));
        LauncherIT.Result java = asNobody("--rootless-run", "java", "-cp", dir.resolve("target/nsh.jar").toString(), embed.toString(), e1, e2, lab);
        assertEquals(0, java.status(), java.err() + java.out());
        assertTrue(java.out().contains("2 received"), java.out());
        assertTrue(inHolder("ip", "netns", "list").contains(lab + "-h1"), "the kept lab");
        LauncherIT.Result clean = asNobody("--clean", lab);
        assertEquals(0, clean.status(), clean.err() + clean.out());
        assertTrue(clean.out().contains("lab " + lab + ": removed 3 namespaces"), clean.out());
        String holder = holderPid();
        assertTrue(holder == null || !alive(holder), "--clean ended the holder, which keeps nothing now");
        assertEquals(List.of(), processesOfNobody(), "no process of uid " + NOBODY + " is left");
        assertFalse(Ip.run("netns", "list").contains(a), "the host's ip netns saw none of it");
    }

    @Test
    void theReplTypedAtInATerminal() throws IOException {
        // The REPL as nobody in a real terminal (tmux, as ReplTypingTest types at the root REPL), typed key by key.
        String a = TestNames.ns("rlta"), b = TestNames.ns("rltb");
        List<String> nsh = List.of("setpriv", "--reuid", NOBODY, "--regid", NOBODY, "--clear-groups", "env",
                "HOME=" + home, "PATH=/usr/sbin:/usr/bin:/bin", dir.resolve("scripts/nsh").toString());
        try (Tmux t = new Tmux(home.toString(), dir, nsh)) {
            String s = t.waitFor("nsh>", 90);
            assertTrue(s.contains("nsh: rootless: namespaces live in a user namespace of uid 65534 (holder pid "), s);
            t.typed("namespace " + a, "a = ns('" + a + "')");
            t.typed("namespace " + b, "b = ns('" + b + "')");
            t.typed("veth " + "made", "a.veth('v1').peer(b, 'v2').addr('10.0.0.1/24').up(); b.link('v2').addr('10.0.0.2/24').up(); println 'veth ' + 'made'");
            s = t.typed("2 packets transmitted, 2 received, 0% packet loss", "a.ping('10.0.0.2', count: 2, interval: 0.2)");
            assertTrue(s.contains("64 bytes from 10.0.0.2: icmp_seq=2"), s);
            // Unfinished lines go on at the continuation prompt.
            t.typed("...>", "for (i in 1..2) {");
            t.typed("...>", "def r = a.ping('10.0.0.2',");
            s = t.typed("round 2: 1 of 1", "count: 1, quiet: true)", "println \"round $i: ${r.received} of ${r.transmitted}\"", "}");
            assertTrue(s.contains("round 1: 1 of 1"), s);
            assertFalse(s.contains("startup failed"), s);
            t.press("C-d");
            for (int i = 0; i < 600 && t.alive(); i++) Thread.sleep(50); // the REPL ends, and its session with it
            assertFalse(t.alive(), () -> "the REPL ended on Ctrl-D:\n" + t.screen());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        // Judged inside the holder: the namespaces, the veth's address and state, and iputils ping across it.
        List<String> listed = inHolder("ip", "netns", "list").lines().map(l -> l.split(" ")[0]).toList();
        assertTrue(listed.contains(a) && listed.contains(b), "ip netns list in the holder: " + listed);
        assertTrue(inHolder("ip", "-j", "-n", a, "addr", "show", "v1").contains("\"local\":\"10.0.0.1\""));
        assertTrue(inHolder("ip", "-j", "-n", b, "link", "show", "v2").contains("\"operstate\":\"UP\""));
        assertTrue(inHolder("ip", "netns", "exec", b, "ping", "-c", "1", "-W", "2", "10.0.0.1").contains("1 received"));
        assertFalse(Ip.run("netns", "list").contains(a), "the host's ip netns does not see them");
        // --rootless-stop ends the holder and its namespaces with it.
        String holder = holderPid();
        LauncherIT.Result stop = asNobody("--rootless-stop");
        assertEquals(0, stop.status(), stop.err());
        assertTrue(stop.out().contains("holder " + holder + " stopped"), stop.out());
        assertFalse(alive(holder), "the holder is gone");
        assertEquals(List.of(), processesOfNobody(), "nothing of uid " + NOBODY + " outlived --rootless-stop");
    }

    @Test
    void rootToo() throws IOException {
        // --rootless as root: root's own holder (state where XDG_STATE_HOME says), none of it seen by the host's ip netns.
        String a = TestNames.ns("rlroot");
        Map<String, String> env = Map.of("XDG_STATE_HOME", dir.resolve("state").toString());
        LauncherIT.Result r = LauncherIT.run(List.of(dir.resolve("scripts/nsh").toString(), "--rootless", "-e",
                "ns('" + a + "').bridge('br0').up(); println namespaces().contains('" + a + "')"), env, dir);
        assertEquals(0, r.status(), r.err() + r.out());
        assertEquals("true\n", r.out());
        assertTrue(r.err().contains("namespaces live in a user namespace of uid 0"), r.err());
        assertFalse(Ip.run("netns", "list").contains(a), "the host's ip netns does not see it");
        String holder = Files.readString(dir.resolve("state/nsh/holder")).split(" ")[0];
        LauncherIT.Result stop = LauncherIT.run(List.of(dir.resolve("scripts/nsh").toString(), "--rootless-stop"), env, dir);
        assertEquals(0, stop.status(), stop.err());
        assertTrue(stop.out().contains("holder " + holder + " stopped"), stop.out());
        assertFalse(alive(holder));
    }

    @Test
    void anUplinkThroughPastaAndWithoutTun() throws IOException, InterruptedException {
        // Whether pasta can make its tap is /dev/net/tun's to say, asked by a real open as each user: where it opens, the
        // uplink is made and judged; where it does not, it is refused in one line, before any holder starts.
        List<String> nobodyPrefix = List.of("setpriv", "--reuid", NOBODY, "--regid", NOBODY, "--clear-groups");
        LauncherIT.Result nobody = asNobody("--rootless-uplink");
        if (opensTun(nobodyPrefix)) {
            assertEquals(0, nobody.status(), nobody.err() + nobody.out());
            assertUplinked(inHolder("ip", "-j", "addr"), inHolder("ip", "-j", "route"));
            assertEquals(0, asNobody("--rootless-stop").status());
        } else {
            assertRefused(nobody, NOBODY);
            assertEquals(null, holderPid(), "no holder was started for an uplink that cannot be made");
        }
        assertEquals(List.of(), processesOfNobody(), "no process of uid " + NOBODY + " is left");

        // As root (--rootless): pasta attached to the holder's network namespace, judged by ip inside; no traffic is sent out.
        Map<String, String> env = Map.of("XDG_STATE_HOME", dir.resolve("state").toString());
        Path nsh = dir.resolve("scripts/nsh");
        LauncherIT.Result up = LauncherIT.run(List.of(nsh.toString(), "--rootless-uplink"), env, dir);
        if (!opensTun(List.of())) {
            assertRefused(up, "0");
            assertFalse(Files.exists(dir.resolve("state/nsh/holder")), "no holder was started for an uplink that cannot be made");
            return;
        }
        assertEquals(0, up.status(), up.err() + up.out());
        String pasta = Files.readString(dir.resolve("state/nsh/uplink")).split(" ")[0];
        assertTrue(up.out().contains("uplink through pasta (pid " + pasta + ")"), up.out());
        assertTrue(alive(pasta) && Files.readString(Path.of("/proc", pasta, "cmdline")).startsWith("pasta\0"), "pasta runs as " + pasta);
        String holder = Files.readString(dir.resolve("state/nsh/holder")).split(" ")[0];
        String userns = Files.readSymbolicLink(Path.of("/proc", holder, "ns/user")).toString();
        LauncherIT.Result addr = LauncherIT.run(List.of(nsh.toString(), "--rootless-run", "ip", "-j", "addr"), env, dir);
        LauncherIT.Result route = LauncherIT.run(List.of(nsh.toString(), "--rootless-run", "ip", "-j", "route"), env, dir);
        assertEquals(0, addr.status() + route.status(), addr.err() + route.err());
        assertUplinked(addr.out(), route.out());
        LauncherIT.Result again = LauncherIT.run(List.of(nsh.toString(), "--rootless-uplink"), env, dir);
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("has an uplink already (pasta pid " + pasta + ")"), again.out());
        // --rootless-stop ends pasta with the holder: no process is left in the holder's user namespace.
        LauncherIT.Result stop = LauncherIT.run(List.of(nsh.toString(), "--rootless-stop"), env, dir);
        assertEquals(0, stop.status(), stop.err());
        assertFalse(alive(pasta), "pasta is gone");
        assertFalse(alive(holder), "the holder is gone");
        assertFalse(Files.exists(dir.resolve("state/nsh/uplink")), "the uplink is forgotten");
        List<String> left = new ArrayList<>();
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) all::iterator) {
                try {
                    if (p.getFileName().toString().matches("\\d+") && userns.equals(Files.readSymbolicLink(p.resolve("ns/user")).toString())
                            && alive(p.getFileName().toString())) left.add(p.getFileName().toString());
                } catch (IOException gone) {
                    // ended while being read
                }
            }
        }
        assertEquals(List.of(), left, "no process is left in the holder's user namespace");
    }

    /** Whether /dev/net/tun is there and opens for reading and writing, as the user {@code prefix} (setpriv ..., or none: root) makes. */
    private static boolean opensTun(List<String> prefix) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("sh", "-c", "[ -c /dev/net/tun ] && exec 3<>/dev/net/tun"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    }

    /** The uplink refused in one line that names /dev/net/tun (its mode and owner, or absent) and the user. */
    private static void assertRefused(LauncherIT.Result r, String uid) {
        String tun = Files.exists(Path.of("/dev/net/tun")) ? Ip.run(List.of("stat", "-c", "%A %U", "/dev/net/tun")).strip() : "absent";
        assertEquals(1, r.status(), r.err() + r.out());
        assertEquals(List.of("nsh: rootless: no uplink: /dev/net/tun (" + tun + ") cannot be opened by uid " + uid + ", and pasta needs it"),
                r.err().lines().toList());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parsed(String json) {
        return json.isBlank() ? List.of() : (List<Map<String, Object>>) new groovy.json.JsonSlurper().parseText(json);
    }

    /** ip -j addr and ip -j route of the holder's network namespace: an interface other than lo with an IPv4 address, and a default route through it. */
    private static void assertUplinked(String addr, String route) {
        List<Map<String, Object>> links = parsed(addr);
        String dev = links.stream().filter(l -> !"lo".equals(l.get("ifname")))
                .filter(l -> ((List<?>) l.get("addr_info")).stream().anyMatch(a -> "inet".equals(((Map<?, ?>) a).get("family"))))
                .map(l -> (String) l.get("ifname")).findFirst().orElseThrow(() -> new AssertionError("no interface but lo has an address: " + addr));
        assertTrue(parsed(route).stream().anyMatch(r -> "default".equals(r.get("dst")) && dev.equals(r.get("dev"))),
                "a default route through " + dev + ": " + route);
    }

    /** The processes of this test's user: real uid nobody's and HOME this test's (another nobody's process is not ours). */
    private List<String> processesOfNobody() throws IOException {
        List<String> found = new ArrayList<>();
        String ours = "HOME=" + home + "\0";
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!p.getFileName().toString().matches("\\d+")) continue;
                try {
                    boolean nobody = Files.readAllLines(p.resolve("status")).stream()
                            .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals(NOBODY));
                    if (nobody && ("\0" + Files.readString(p.resolve("environ"), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("\0" + ours)
                            && alive(p.getFileName().toString())) found.add(p.getFileName().toString());
                } catch (IOException gone) {
                    // ended while being read
                }
            }
        }
        return found;
    }
}
