package dev.nsh.packet.filter;

import java.util.Locale;

/**
 * One classic BPF instruction, {@code struct sock_filter} of linux/filter.h:
 * {@code { __u16 code; __u8 jt; __u8 jf; __u32 k; }}. The opcode constants are those of
 * linux/bpf_common.h; {@link #toString()} prints it as {@code tcpdump -d} does.
 */
public record BpfInstruction(int code, int jt, int jf, int k) {
    // Classes, sizes and modes (BPF_LD, BPF_H, BPF_ABS ...).
    static final int LD = 0x00, LDX = 0x01, ALU = 0x04, JMP = 0x05, RET = 0x06;
    static final int W = 0x00, H = 0x08, B = 0x10;
    static final int IMM = 0x00, ABS = 0x20, IND = 0x40, LEN = 0x80, MSH = 0xa0;
    static final int AND = 0x50, JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;
    static final int K = 0x00, A = 0x10;
    /** Ancillary loads (linux/filter.h): SKF_AD_OFF plus SKF_AD_PROTOCOL reads skb->protocol, host order. */
    static final int SKF_AD_OFF = -0x1000, SKF_AD_PROTOCOL = 0;
    /** skb's VLAN tag (the TCI) and whether it has one: a tag the driver or veth took out of the frame. */
    static final int SKF_AD_VLAN_TAG = 44, SKF_AD_VLAN_TAG_PRESENT = 48;

    public int size() {
        return switch (code & 0x18) {
            case H -> 2;
            case B -> 1;
            default -> 4;
        };
    }

    @Override
    public String toString() {
        String size = switch (size()) {
            case 1 -> "b";
            case 2 -> "h";
            default -> "";
        };
        String hex = "#0x" + Integer.toHexString(k);
        return switch (code & 0x07) {
            case LD -> k == SKF_AD_OFF + SKF_AD_PROTOCOL && (code & 0xe0) == ABS ? "ld" + size + " [proto]"
                    : k == SKF_AD_OFF + SKF_AD_VLAN_TAG && (code & 0xe0) == ABS ? "ld" + size + " [vlan_tci]"
                    : k == SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT && (code & 0xe0) == ABS ? "ld" + size + " [vlanp]"
                    : (code & 0xe0) == LEN ? "ld #pktlen" : (code & 0xe0) == IND ? "ld" + size + " [x + " + k + "]"
                    : (code & 0xe0) == IMM ? "ld " + hex : "ld" + size + " [" + k + "]";
            case LDX -> (code & 0xe0) == MSH ? "ldxb 4*([" + k + "]&0xf)" : "ldx " + hex;
            case ALU -> "and " + hex;
            case JMP -> (code & 0xf0) == JA ? "ja " + k
                    : String.format(Locale.ROOT, "%s %s jt %d jf %d", jumpName(), hex, jt, jf);
            case RET -> (code & 0x18) == A ? "ret a" : "ret #" + k;
            default -> String.format(Locale.ROOT, "opcode 0x%02x k %d", code, k);
        };
    }

    private String jumpName() {
        return switch (code & 0xf0) {
            case JEQ -> "jeq";
            case JGT -> "jgt";
            case JGE -> "jge";
            default -> "jset";
        };
    }
}
