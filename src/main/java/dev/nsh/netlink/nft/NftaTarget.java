package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_target_attributes} (and nft_match_attributes, the same numbers) of linux/netfilter/nf_tables.h: an x_tables target or match that iptables-nft puts in a rule, with its revision and its info struct in host order. */
public enum NftaTarget implements AttrType {
    NAME(1, Codec.STRING),
    REV(2, Codec.BE32),
    INFO(3, Codec.BYTES);

    private final int id;
    private final Codec codec;

    NftaTarget(int id, Codec codec) {
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
