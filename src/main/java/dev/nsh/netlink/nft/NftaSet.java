package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_set_attributes} of linux/netfilter/nf_tables.h: a set (NFT_MSG_*SET), here the anonymous ones of { a, b }. */
public enum NftaSet implements AttrType {
    TABLE(1, Codec.STRING),
    NAME(2, Codec.STRING),
    FLAGS(3, Codec.BE32),
    KEY_TYPE(4, Codec.BE32),
    KEY_LEN(5, Codec.BE32),
    DATA_TYPE(6, Codec.BE32),
    DATA_LEN(7, Codec.BE32),
    POLICY(8, Codec.BE32),
    DESC(9, Codec.NESTED),
    ID(10, Codec.BE32),
    USERDATA(13, Codec.BYTES),
    HANDLE(16, Codec.BE64);

    private final int id;
    private final Codec codec;

    NftaSet(int id, Codec codec) {
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
}
