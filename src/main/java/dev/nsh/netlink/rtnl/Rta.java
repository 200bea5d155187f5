package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum rtattr_type_t} (RTA_*) of {@code <linux/rtnetlink.h>}: the attributes of a route. */
public enum Rta implements AttrType {
    DST(1, Codec.IPADDR), SRC(2, Codec.IPADDR), IIF(3, Codec.U32), OIF(4, Codec.U32), GATEWAY(5, Codec.IPADDR),
    PRIORITY(6, Codec.U32), PREFSRC(7, Codec.IPADDR), METRICS(8, Codec.BYTES), MULTIPATH(9, Codec.BYTES),
    CACHEINFO(12, Codec.BYTES), TABLE(15, Codec.U32), MARK(16, Codec.U32), PREF(20, Codec.U8),
    EXPIRES(23, Codec.U32);

    private final int id;
    private final Codec codec;

    Rta(int id, Codec codec) {
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
