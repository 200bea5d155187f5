package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_ct_attributes} of linux/netfilter/nf_tables.h: load conntrack KEY (enum nft_ct_keys) into DREG. */
public enum NftaCt implements AttrType {
    DREG(1, Codec.BE32),
    KEY(2, Codec.BE32),
    DIRECTION(3, Codec.U8),
    SREG(4, Codec.BE32);

    private final int id;
    private final Codec codec;

    NftaCt(int id, Codec codec) {
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
