package dev.nsh.nft;

import java.util.HexFormat;

/**
 * One expression of an nf_tables rule, as the kernel holds it: loads into registers, comparisons,
 * and statements. A rule is a list of them; {@link RuleText} turns a list back into nft's words.
 * Registers are NFT_REG_* (0 the verdict, 1 to 4 of 16 bytes each). Byte arrays are in network
 * order, as on the wire.
 */
public sealed interface Expr {
    /** [ payload load LEN b @ BASE header + OFFSET => reg DREG ]; base 0 link, 1 network, 2 transport. */
    record Payload(int dreg, int base, int offset, int len) implements Expr {}

    /** [ cmp OP reg SREG DATA ]; op: 0 eq, 1 neq, 2 lt, 3 lte, 4 gt, 5 gte. */
    record Cmp(int sreg, int op, byte[] data) implements Expr {}

    /** [ range OP reg SREG FROM TO ]; op 0 eq (within), 1 neq. */
    record Range(int sreg, int op, byte[] from, byte[] to) implements Expr {}

    /** [ meta load KEY => reg DREG ] (enum nft_meta_keys). */
    record Meta(int dreg, int key) implements Expr {}

    /** [ ct load KEY => reg DREG ] (enum nft_ct_keys). */
    record Ct(int dreg, int key) implements Expr {}

    /** {@code [ bitwise reg DREG = ( reg SREG & MASK ) ^ XOR ]}. */
    record Bitwise(int sreg, int dreg, int len, byte[] mask, byte[] xor) implements Expr {}

    /** [ immediate reg DREG VALUE ] or, in register 0, a verdict. */
    record Immediate(int dreg, byte[] value, Verdict verdict) implements Expr {}

    /** [ counter pkts P bytes B ]. */
    record Counter(long packets, long bytes) implements Expr {}

    /** [ lookup reg SREG set SET ]; {@code setId} names an anonymous set made in the same batch. */
    record Lookup(int sreg, String set, int setId, boolean invert) implements Expr {}

    /** [ reject type TYPE code CODE ] (enum nft_reject_types). */
    record Reject(int type, int code) implements Expr {}

    /** [ nat snat|dnat FAMILY addr_min reg A proto_min reg P flags F ]; a register 0 is absent. */
    record Nat(int type, int family, int addrReg, int protoReg, int flags) implements Expr {}

    /** [ masq ]. */
    record Masq(int flags) implements Expr {}

    /** [ target|match name NAME rev REV ]: an x_tables extension iptables-nft uses, {@code info} its struct in host order. */
    record Xt(boolean target, String name, int rev, byte[] info) implements Expr {}

    /** An expression nsh does not decode: only its name is known, so the rule is not printed as if it were understood. */
    record Unknown(String name) implements Expr {}

    /** A verdict: NF_DROP (0), NF_ACCEPT (1), or NFT_JUMP/NFT_GOTO (with the chain) or NFT_RETURN. */
    record Verdict(int code, String chain) {}

    static String hex(byte[] b) {
        return b == null ? "-" : HexFormat.of().formatHex(b);
    }
}
