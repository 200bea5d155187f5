package dev.nsh.packet.filter;

import dev.nsh.model.Addresses;
import dev.nsh.model.Cidr;

import java.net.InetAddress;

/** A parsed capture filter: the pcap-filter primitives nsh knows, joined by and, or, not. */
public sealed interface FilterExpr {

    /** A bare protocol: {@code ip}, {@code ip6}, {@code arp}, {@code icmp}, {@code icmp6}, {@code tcp}, {@code udp}. */
    enum Protocol {
        IP, IP6, ARP, ICMP, ICMP6, TCP, UDP;

        String word() {
            return name().toLowerCase();
        }
    }

    /** The {@code src}/{@code dst} qualifier; {@code ANY} means either. */
    enum Direction {
        ANY(""), SRC("src "), DST("dst ");

        final String prefix;

        Direction(String prefix) {
            this.prefix = prefix;
        }
    }

    record And(FilterExpr left, FilterExpr right) implements FilterExpr {
        @Override
        public String toString() {
            return "(" + left + " and " + right + ")";
        }
    }

    record Or(FilterExpr left, FilterExpr right) implements FilterExpr {
        @Override
        public String toString() {
            return "(" + left + " or " + right + ")";
        }
    }

    record Not(FilterExpr inner) implements FilterExpr {
        @Override
        public String toString() {
            return "not " + inner;
        }
    }

    record Proto(Protocol protocol) implements FilterExpr {
        @Override
        public String toString() {
            return protocol.word();
        }
    }

    record Host(Direction direction, InetAddress address) implements FilterExpr {
        @Override
        public String toString() {
            return direction.prefix + "host " + Addresses.text(address);
        }
    }

    record Net(Direction direction, Cidr net) implements FilterExpr {
        @Override
        public String toString() {
            return direction.prefix + "net " + net;
        }
    }

    /** {@code [tcp|udp] [src|dst] port N}; a null protocol means tcp, udp or sctp, as in pcap. */
    record Port(Protocol protocol, Direction direction, int port) implements FilterExpr {
        @Override
        public String toString() {
            return (protocol == null ? "" : protocol.word() + " ") + direction.prefix + "port " + port;
        }
    }

    /** {@code portrange A-B}, with the qualifiers of {@link Port}. */
    record PortRange(Protocol protocol, Direction direction, int low, int high) implements FilterExpr {
        @Override
        public String toString() {
            return (protocol == null ? "" : protocol.word() + " ") + direction.prefix + "portrange " + low + "-" + high;
        }
    }

    /** {@code less N} (the frame's length at most N) or {@code greater N} (at least N). */
    record Length(boolean greater, int length) implements FilterExpr {
        @Override
        public String toString() {
            return (greater ? "greater " : "less ") + length;
        }
    }

    /** {@code vlan} (any 802.1Q/802.1ad tag) or {@code vlan N} (that VLAN id); {@code id} -1 for any. */
    record Vlan(int id) implements FilterExpr {
        @Override
        public String toString() {
            return id < 0 ? "vlan" : "vlan " + id;
        }
    }

    /** {@code ether [src|dst] host MAC}; {@code mac} is its 6 bytes. */
    record EtherHost(Direction direction, long mac) implements FilterExpr {
        @Override
        public String toString() {
            return "ether " + direction.prefix + "host " + String.format("%012x", mac).replaceAll("(..)(?!$)", "$1:");
        }
    }

    /**
     * {@code proto[offset:size] [& mask] OP value}: {@code size} bytes (1, 2 or 4) at {@code offset}
     * of the ether, ip, ip6 header or of the tcp, udp, icmp header after IPv4's; {@code mask} -1 for
     * none; {@code op} one of {@code = != < <= > >=}.
     */
    record Bytes(String protocol, int offset, int size, long mask, String op, long value) implements FilterExpr {
        @Override
        public String toString() {
            return protocol + "[" + offset + ":" + size + "]" + (mask < 0 ? "" : " & " + mask) + " " + op + " " + value;
        }
    }
}
