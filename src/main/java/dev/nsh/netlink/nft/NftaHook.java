package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_hook_attributes} of linux/netfilter/nf_tables.h: a base chain's hook. */
public enum NftaHook implements AttrType {
    HOOKNUM(1, Codec.BE32),
    PRIORITY(2, Codec.BE32),
    DEV(3, Codec.STRING);

    private final int id;
    private final Codec codec;

    NftaHook(int id, Codec codec) {
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
