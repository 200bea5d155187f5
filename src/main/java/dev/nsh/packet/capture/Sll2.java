package dev.nsh.packet.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The LINUX_SLL2 header (pcap link type 276, 20 bytes, network order) that libpcap puts before
 * each packet of a capture on "any": protocol (EtherType) u16, reserved u16, interface index u32,
 * ARPHRD type u16, packet type u8, link-layer address length u8, address 8 bytes. Built from the
 * {@code struct sockaddr_ll} that recvmsg returns with each packet of a cooked socket
 * (sll_family u16, sll_protocol be16, sll_ifindex int, sll_hatype u16, sll_pkttype u8,
 * sll_halen u8, sll_addr[8]; native order but for the protocol).
 */
final class Sll2 {
    static final int LINKTYPE_LINUX_SLL2 = 276, LENGTH = 20;

    private Sll2() {}

    /** The header for {@code sll} followed by {@code packet} (the bytes from the network header on). */
    static byte[] frame(byte[] sll, byte[] packet) {
        ByteBuffer in = ByteBuffer.wrap(sll).order(ByteOrder.nativeOrder());
        ByteBuffer out = ByteBuffer.allocate(LENGTH + packet.length); // network order
        out.put(sll, 2, 2).putShort((short) 0).putInt(in.getInt(4)).putShort(in.getShort(8)).put(sll[10]).put(sll[11]);
        out.put(sll, 12, 8).put(packet);
        return out.array();
    }

    /** sll_hatype ARPHRD_LOOPBACK (772) in a {@code sockaddr_ll}. */
    static boolean isLoopback(byte[] sll) {
        return ByteBuffer.wrap(sll).order(ByteOrder.nativeOrder()).getShort(8) == 772;
    }

    static int protocol(byte[] f) {
        return PacketHeaders.u16(f, 0);
    }

    static int ifindex(byte[] f) {
        return (int) PacketHeaders.u32(f, 4);
    }

    static int packetType(byte[] f) {
        return f[10] & 0xff;
    }

    /** The sender's MAC when the header carries a 6-byte address, else null. */
    static String address(byte[] f) {
        return (f[11] & 0xff) == 6 ? PacketHeaders.mac(f, 12) : null;
    }

    /** tcpdump's word for sll_pkttype: In (to us), B (broadcast), M (multicast), P (to another host), Out. */
    static String direction(int packetType) {
        return switch (packetType) {
            case 0 -> "In";
            case 1 -> "B";
            case 2 -> "M";
            case 3 -> "P";
            case 4 -> "Out";
            default -> "?";
        };
    }

    /** tcpdump -i any's prefix of a line: the interface's name in 5 columns, the direction in 3. */
    static String prefix(String ifname, byte[] f) {
        return String.format("%-5s %-3s ", ifname == null ? "?" : ifname, direction(packetType(f)));
    }
}
