package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum IFLA_*} of {@code <linux/if_link.h>}: the attributes of a link (RTM_*LINK). */
public enum Ifla implements AttrType {
    ADDRESS(1, Codec.MAC), BROADCAST(2, Codec.MAC), IFNAME(3, Codec.STRING), MTU(4, Codec.U32),
    LINK(5, Codec.U32), QDISC(6, Codec.STRING), MASTER(10, Codec.U32), TXQLEN(13, Codec.U32),
    OPERSTATE(16, Codec.U8), LINKMODE(17, Codec.U8), LINKINFO(18, Codec.NESTED),
    NET_NS_PID(19, Codec.U32), IFALIAS(20, Codec.STRING), GROUP(27, Codec.U32), NET_NS_FD(28, Codec.U32),
    PROMISCUITY(30, Codec.U32), NUM_TX_QUEUES(31, Codec.U32), NUM_RX_QUEUES(32, Codec.U32),
    CARRIER(33, Codec.U8), CARRIER_CHANGES(35, Codec.U32), LINK_NETNSID(37, Codec.S32),
    /** Only in GET requests here: in a NEW or SET request it moves the link to that namespace. */
    TARGET_NETNSID(46, Codec.S32),
    MIN_MTU(50, Codec.U32), MAX_MTU(51, Codec.U32), PERM_ADDRESS(54, Codec.MAC);

    private final int id;
    private final Codec codec;

    Ifla(int id, Codec codec) {
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
        return this == LINKINFO ? IflaInfo.class : null;
    }
}
