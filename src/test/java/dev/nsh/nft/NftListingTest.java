package dev.nsh.nft;

import dev.nsh.ns.Namespaces;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.NftJudge;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rulesets made by the nft and iptables binaries, read back by nsh: printed exactly as {@code nft
 * list ruleset}, {@code nft -j} and {@code iptables -L -n} print them.
 */
@NeedsRoot
class NftListingTest {
    static final Path CONSTRUCTS = Path.of("src/test/resources/nft/constructs.nft");
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void everyConstructPrintsAsNftPrintsIt() {
        String ns = scratch.ipNs("nftls");
        NftJudge.exec(ns, "nft", "-f", CONSTRUCTS.toAbsolutePath().toString());
        Ruleset r = Nft.list(Namespaces.open(ns));
        assertEquals(NftJudge.list(ns), r.toString());
        assertEquals(NftJudge.json(ns), NftJudge.withoutMetainfo(r.json()));
        assertTrue(r.toString().lines().noneMatch(l -> l.contains("# nsh:")), r.toString());
    }

    static final Path LOOKALIKES = Path.of("src/test/resources/nft/lookalikes.nft");

    /** What nsh cannot name in lookalikes.nft, as nft prints it: each of these, and nothing else, is a "# nsh:" line. */
    static final List<String> UNNAMED = List.of("th dport 53 accept", "th dport 53 accept", "ip ttl 1 drop",
            "ip daddr 10.0.0.0/8 tcp dport 80 meta mark 0x00000001 accept", "tcp flags syn accept", "@nh,96,32 0x1020304 accept",
            "meta nfproto ipv6 @nh,128,32 0x1020304 accept", "ip6 hoplimit 1 drop");

    @Test
    void lookAlikesPrintAsNftPrintsThemOrAsAComment() {
        String ns = scratch.ipNs("nftla");
        NftJudge.exec(ns, "nft", "-f", LOOKALIKES.toAbsolutePath().toString());
        List<String> nft = NftJudge.list(ns).lines().toList();
        Ruleset r = Nft.list(Namespaces.open(ns));
        List<String> mine = r.toString().lines().toList();
        assertEquals(nft.size(), mine.size(), r.toString());
        List<String> unnamed = new java.util.ArrayList<>();
        for (int i = 0; i < nft.size(); i++) {
            if (mine.get(i).startsWith("\t\t# nsh: rule handle ")) unnamed.add(nft.get(i).strip());
            else assertEquals(nft.get(i), mine.get(i), "line " + (i + 1));
        }
        assertEquals(UNNAMED, unnamed);
        // and in JSON: every rule nsh names is nft's, object for object
        List<Object> judged = NftJudge.json(ns), json = NftJudge.withoutMetainfo(r.json());
        assertEquals(judged.size(), json.size());
        for (int i = 0; i < judged.size(); i++) {
            if (!json.get(i).toString().contains("nsh_unnamed")) assertEquals(judged.get(i), json.get(i));
        }
    }

    @Test
    void countersAreTheKernels() {
        String ns = scratch.ipNs("nftcnt");
        NftJudge.exec(ns, "nft", "add table ip t; add chain ip t out { type filter hook output priority 0; }; add rule ip t out counter");
        NftJudge.exec(ns, "ip", "link", "set", "lo", "up");
        var ping = dev.nsh.packet.ping.Ping.run(Namespaces.open(ns), dev.nsh.packet.ping.PingOptions.to("127.0.0.1").count(2).interval(0.2), null);
        assertEquals(2, ping.received());
        Ruleset r = Nft.list(Namespaces.open(ns));
        assertEquals(NftJudge.list(ns), r.toString());
        assertTrue(r.toString().contains("counter packets 4 bytes 336"), r.toString()); // 2 requests, 2 replies, 84 bytes each, all output
    }

