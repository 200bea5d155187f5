package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_payload_attributes} of linux/netfilter/nf_tables.h: load LEN bytes at OFFSET of header BASE into DREG. */
public enum NftaPayload implements AttrType {
    DREG(1, Codec.BE32),
    BASE(2, Codec.BE32),
    OFFSET(3, Codec.BE32),
    LEN(4, Codec.BE32);

    private final int id;
    private final Codec codec;

    NftaPayload(int id, Codec codec) {
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
