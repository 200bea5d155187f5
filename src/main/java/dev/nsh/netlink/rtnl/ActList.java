package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** A list of tc actions (TCA_ACT_TAB, a filter's TCA_*_ACT): each element's type is its order, from 1; nsh sends one. */
public enum ActList implements AttrType {
    FIRST(1, Codec.NESTED);

    private final int id;
    private final Codec codec;

    ActList(int id, Codec codec) {
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
    public Class<? extends AttrType> children() {
        return TcaAct.class;
    }
}
