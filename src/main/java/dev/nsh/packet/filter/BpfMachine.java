package dev.nsh.packet.filter;

import static dev.nsh.packet.filter.BpfInstruction.*;

/**
 * An interpreter for the classic BPF that {@link FilterCompiler} emits, with the kernel's rule
 * that a load past the end of the packet ends the program with 0 (reject), even under a "not".
 */
final class BpfMachine {
    private BpfMachine() {}

    static int run(BpfProgram program, byte[] p) {
        var code = program.instructions();
        int a = 0, x = 0;
        for (int pc = 0; pc < code.size(); pc++) {
            BpfInstruction i = code.get(pc);
            int op = i.code();
            switch (op & 0x07) {
                case LD -> {
                    int mode = op & 0xe0;
                    if (mode == IMM || mode == LEN) {
                        a = mode == IMM ? i.k() : p.length;
                        break;
                    }
                    if (mode == ABS && i.k() < 0 && i.k() >= SKF_AD_OFF) {
                        a = 0; // skb metadata (ancillary loads): a frame read from a file has none, its VLAN tag is in the frame
                        break;
                    }
                    long at = (mode == IND ? x : 0) + (long) i.k();
                    if (at < 0 || at + i.size() > p.length) return 0;
                    a = load(p, (int) at, i.size());
                }
                case LDX -> {
                    if ((op & 0xe0) == MSH) {
                        if (i.k() >= p.length) return 0;
                        x = 4 * (p[i.k()] & 0xf);
                    } else {
                        x = i.k();
                    }
                }
                case ALU -> {
                    if ((op & 0xf0) != AND) throw new IllegalStateException("unsupported ALU op " + i);
                    a &= i.k();
                }
                case JMP -> {
                    int cmp = op & 0xf0;
                    if (cmp == JA) {
                        pc += i.k();
                        break;
                    }
                    boolean taken = switch (cmp) {
                        case JEQ -> a == i.k();
                        case JGT -> Integer.compareUnsigned(a, i.k()) > 0;
                        case JGE -> Integer.compareUnsigned(a, i.k()) >= 0;
                        default -> (a & i.k()) != 0;
                    };
                    pc += taken ? i.jt() : i.jf();
                }
                case RET -> {
                    return (op & 0x18) == A ? a : i.k();
                }
                default -> throw new IllegalStateException("unsupported instruction " + i);
            }
        }
        return 0;
    }

    private static int load(byte[] p, int at, int size) {
        int v = 0;
        for (int n = 0; n < size; n++) v = (v << 8) | (p[at + n] & 0xff);
        return v;
    }
}
