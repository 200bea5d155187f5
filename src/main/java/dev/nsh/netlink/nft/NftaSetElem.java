package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_set_elem_attributes} of linux/netfilter/nf_tables.h: one element of a set. */
public enum NftaSetElem implements AttrType {
    KEY(1, Codec.NESTED),
    DATA(2, Codec.NESTED),
    FLAGS(3, Codec.BE32),
    USERDATA(6, Codec.BYTES),
    KEY_END(9, Codec.NESTED);

    private final int id;
    private final Codec codec;

    NftaSetElem(int id, Codec codec) {
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
    public boolean nestedFlag() {
        return true;
    }

    @Override
    public Class<? extends AttrType> children() {
        return switch (this) {
            case KEY -> NftaData.class;
            case DATA -> NftaData.class;
            case KEY_END -> NftaData.class;
            default -> null;
        };
    }
}
