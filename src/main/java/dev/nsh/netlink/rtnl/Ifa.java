package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum IFA_*} of {@code <linux/if_addr.h>}: the attributes of an address (RTM_*ADDR). */
public enum Ifa implements AttrType {
    ADDRESS(1, Codec.IPADDR), LOCAL(2, Codec.IPADDR), LABEL(3, Codec.STRING), BROADCAST(4, Codec.IPADDR),
    ANYCAST(5, Codec.IPADDR), CACHEINFO(6, Codec.BYTES), MULTICAST(7, Codec.IPADDR), FLAGS(8, Codec.U32),
    RT_PRIORITY(9, Codec.U32), PROTO(11, Codec.U8);

    /** ifa_flags / IFA_FLAGS bits. */
    public static final int F_NODAD = 0x02, F_PERMANENT = 0x80, F_NOPREFIXROUTE = 0x200;

    private final int id;
    private final Codec codec;

    Ifa(int id, Codec codec) {
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
