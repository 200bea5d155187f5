package dev.nsh.cli;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shell as people type at it (issue 13): unfinished lines continued key by key, Ctrl-C in
 * the middle of a sleep in a lab block, hints for a mistyped call. Through tmux, a real terminal.
 */
@NeedsRoot
class ReplTypingTest {
    private final Scratch scratch = new Scratch();
    @TempDir
    Path home;

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    private static List<String> nsh(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Whether ip netns list shows the namespace. */
    private static boolean listed(String ns) {
        return Ip.run("netns", "list").lines().anyMatch(l -> l.split(" ")[0].equals(ns));
    }

    /** Types a line key by key and presses Enter. */
    private static void line(Tmux t, String text) {
        for (int i = 0; i < text.length(); i++) t.type(text.substring(i, i + 1));
        t.press("Enter");
    }

    @Test
    void aForLoopAClosureAndAMapTypedOverSeveralLines() {
        try (Tmux t = new Tmux(home.toString(), nsh())) {
            t.waitFor("nsh>", 60);
            line(t, "for (i in 1..2) {");
            t.waitFor("...>", 10);
            line(t, "println \"round $i\"");
            line(t, "}");
            t.waitFor("round 2", 30);
            line(t, "k = { x ->");
            line(t, "x * 3 }");
            line(t, "k(14) + 100");
            t.waitFor("142", 30);
            line(t, "m = [a: 1,");
            line(t, " b: 2,");
            line(t, " c: 3]; m.values().sum() + 1000");
            t.waitFor("1006", 30);
            line(t, "[1, 2].each {");
            line(t, "println \"item ${it * 7}\" }");
            String s = t.waitFor("item 14", 30);
            assertFalse(s.contains("startup failed"), s);
            assertFalse(s.contains("unknown name"), s);
            t.press("C-d");
        }
    }

    @Test
    void jshellTakesTheSameOverSeveralLines() {
        try (Tmux t = new Tmux(home.toString(), nsh("--jshell"))) {
            t.waitFor("jshell>", 90);
            line(t, "for (int i = 1; i <= 2; i++) {");
            line(t, "System.out.println(\"round \" + i);");
            line(t, "}");
            t.waitFor("round 2", 30);
            line(t, "java.util.function.IntUnaryOperator k = x ->");
            line(t, "x * 3;");
            line(t, "k.applyAsInt(14) + 100");
            t.waitFor("142", 30);
            line(t, "var m = Map.of(\"a\", 1,");
            line(t, " \"b\", 2,");
            line(t, " \"c\", 3);");
            line(t, "m.values().stream().mapToInt(v -> v).sum() + 1000");
            t.waitFor("1006", 30);
            line(t, "/exit");
        }
    }

    @Test
    void jshellPingsWithAnOptionsObjectAndPrintsTheSummaryOnce() {
        String a = scratch.track(TestNames.ns("js")), b = scratch.track(TestNames.ns("jt"));
        try (Tmux t = new Tmux(home.toString(), nsh("--jshell"))) {
            t.waitFor("jshell>", 90);
            t.type("var a = ns(\"" + a + "\"); a.veth(\"v1\").peer(ns(\"" + b + "\"), \"v2\").addr(\"10.0.0.10/24\").up();"
                    + " ns(\"" + b + "\").link(\"v2\").addr(\"10.0.0.20/24\").up(); System.out.println(\"set \" + \"up\")");
            t.press("Enter");
            t.waitFor("set up", 60);
            t.type("a.ping(PingOptions.to(\"10.0.0.20\").count(2).interval(0.2))");
            t.press("Enter");
            String s = t.waitFor("PingResult (printed above)", 60);
            assertEquals(1, Tmux.count(s, "--- 10.0.0.20 ping statistics ---"), "the summary is printed once:\n" + s);
            assertTrue(s.contains("2 packets transmitted, 2 received, 0% packet loss"), s);
            t.type("/exit");
            t.press("Enter");
        }
    }

    @Test
    void ctrlCStopsASleepInALabBlockAndTheLabIsRemoved() {
        String name = TestNames.ns("zz");
        scratch.track(name + "-a");
        try (Tmux t = new Tmux(home.toString(), nsh())) {
            t.waitFor("nsh>", 60);
            // Ten minutes: only an interrupt brings the prompt back within the wait below.
            t.type("lab(\"" + name + "\") { host(\"a\"); println \"lab \" + \"up\"; sleep 600000 }");
            t.press("Enter");
            t.waitFor("lab up", 60);
            assertTrue(listed(name + "-a"), "ip netns list shows the lab's host while the block sleeps");
            t.press("C-c");
            t.waitFor("sleep 600000 ms: interrupted", 60);
            t.waitFor("nsh>", 2, 60);
            assertFalse(listed(name + "-a"), "the lab is removed after Ctrl-C");
            // Groovy code alone (a loop) is stopped too, and the session goes on.
            t.type("println \"loop \" + \"on\"; while (true) {}");
            t.press("Enter");
            t.waitFor("loop on", 30);
            t.press("C-c");
            t.waitFor("interrupted", 2, 60);
            t.type("6 * 7");
            t.press("Enter");
            t.waitFor("42", 30);
            t.press("C-d");
        }
    }

    @Test
    void aMistypedCallSaysWhatWasMeant() {
        String a = scratch.track(TestNames.ns("ha"));
        try (Tmux t = new Tmux(home.toString(), nsh())) {
            t.waitFor("nsh>", 60);
            t.type("a = ns(\"" + a + "\")");
            t.press("Enter");
            t.waitFor("nsh>", 2, 30);
            t.type("a.pnig(\"10.0.0.1\")");
            t.press("Enter");
            t.waitFor("no method pnig(String) on Namespace; did you mean ping(dst, ...)?", 30);
            t.type("a.route(\"10.9.0.0/16\")");
            t.press("Enter");
            t.waitFor("route to 10.9.0.0/16 needs a gateway (via) or a device (dev)", 30);
            t.type("a.ping(7)");
            t.press("Enter");
            t.waitFor("no method ping(Integer) on Namespace; ping takes (dst, ...), (dst), (options)", 30);
            t.type("a.link(\"x\"");
            t.press("Enter");
            t.type(")))");
            t.press("Enter");
            t.waitFor("syntax error at line 2", 30);
            t.press("C-d");
        }
        assertTrue(Ip.json(a, "route", "show").isEmpty(), "ip route: nothing was added");
    }
}