    /** What iptables-nft 1.8 writes: native expressions, and x_tables extensions for REJECT, LOG, conntrack, icmp, comment. */
    static final List<String> IPTABLES = List.of(
            "-P OUTPUT DROP",
            "-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT",
            "-A INPUT -j DROP",
            "-A FORWARD -d 10.1.2.3/32 -p icmp -j REJECT --reject-with icmp-port-unreachable",
            "-A FORWARD -p tcp -j REJECT --reject-with tcp-reset",
            "-A FORWARD -j REJECT --reject-with icmp-host-prohibited",
            "-A FORWARD -m comment --comment hello -j ACCEPT",
            "-A FORWARD -i veth0 -o eth1 ! -s 1.2.3.4 -p udp --sport 53 -j LOG",
            "-N MINE",
            "-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
            "-A OUTPUT -m state --state NEW -j MINE",
            "-A OUTPUT -p icmp --icmp-type echo-request -j ACCEPT",
            "-A OUTPUT -p tcp --dport 1000:2000 -j RETURN",
            "-A OUTPUT -p tcp --sport 80 --dport 22 -j ACCEPT",
            "-A OUTPUT -o lo -j ACCEPT",
            "-A MINE -d 192.168.0.0/16 -j DROP",
            "-t nat -A POSTROUTING -o eth0 -j MASQUERADE",
            "-t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80");

    @Test
    void iptablesRulesPrintAsIptablesPrintsThem() {
        String ns = scratch.ipNs("ipt");
        for (String rule : IPTABLES) {
            List<String> cmd = new java.util.ArrayList<>(List.of("iptables"));
            cmd.addAll(List.of(rule.split(" ")));
            NftJudge.exec(ns, cmd.toArray(String[]::new));
        }
        var netns = Namespaces.open(ns);
        long dnat = NftJudge.handle(ns, "ip", "nat", "PREROUTING", "8080");
        for (String table : List.of("filter", "nat", "mangle", "raw")) {
            String judged = NftJudge.exec(ns, "iptables", "-t", table, "-L", "-n");
            IptablesTable t = Nft.iptables(netns, table);
            if (table.equals("nat")) { // DNAT is an x_tables target nsh does not name: a comment line in its place
                assertEquals(judged.replace("DNAT       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 to:10.0.0.2:80",
                        "# nsh: rule handle " + dnat + " is not in iptables' words nsh knows; nft() shows it"), t.toString());
            } else {
                assertEquals(judged, t.toString(), table);
            }
        }
        // the same rules in nft's words, x_tables extensions included; only the DNAT is a comment
        String nft = NftJudge.list(ns);
        String mine = Nft.list(netns).toString();
        String dnatLine = nft.lines().filter(l -> l.contains("dnat to 10.0.0.2:80")).findFirst().orElseThrow();
        assertEquals(nft.replace(dnatLine, "\t\t# nsh: rule handle " + dnat + " has expressions nsh does not name (meta, cmp, payload, cmp, "
                + "counter, target); nft -a list ruleset shows it"), mine);
    }

    @Test
    void aFreshNamespaceIsTheWalkthroughsIptablesTable() {
        String ns = scratch.ipNs("iptnew");
        // iptables -L (names, not numbers) is what the blog post runs; for three empty chains it is the same text
        assertEquals(NftJudge.exec(ns, "iptables", "-L"), Nft.iptables(Namespaces.open(ns), "filter").toString());
        assertEquals("", Nft.list(Namespaces.open(ns)).toString(), "reading made nothing");
        assertEquals("", NftJudge.list(ns));
    }

    @Test
    void aRuleNshCannotNameIsACommentNeverAWrongLine() {
        String ns = scratch.ipNs("nftunk");
        NftJudge.exec(ns, "nft", "add table ip t; add chain ip t c; add rule ip t c tcp dport 22 limit rate 5/second accept; "
                + "add rule ip t c tcp dport 23 accept");
        long handle = NftJudge.handle(ns, "ip", "t", "c", "limit");
        String mine = Nft.list(Namespaces.open(ns)).toString();
        assertEquals(NftJudge.list(ns).replace("tcp dport 22 limit rate 5/second accept",
                "# nsh: rule handle " + handle + " has expressions nsh does not name (meta, cmp, payload, cmp, limit, immediate); "
                        + "nft -a list ruleset shows it"), mine);
    }
}
