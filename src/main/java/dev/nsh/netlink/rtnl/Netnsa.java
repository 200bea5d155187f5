package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum NETNSA_*} of {@code <linux/net_namespace.h>}: RTM_GETNSID / RTM_NEWNSID. */
public enum Netnsa implements AttrType {
    NSID(1, Codec.S32), PID(2, Codec.U32), FD(3, Codec.U32), TARGET_NSID(4, Codec.S32),
    CURRENT_NSID(5, Codec.S32);

    private final int id;
    private final Codec codec;

    Netnsa(int id, Codec codec) {
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
