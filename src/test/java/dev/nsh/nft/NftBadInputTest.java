package dev.nsh.nft;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.error.InvalidInputException;
import dev.nsh.error.KernelException;
import dev.nsh.error.NshException;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.NftJudge;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bad scripts: one line that names the word, where it is and the rule it broke, or what the
 * kernel refused and in which namespace; and, judged by {@code nft list ruleset}, nothing changed,
 * even when the refused command came after good ones.
 */
@NeedsRoot
class NftBadInputTest {
    private final Scratch scratch = new Scratch();
    private Namespace n;
    private String before;

    @BeforeEach
    void setUp() {
        n = Nsh.ns(scratch.track(TestNames.ns("nftbad")));
        n.nft("table inet fw { chain in { type filter hook input priority 0; policy accept; tcp dport 22 accept } }");
        before = NftJudge.list(n.name());
    }

    @AfterEach
    void unchangedAndCleanUp() {
        try {
            assertEquals(before, NftJudge.list(n.name()));
        } finally {
            scratch.close();
        }
    }

    @Test
    void badWordsNeverReachTheKernel() {
        for (String[] c : new String[][] {
                {"add rule inet fw in tcp dport 99999 drop", "nft: port 99999 at 1:31 is out of range 0..65535"},
                {"add rule inet fw in ip saddr 10.0.0.300 drop", "nft: \"10.0.0.300\" at 1:30: is not an IPv4 address or prefix"},
                {"bogus", "nft: \"bogus\" at 1:1: expected a command: add, delete, flush or table"},
                {"add rule inet fw in tcp dport 22 accpt", "nft: \"accpt\" at 1:34: expected a match (ip, ip6, tcp, udp, icmp, icmpv6, meta, ct, "
                        + "iifname, oifname) or a statement (accept, drop, reject, counter, jump, goto, return, masquerade, snat, dnat)"},
                {"add chain inet fw c2 { type filter hook input priority 0; policy maybe; }", "nft: \"maybe\" at 1:66: policy must be accept or drop"},
                {"add rule inet fw in iifname \"eth0 drop", "nft: a string at 1:29 has no closing \""},
                {"add rule inet fw in tcp dport 22 ^ drop", "nft: character '^' at 1:34 is not part of nft's language"},
                {"add rule inet fw in ct state fresh accept", "nft: \"fresh\" at 1:30: a conntrack state is one of invalid, established, related, new, untracked"},
                {"add rule inet fw in accept drop", "nft: \"drop\" at 1:28: a statement after accept has no effect (it ends the rule)"},
                {"add rule inet fw in drop tcp dport 22", "nft: \"tcp\" at 1:26: a statement after drop has no effect (it ends the rule)"},
                {"add chain inet fw c3 { type filter hook input priority 0; policy drop; policy accept; }",
                        "nft: \"policy\" at 1:72: chain c3 has its policy already; give it once"},
                {"add table inet", "nft: \"inet\" at 1:11: is a family; expected a table name after it"},
                {"add chain ip t", "nft: \"ip\" at 1:11: is a family; expected a table and a chain name after it"},
                {"add table ip t; add rule ip t c meta nfproto ipv4 accept",
                        "nft: \"meta\" at 1:33: meta nfproto is for tables of family inet, bridge or netdev; a table of family ip holds only ip"},
                {"add table arp a; add chain arp a c { type filter hook input priority 0; }",
                        "nft: \"add\" at 1:18: base chains of family arp are not in nsh's subset (its hooks differ); use ip, ip6, inet or bridge"},
                {"add rule inet fw in iifname \"e*th\" accept", "nft: \"e*th\" at 1:29: a * in an interface name stands only at its end (\"eth*\")"},
                {"add rule inet fw in accept comment \"x\" drop", "nft: \"drop\" at 1:40: a rule's comment comes last"},
        }) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> n.nft(c[0]), c[0]);
            assertEquals(c[1], e.getMessage());
        }
        assertEquals("nft: no script given", assertThrows(InvalidInputException.class, () -> n.nft((String) null)).getMessage());
    }

    @Test
    void aBadLineLaterInAScriptStopsAllOfIt() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> n.nft("add table ip nat\nadd chain ip nat post { type nat hook postrouting priority 100; }\nadd rule ip nat post masquerade to\n"));
        assertEquals("nft: \"to\" at 3:33: masquerade to a port is not in nsh's subset", e.getMessage());
    }

    @Test
    void whatTheKernelRefusesIsNamedAndUndoesTheWholeScript() {
        String where = " in " + n.name() + ": ";
        for (String[] c : new String[][] {
                {"add rule inet fw nope accept", "nft: add rule inet fw nope (line 1: accept)" + where
                        + "chain nope does not exist in table inet fw (ENOENT); nothing was changed"},
                {"add table ip other\nadd rule inet fw in jump missing", "nft: add rule inet fw in (line 2: jump missing)" + where
                        + "jump to chain missing, which does not exist in table inet fw (ENOENT); nothing was changed"},
                {"add rule inet fw2 c accept", "nft: add rule inet fw2 c (line 1: accept)" + where
                        + "table inet fw2 does not exist (ENOENT); nothing was changed"},
                {"add rule inet fw in counter\ndelete rule inet fw in handle 999", "nft: delete rule inet fw in handle 999 (line 2)" + where
                        + "chain in has no rule with handle 999 (ENOENT); nothing was changed"},
                {"add chain inet fw in2 { type filter hook input priority 0; policy accept; }\ndelete table inet gone",
                        "nft: delete table inet gone (line 2)" + where + "table inet gone does not exist (ENOENT); nothing was changed"},
        }) {
            KernelException e = assertThrows(KernelException.class, () -> n.nft(c[0]), c[0]);
            assertEquals(c[1], e.getMessage());
            assertEquals(before, NftJudge.list(n.name()), c[0]);
        }
    }

    @Test
    void badTablesForIptables() {
        NshException e = assertThrows(InvalidInputException.class, () -> n.iptables("filters"));
        assertEquals("iptables: table \"filters\" is not one of filter, mangle, nat, raw", e.getMessage());
    }
}
