package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_set_elem_list_attributes} of linux/netfilter/nf_tables.h: elements of a set (NFT_MSG_*SETELEM). */
public enum NftaSetElemList implements AttrType {
    TABLE(1, Codec.STRING),
    SET(2, Codec.STRING),
    ELEMENTS(3, Codec.NESTED),
    SET_ID(4, Codec.BE32);

    private final int id;
    private final Codec codec;

    NftaSetElemList(int id, Codec codec) {
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
            case ELEMENTS -> NftaElemList.class;
            default -> null;
        };
    }
}
