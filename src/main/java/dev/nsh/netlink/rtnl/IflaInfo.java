package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Codec;

/**
 * {@code enum IFLA_INFO_*}: inside IFLA_LINKINFO. IFLA_INFO_DATA depends on the kind; nsh
 * declares the veth one ({@link VethInfo}) and reads others as bytes.
 */
public enum IflaInfo implements AttrType {
    KIND(1, Codec.STRING), DATA(2, Codec.NESTED), SLAVE_KIND(4, Codec.STRING), SLAVE_DATA(5, Codec.BYTES);

    private final int id;
    private final Codec codec;

    IflaInfo(int id, Codec codec) {
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

    /** IFLA_INFO_DATA is read as {@link VethInfo} only when IFLA_INFO_KIND says "veth"; other kinds stay bytes. */
    @Override
    public Class<? extends AttrType> children(Attrs siblings) {
        return this == DATA && "veth".equals(siblings.string(KIND)) ? VethInfo.class : null;
    }
}
