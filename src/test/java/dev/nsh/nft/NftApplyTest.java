package dev.nsh.nft;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.ns.Namespaces;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.NftJudge;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scripts nsh applies, judged by nft: the same expressions nft makes of the same script, and each command's effect. */
@NeedsRoot
class NftApplyTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void everyConstructCompilesToWhatNftMakesOfIt() throws Exception {
        String byNsh = scratch.ipNs("nftmine"), byNft = scratch.ipNs("nftref");
        NftJudge.exec(byNft, "nft", "-f", NftListingTest.CONSTRUCTS.toAbsolutePath().toString());
        Nft.apply(Namespaces.open(byNsh), Files.readString(NftListingTest.CONSTRUCTS));
        assertEquals(NftJudge.expressions(byNft), NftJudge.expressions(byNsh));
        assertEquals(NftJudge.list(byNft), NftJudge.list(byNsh));
    }

    @Test
    void commandsAddDeleteAndFlushFromTheLanguage() {
        Namespace n = Nsh.ns(scratch.track(dev.nsh.testing.TestNames.ns("nftcmd")));
        assertSame(n, n.nft("add table inet t; add chain inet t c { type filter hook input priority 0; policy accept; }"));
        n.nft("add rule inet t c tcp dport 22 accept\nadd rule inet t c udp dport 53 counter accept");
        assertEquals(List.of("tcp dport 22 accept", "udp dport 53 counter packets 0 bytes 0 accept"), rules(n.name()));
        Ruleset.Chain c = n.nft().table("inet", "t").chain("c");
        assertEquals(2, c.rules().size());
        assertEquals(NftJudge.handle(n.name(), "inet", "t", "c", "dport 22"), c.rules().get(0).handle());

        n.nft("delete rule inet t c handle " + c.rules().get(0).handle());
        assertEquals(List.of("udp dport 53 counter packets 0 bytes 0 accept"), rules(n.name()));
        n.nft("flush chain inet t c");
        assertEquals(List.of(), rules(n.name()));
        n.nft("add chain inet t other; add rule inet t c jump other");
        n.nft("flush table inet t");
        assertEquals(List.of(), rules(n.name()));
        n.nft("delete chain inet t other");
        assertTrue(!NftJudge.list(n.name()).contains("other"));
        n.nft("delete table inet t");
        assertEquals("", NftJudge.list(n.name()));
        n.nft("add table ip a; add table ip6 b; flush ruleset");
        assertEquals("", NftJudge.list(n.name()));
    }

    @Test
    void theJsonIsNftsAndTheDataIsTheKernels() {
        Namespace n = Nsh.ns(scratch.track(dev.nsh.testing.TestNames.ns("nftjs")));
        n.nft("table ip f { chain in { type filter hook input priority 0; policy drop; ip saddr 10.0.0.0/8 tcp dport { 22, 80 } accept } }");
        Ruleset r = n.nft();
        assertEquals(NftJudge.json(n.name()), NftJudge.withoutMetainfo(r.json()));
        Ruleset.Chain in = r.table("ip", "f").chain("in");
        assertEquals("drop", in.policy());
        assertEquals("input", in.hook());
        assertEquals("ip saddr 10.0.0.0/8 tcp dport { 22, 80 } accept", in.rules().get(0).text());
    }

    /** nft's own words for what it applies: a table written twice is one table, "add" of what exists is no error. */
    @Test
    void addingWhatExistsIsNoError() {
        Namespace n = Nsh.ns(scratch.track(dev.nsh.testing.TestNames.ns("nftadd")));
        String script = "table ip f { chain in { type filter hook input priority 0; policy accept; } }";
        n.nft(script).nft(script).nft("add table ip f");
        assertEquals(NftJudge.list(n.name()), n.nft().toString());
        assertEquals(1, ((List<?>) NftJudge.json(n.name())).stream().filter(o -> ((Map<?, ?>) o).containsKey("table")).count());
    }

    /** A script that names no policy leaves a chain's policy as it is, as nft does (it sends none). */
    @Test
    void aPolicyNotWrittenIsNotChanged() {
        Namespace n = Nsh.ns(scratch.track(dev.nsh.testing.TestNames.ns("nftpol")));
        n.nft("table ip f { chain in { type filter hook input priority 0; policy drop; } }");
        n.nft("table ip f { chain in { type filter hook input priority 0; } }");
        assertTrue(NftJudge.list(n.name()).contains("policy drop;"), NftJudge.list(n.name()));
        n.nft("table ip g { chain out { type filter hook output priority 0; } }"); // a new base chain without one: accept
        assertTrue(NftJudge.list(n.name()).contains("type filter hook output priority filter; policy accept;"));
    }

    /**
     * Thousands of refused commands in one script: each is answered with an error, more than a
     * default receive buffer holds. The refusal is still one line, nothing is applied, and the
     * namespace's next call is answered (a lost ACK once left the socket waiting).
     */
    @Test
    void aLargeRefusedScriptThenTheNextCall() {
        Namespace n = Nsh.ns(scratch.track(dev.nsh.testing.TestNames.ns("nftbig")));
        n.nft("add table ip t; add chain ip t c");
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 5000; i++) script.append("add rule ip t nope tcp dport ").append(i + 1).append(" accept\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.nsh.error.KernelException.class, () -> n.nft(script.toString()));
        assertEquals("nft: add rule ip t nope (line 1: tcp dport 1 accept) in " + n.name()
                + ": chain nope does not exist in table ip t (ENOENT) (and 4999 more); nothing was changed", e.getMessage());
        n.nft("add rule ip t c tcp dport 22 accept");
        assertEquals(List.of("tcp dport 22 accept"), rules(n.name()));
    }

    private static List<String> rules(String ns) {
        return NftJudge.list(ns).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("table") && !l.startsWith("chain")
                && !l.startsWith("type") && !l.equals("}")).toList();
    }
}
