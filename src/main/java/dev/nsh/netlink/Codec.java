package dev.nsh.netlink;

/**
 * The closed set of ways a netlink field or attribute payload is encoded (pyroute2's nla types).
 * Integers are in native byte order, as rtnetlink wants; {@code BE16}, {@code BE32} and
 * {@code BE64} are in network order, as a port is and as nf_tables sends every integer.
 */
public enum Codec {
    U8(1), U16(2), U32(4), S32(4), U64(8), BE16(2), BE32(4), BE64(8),
    /** NUL-terminated text (NLA_NUL_STRING / asciiz). */
    STRING(0),
    /** An IPv4 (4 bytes) or IPv6 (16 bytes) address. */
    IPADDR(0),
    /** A link-layer address, printed as aa:bb:cc:dd:ee:ff. */
    MAC(0),
    /** Nested attributes; the attribute type names their set. */
    NESTED(0),
    /** Presence only, no payload. */
    FLAG(0),
    /** Opaque bytes, printed as hex. */
    BYTES(0);

    /** Size of a fixed-width value, 0 for variable-length payloads. */
    public final int size;

    Codec(int size) {
        this.size = size;
    }
}
