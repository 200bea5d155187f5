package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_mirred { tc_gen (__u32 index; __u32 capab; int action; int refcnt; int bindcnt); int eaction; __u32 ifindex; };}: action TC_ACT_STOLEN (4), eaction TCA_EGRESS_REDIR (1) for tc's {@code mirred egress redirect}. */
public enum MirredParms implements Field {
    INDEX(Codec.U32), CAPAB(Codec.U32), ACTION(Codec.S32), REFCNT(Codec.S32), BINDCNT(Codec.S32), EACTION(Codec.S32), IFINDEX(Codec.U32);

    private final Codec codec;

    MirredParms(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}
