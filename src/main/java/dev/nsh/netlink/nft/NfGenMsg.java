package dev.nsh.netlink.nft;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct nfgenmsg} of linux/netfilter/nfnetlink.h: the header of every nfnetlink message. */
public enum NfGenMsg implements Field {
    FAMILY(Codec.U8), VERSION(Codec.U8), RES_ID(Codec.BE16);

    private final Codec codec;

    NfGenMsg(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}
