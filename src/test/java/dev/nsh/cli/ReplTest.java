package dev.nsh.cli;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The REPL through a real pseudo-terminal (tmux), typed at as a person would. */
@NeedsRoot
class ReplTest {
    private final Scratch scratch = new Scratch();
    @TempDir
    Path home;

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    private static List<String> nsh(String... args) {
        return Tmux.nsh(args);
    }

    @Test
    void theWalkthroughLineByLineWithCompletionCtrlCAndErrors() {
        String a = scratch.track(TestNames.ns("ra")), b = scratch.track(TestNames.ns("rb"));
        try (Tmux t = new Tmux(home.toString(), nsh())) {
            t.waitFor("nsh>", 60);
            t.type("def a = ns(\"" + a + "\"), b = ns(\"" + b + "\")");
            t.press("Enter");
            t.waitFor("nsh>", 2, 30);
            // a method completed with TAB: "a.vet" becomes "a.veth"
            t.type("a.vet");
            t.press("Tab");
            t.waitFor("nsh> a.veth", 10);
            t.type("(\"veth-1\").peer(b, \"veth-2\").addr(\"10.0.0.10/16\").up()");
            t.press("Enter");
            t.waitFor("link-netns " + b, 30);
            // a namespace name completed with TAB, from the live list
            String stem = b.substring(0, b.length() - 1);
            t.type("ns(\"" + stem);
            t.press("Tab");
            t.waitFor("ns(\"" + b + "\")", 10);
            t.type(".link(\"veth-2\").addr(\"10.0.0.20/16\").up()");
            t.press("Enter");
            t.waitFor("veth-2@if", 30);
            // an error is one line and the session goes on
            t.type("a.link(\"nope\")");
            t.press("Enter");
            t.waitFor("link nope not found in " + a, 30);
            // a long ping stopped by Ctrl-C prints its summary and returns to the prompt
            t.type("a.ping(\"10.0.0.20\", count: 1000)");
            t.press("Enter");
            t.waitFor("icmp_seq=2", 30);
            t.press("C-c");
            String s = t.waitFor("packets transmitted", 30);
            assertEquals(1, Tmux.count(s, "packets transmitted"), "the summary is printed once:\n" + s);
            t.type("b.arp()");
            t.press("Enter");
            t.waitFor("10.0.0.10                ether", 30);
            t.type("a.routes()");
            t.press("Enter");
            t.waitFor("10.0.0.0/16 dev veth-1 proto kernel scope link src 10.0.0.10", 30);
            // the firewall: TAB completes nft, a rule drops and counts the next ping, nft() and iptables() print
            t.type("b.nft(\"add ta");
            t.press("Tab");
            t.waitFor("nsh> b.nft(\"add table", 10); // nft's words inside the string
            t.type("inet fw; add rule inet fw in tcp dp");
            t.press("Tab");
            t.waitFor("add table inet fw; add rule inet fw in tcp dport", 10); // a space after each completed word
            t.press("C-u");
            t.type("b.nf");
            t.press("Tab");
            t.waitFor("nsh> b.nft", 10);
            t.type("(\"table inet fw { chain in { type filter hook input priority 0; policy accept; icmp type echo-request counter drop } }\")");
            t.press("Enter");
            t.type("a.ping(\"10.0.0.20\", count: 1, timeout: 1)");
            t.press("Enter");
            t.waitFor("1 packets transmitted, 0 received", 30);
            t.type("b.nft()");
            t.press("Enter");
            t.waitFor("icmp type echo-request counter packets 1 bytes 84 drop", 30);
            t.type("b.iptables()");
            t.press("Enter");
            t.waitFor("Chain OUTPUT (policy ACCEPT)", 30);
            t.press("C-d");
        }
        assertFalse(Ip.json(a, "link", "show", "veth-1").isEmpty(), "what the session made is in the kernel");
        assertEquals(1, dev.nsh.testing.NftJudge.packets(b, "inet", "fw", "in", "echo-request"), "nft sees the rule and its count");
    }

    @Test
    void historySurvivesARestartAndSlashCommandsWork() throws Exception {
        try (Tmux t = new Tmux(home.toString(), nsh())) {
            t.waitFor("nsh>", 60);
            t.type("6 * 7");
            t.press("Enter");
            t.waitFor("42", 30);
            t.type("/help routes");
            t.press("Enter");
            t.waitFor("n.route(\"default\", via:", 10);
            t.type("/exit");
            t.press("Enter");
        }
        // The REPL writes its history as it exits: wait for the file to hold the line.
        assertTrue(dev.nsh.testing.Wait.until(30_000, () -> history(home).contains("6 * 7")), () -> history(home));
        try (Tmux t = new Tmux(home.toString(), nsh())) {
            t.waitFor("nsh>", 60);
            t.press("Up", "Up", "Up");  // past /exit and /help routes
            t.waitFor("nsh> 6 * 7", 10);
            t.press("C-u", "C-d");
        }
    }

    @Test
    void jshellEvaluatesTheCardsOneLiner() {
        String a = scratch.track(TestNames.ns("ja")), b = scratch.track(TestNames.ns("jb"));
        try (Tmux t = new Tmux(home.toString(), nsh("--jshell"))) {
            t.waitFor("jshell>", 90);
            t.type("ns(\"" + a + "\").veth(\"veth-1\").peer(ns(\"" + b + "\")).addr(\"10.0.0.10/16\").up(); System.out.println(\"one-liner \" + \"done\");");
            t.press("Enter");
            t.waitFor("one-liner done", 60);
            t.type("/exit");
            t.press("Enter");
        }
        assertEquals("10.0.0.10", Ip.json(a, "-4", "addr", "show", "veth-1").get(0).get("addr_info") instanceof List<?> l
                ? ((java.util.Map<?, ?>) l.get(0)).get("local") : null);
        assertFalse(Ip.json(b, "link", "show", "veth-1").isEmpty());
    }

    private static String history(Path home) {
        try {
            return Files.exists(home.resolve(".nsh_history")) ? Files.readString(home.resolve(".nsh_history")) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
