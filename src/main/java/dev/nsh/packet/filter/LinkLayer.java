package dev.nsh.packet.filter;

/**
 * What a filter's packets start with, so that one expression compiles for each: the network
 * header's offset and where the EtherType is. The cooked forms are those of a capture on "any"
 * (a SOCK_DGRAM packet socket bound to no device, as libpcap opens it): in a pcap file each packet
 * starts with a LINUX_SLL2 header; the kernel's filter on that socket sees the packet from its
 * network header and the EtherType only as the ancillary load SKF_AD_PROTOCOL (linux/filter.h),
 * the translation libpcap's fix_program makes.
 */
public enum LinkLayer {
    /** Ethernet frames: EtherType at 12, network header at 14 (pcap LINKTYPE_ETHERNET 1). */
    ETHERNET(14, 12, "Ethernet"),
    /** A pcap file of "any": the 20-byte LINUX_SLL2 header (EtherType at 0) before the network header (LINKTYPE 276). */
    SLL2(20, 0, "Linux cooked v2"),
    /** The kernel's view on a cooked socket: the network header at 0, the EtherType from skb->protocol. */
    COOKED_SOCKET(0, BpfInstruction.SKF_AD_OFF + BpfInstruction.SKF_AD_PROTOCOL, "Linux cooked");

    private final int network, etherType;
    private final String description;

    LinkLayer(int network, int etherType, String description) {
        this.network = network;
        this.etherType = etherType;
        this.description = description;
    }

    /** Offset of the network header (IPv4, IPv6, ARP). */
    public int network() {
        return network;
    }

    /** Where a 2-byte load finds the EtherType (an ancillary offset for the cooked socket). */
    int etherType() {
        return etherType;
    }

    /** True if packets carry an Ethernet header whose MACs a filter may test. */
    boolean hasEthernetHeader() {
        return this == ETHERNET;
    }

    @Override
    public String toString() {
        return description;
    }
}
