package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code enum VETH_INFO_*} of {@code <linux/veth.h>}: the peer is a whole ifinfomsg plus IFLA_*. */
public enum VethInfo implements AttrType {
    PEER(1, Codec.NESTED);

    private final int id;
    private final Codec codec;

    VethInfo(int id, Codec codec) {
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

    @Override
    public Class<? extends AttrType> children() {
        return Ifla.class;
    }

    @Override
    public Class<? extends Field> childHeader() {
        return IfInfoMsg.class;
    }
}
