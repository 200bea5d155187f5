package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_tbf_qopt { struct tc_ratespec rate; struct tc_ratespec peakrate; __u32 limit; __u32 buffer; __u32 mtu; };} with each {@code struct tc_ratespec { unsigned char cell_log; __u8 linklayer; unsigned short overhead; short cell_align; unsigned short mpu; __u32 rate; };} spelled out (RATE_* then PEAK_*). Rates in bytes/s, limit in bytes, buffer in psched ticks. */
public enum TbfQopt implements Field {
    RATE_CELL_LOG(Codec.U8), RATE_LINKLAYER(Codec.U8), RATE_OVERHEAD(Codec.U16), RATE_CELL_ALIGN(Codec.U16), RATE_MPU(Codec.U16), RATE_RATE(Codec.U32), PEAK_CELL_LOG(Codec.U8), PEAK_LINKLAYER(Codec.U8), PEAK_OVERHEAD(Codec.U16), PEAK_CELL_ALIGN(Codec.U16), PEAK_MPU(Codec.U16), PEAK_RATE(Codec.U32), LIMIT(Codec.U32), BUFFER(Codec.U32), MTU(Codec.U32);

    private final Codec codec;

    TbfQopt(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}
