package dev.nsh.nft;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The x_tables extensions iptables-nft still puts in rules ({@code [ target name REJECT rev 0 ]}),
 * read from their info structs (host order, layouts from the kernel's uapi headers). Each reader
 * returns null for a revision, flag or field nsh does not know, so such a rule is never named.
 * {@link RuleText} names them in nft's words, {@link IptablesRule} in iptables'.
 */
final class Xt {
    private Xt() {}

    /** enum ipt_reject_with (linux/netfilter_ipv4/ipt_REJECT.h) as iptables names each value. */
    static final List<String> REJECT_WITH = List.of("icmp-net-unreachable", "icmp-host-unreachable", "icmp-proto-unreachable",
            "icmp-port-unreachable", "icmp-echo-reply", "icmp-net-prohibited", "icmp-host-prohibited", "tcp-reset", "icmp-admin-prohibited");

    /** XT_CONNTRACK_STATE_* bits (linux/netfilter/xt_conntrack.h, IP_CT_NUMBER 5), in the order iptables prints them. */
    private static final String[] CT_NAMES = {"INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT"};
    private static final int[] CT_BITS = {1, 8, 4, 2, 256, 64, 128};

    /** REJECT (struct ipt_reject_info { u32 with; }): its index in {@link #REJECT_WITH}, or null. */
    static Integer rejectWith(Expr.Xt x) {
        if (!x.target() || !x.name().equals("REJECT") || x.rev() != 0 || info(x).length < 4) return null;
        int with = host(x).getInt(0);
        return with >= 0 && with < REJECT_WITH.size() ? with : null;
    }

    /** LOG (struct xt_log_info { u8 level; u8 logflags; char prefix[30]; }). */
    record Log(int level, int flags, String prefix) {}

    static Log log(Expr.Xt x) {
        byte[] i = info(x);
        if (!x.target() || !x.name().equals("LOG") || x.rev() != 0 || i.length < 32) return null;
        return new Log(i[0] & 0xff, i[1] & 0xff, cString(i, 2, 30));
    }

    /** MASQUERADE (struct nf_nat_ipv4_multi_range_compat: u32 rangesize, then a range's u32 flags) without ports. */
    static boolean masquerade(Expr.Xt x) {
        return x.target() && x.name().equals("MASQUERADE") && x.rev() == 0 && info(x).length >= 8 && (host(x).getInt(4) & 2) == 0;
    }

    /** conntrack rev 3 (struct xt_conntrack_mtinfo3) testing states only: {@code alias} for "-m state". */
    record Conntrack(boolean alias, List<String> states) {}

    static Conntrack conntrack(Expr.Xt x) {
        if (x.target() || !x.name().equals("conntrack") || x.rev() != 3 || info(x).length < 152) return null;
        ByteBuffer b = host(x); // match_flags, invert_flags, state_mask are u16 at 146, 148, 150
        int flags = b.getShort(146) & 0xffff, invert = b.getShort(148) & 0xffff, states = b.getShort(150) & 0xffff;
        boolean alias = flags == (1 | 1 << 13); // XT_CONNTRACK_STATE | XT_CONNTRACK_STATE_ALIAS
        if (flags != 1 && !alias || invert != 0 || states == 0) return null;
        List<String> names = new ArrayList<>();
        int known = 0;
        for (int i = 0; i < CT_NAMES.length; i++) {
            known |= CT_BITS[i];
            if ((states & CT_BITS[i]) != 0) names.add(CT_NAMES[i]);
        }
        return (states & ~known) == 0 ? new Conntrack(alias, names) : null;
    }

    /** icmp (struct ipt_icmp { u8 type; u8 code[2]; u8 invflags; }): {type, lowest code, highest code}, not inverted. */
    static int[] icmp(Expr.Xt x) {
        byte[] i = info(x);
        if (x.target() || !x.name().equals("icmp") || x.rev() != 0 || i.length < 4 || i[3] != 0) return null;
        return new int[] {i[0] & 0xff, i[1] & 0xff, i[2] & 0xff};
    }

    /** comment (struct xt_comment_info { char comment[256]; }). */
    static String comment(Expr.Xt x) {
        return !x.target() && x.name().equals("comment") && x.rev() == 0 ? cString(info(x), 0, 256) : null;
    }

    private static byte[] info(Expr.Xt x) {
        return x.info() == null ? new byte[0] : x.info();
    }

    private static ByteBuffer host(Expr.Xt x) {
        return ByteBuffer.wrap(info(x)).order(ByteOrder.nativeOrder());
    }

    private static String cString(byte[] b, int from, int max) {
        int end = from;
        while (end < Math.min(b.length, from + max) && b[end] != 0) end++;
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    /**
     * What nft (built with libxtables) prints for an extension: REJECT, LOG with its defaults,
     * MASQUERADE, conntrack states (not SNAT or DNAT, which are ct status in nft), icmp types, and a
     * comment, which nft prints as nothing. Null for anything else.
     */
    static String nftText(Expr.Xt x, String family) {
        Integer with = family.equals("ip") ? rejectWith(x) : null;
        Log log = log(x);
        Conntrack ct = conntrack(x);
        int[] icmp = icmp(x);
        if (with != null && with != 4) {
            String w = REJECT_WITH.get(with);
            return w.equals("icmp-port-unreachable") ? "reject" : w.equals("tcp-reset") ? "reject with tcp reset"
                    : "reject with icmp type " + w.replace("icmp-", "").replace("proto-", "prot-");
        }
        if (log != null) return log.level() == 4 && log.flags() == 0 && log.prefix().isEmpty() ? "log" : null;
        if (masquerade(x)) return "masquerade";
        if (ct != null) {
            if (ct.states().contains("SNAT") || ct.states().contains("DNAT")) return null;
            return "ct state " + String.join(",", ct.states()).toLowerCase(java.util.Locale.ROOT);
        }
        if (icmp != null) {
            if (icmp[1] != 0 || icmp[2] != 0xff) return null;
            String type = Fields.nameOf(Fields.ICMP_TYPES, icmp[0]);
            return "icmp type " + (type != null ? type : String.valueOf(icmp[0]));
        }
        return comment(x) != null ? "" : null;
    }
}
