package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_meta_attributes} of linux/netfilter/nf_tables.h: load packet metadata KEY (enum nft_meta_keys) into DREG. */
public enum NftaMeta implements AttrType {
    DREG(1, Codec.BE32),
    KEY(2, Codec.BE32),
    SREG(3, Codec.BE32);

    private final int id;
    private final Codec codec;

    NftaMeta(int id, Codec codec) {
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
