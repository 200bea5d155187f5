package dev.nsh.netlink;

/**
 * One field of a fixed C struct that precedes a message's attributes (ifinfomsg, ifaddrmsg ...).
 * Implemented by one enum per struct, its constants in the C order; {@link Layout} derives the
 * offsets from that order, so no offset is counted by hand.
 */
public interface Field {
    Codec codec();

    int ordinal();

    String name();
}
