package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum { FRA_UNSPEC, FRA_DST, FRA_SRC, FRA_IIFNAME, FRA_GOTO, ... }} of {@code <linux/fib_rules.h>}: a policy rule's attributes. */
public enum Fra implements AttrType {
    DST(1, Codec.IPADDR), SRC(2, Codec.IPADDR), IIFNAME(3, Codec.STRING), GOTO(4, Codec.U32), PRIORITY(6, Codec.U32),
    FWMARK(10, Codec.U32), TABLE(15, Codec.U32), FWMASK(16, Codec.U32), OIFNAME(17, Codec.STRING), PROTOCOL(21, Codec.U8);

    private final int id;
    private final Codec codec;

    Fra(int id, Codec codec) {
        this.id = id;
        this.codec = codec;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}
