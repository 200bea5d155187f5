package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum NDA_*} of {@code <linux/neighbour.h>}: the attributes of a neighbour entry. */
public enum Nda implements AttrType {
    DST(1, Codec.IPADDR), LLADDR(2, Codec.MAC), CACHEINFO(3, Codec.BYTES), PROBES(4, Codec.U32),
    IFINDEX(8, Codec.U32), MASTER(9, Codec.U32), PROTOCOL(12, Codec.U8);

    /** ndm_state bits (NUD_*). */
    public static final int NUD_INCOMPLETE = 0x01, NUD_REACHABLE = 0x02, NUD_STALE = 0x04, NUD_DELAY = 0x08,
            NUD_PROBE = 0x10, NUD_FAILED = 0x20, NUD_NOARP = 0x40, NUD_PERMANENT = 0x80;

    private final int id;
    private final Codec codec;

    Nda(int id, Codec codec) {
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
