package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_table_attributes} of linux/netfilter/nf_tables.h: a table (NFT_MSG_*TABLE). */
public enum NftaTable implements AttrType {
    NAME(1, Codec.STRING),
    FLAGS(2, Codec.BE32),
    USE(3, Codec.BE32),
    HANDLE(4, Codec.BE64),
    USERDATA(6, Codec.BYTES),
    OWNER(7, Codec.BE32);

    private final int id;
    private final Codec codec;

    NftaTable(int id, Codec codec) {
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
