package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/**
 * {@code struct fib_rule_hdr { __u8 family, dst_len, src_len, tos, table, res1, res2, action;
 * __u32 flags; };} of {@code <linux/fib_rules.h>}: the header of RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE.
 */
public enum FibRuleHdr implements Field {
    FAMILY(Codec.U8), DST_LEN(Codec.U8), SRC_LEN(Codec.U8), TOS(Codec.U8), TABLE(Codec.U8),
    RES1(Codec.U8), RES2(Codec.U8), ACTION(Codec.U8), FLAGS(Codec.U32);

    /** {@code enum { FR_ACT_UNSPEC, FR_ACT_TO_TBL, FR_ACT_GOTO, FR_ACT_NOP, FR_ACT_RES3, FR_ACT_RES4, FR_ACT_BLACKHOLE, FR_ACT_UNREACHABLE, FR_ACT_PROHIBIT }}. */
    public static final int ACT_TO_TBL = 1, ACT_GOTO = 2, ACT_NOP = 3, ACT_BLACKHOLE = 6, ACT_UNREACHABLE = 7, ACT_PROHIBIT = 8;
    /** FIB_RULE_INVERT: the rule's selector negated ("not"). */
    public static final int FLAG_INVERT = 2;

    private final Codec codec;

    FibRuleHdr(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}
