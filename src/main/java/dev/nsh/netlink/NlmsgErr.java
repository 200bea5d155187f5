package dev.nsh.netlink;

/** {@code enum nlmsgerr_attrs}: the extended-ACK attributes after an NLMSG_ERROR. */
public enum NlmsgErr implements AttrType {
    MSG(1, Codec.STRING), OFFS(2, Codec.U32), COOKIE(3, Codec.BYTES), POLICY(4, Codec.BYTES),
    MISS_TYPE(5, Codec.U32), MISS_NEST(6, Codec.U32);

    private final int id;
    private final Codec codec;

    NlmsgErr(int id, Codec codec) {
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
}
