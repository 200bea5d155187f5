package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/**
 * {@code struct rtmsg { unsigned char rtm_family, rtm_dst_len, rtm_src_len, rtm_tos, rtm_table,
 * rtm_protocol, rtm_scope, rtm_type; unsigned rtm_flags; };}
 */
public enum RtMsg implements Field {
    FAMILY(Codec.U8), DST_LEN(Codec.U8), SRC_LEN(Codec.U8), TOS(Codec.U8), TABLE(Codec.U8),
    PROTOCOL(Codec.U8), SCOPE(Codec.U8), TYPE(Codec.U8), FLAGS(Codec.U32);

    /** rtm_table values. */
    public static final int TABLE_MAIN = 254, TABLE_LOCAL = 255;
    /** rtm_protocol values. */
    public static final int PROT_KERNEL = 2, PROT_BOOT = 3, PROT_STATIC = 4;
    /** rtm_scope values. */
    public static final int SCOPE_UNIVERSE = 0, SCOPE_LINK = 253, SCOPE_HOST = 254;
    /** rtm_type values. */
    public static final int RTN_UNICAST = 1, RTN_LOCAL = 2, RTN_BROADCAST = 3, RTN_MULTICAST = 5;

    private final Codec codec;

    RtMsg(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}
