package dev.nsh.packet.filter;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Cidr;
import dev.nsh.packet.filter.FilterExpr.Direction;
import dev.nsh.packet.filter.FilterExpr.Protocol;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static dev.nsh.packet.filter.BpfInstruction.*;

/**
 * Turns a {@link FilterExpr} into classic BPF, testing the same fields as libpcap's code for each
 * primitive (tcpdump -d shows them): the EtherType first, so that no load runs past a short frame,
 * then the IPv4/IPv6/ARP fields. Each condition jumps forward to a "true" or "false" label, so
 * and/or/not short-circuit without a stack. Conditions name Ethernet offsets; {@link #emit} moves
 * them to the {@link LinkLayer} compiled for.
 */
final class FilterCompiler {
    private static final int ETH_TYPE = 12, IP_FRAG = 20, IP_PROTO = 23, IP_SRC = 26, IP_DST = 30;
    private static final int ARP_SPA = 28, ARP_TPA = 38, IP6_NEXT = 20, IP6_SRC = 22, IP6_DST = 38, IP6_PAYLOAD = 54;
    private static final int ETHERTYPE_IP = 0x800, ETHERTYPE_IPV6 = 0x86dd, ETHERTYPE_ARP = 0x806, ETHERTYPE_RARP = 0x8035;
    private static final int PROTO_ICMP = 1, PROTO_TCP = 6, PROTO_UDP = 17, PROTO_ICMPV6 = 58, PROTO_SCTP = 132,
            IPV6_FRAGMENT = 44;

    /** A condition over the frame; {@link Test} is one load and one conditional jump. */
    private sealed interface Cond {}

    /** Load {@code size} bytes at {@code offset} (after the IPv4 header if {@code indirect}; size 0: the frame's length), mask, compare. */
    private record Test(int size, int offset, boolean indirect, int mask, int jump, int k) implements Cond {}

    private record All(List<Cond> parts) implements Cond {}

    private record Any(List<Cond> parts) implements Cond {}

    private record Negate(Cond inner) implements Cond {}

    /** A test of the Ethernet header itself (MACs, ether[...]): only where there is one. */
    private record EtherHeader(Cond inner) implements Cond {}

    private static final class Label {
        int position = -1;
    }

    private record Pending(int code, int k, Label jt, Label jf) {}

    private final List<Pending> code = new ArrayList<>();
    private final String source;
    private final LinkLayer link;

    private FilterCompiler(String source, LinkLayer link) {
        this.source = source;
        this.link = link;
    }

    /** Compiles {@code expr} (null: accept everything) for {@code link}; accepted packets are cut to {@code snaplen} bytes. */
    static BpfProgram compile(String source, FilterExpr expr, int snaplen, LinkLayer link) {
        FilterCompiler c = new FilterCompiler(source, link);
        Label accept = new Label(), reject = new Label();
        if (expr != null) c.emit(condition(expr), accept, reject);
        accept.position = c.code.size();
        c.code.add(new Pending(RET | K, snaplen, null, null));
        reject.position = c.code.size();
        c.code.add(new Pending(RET | K, 0, null, null));
        return c.resolve();
    }

    private static Cond condition(FilterExpr e) {
        if (e instanceof FilterExpr.And a) return all(condition(a.left()), condition(a.right()));
        if (e instanceof FilterExpr.Or o) return any(condition(o.left()), condition(o.right()));
        if (e instanceof FilterExpr.Not n) return new Negate(condition(n.inner()));
        if (e instanceof FilterExpr.Proto p) return protocol(p.protocol());
        if (e instanceof FilterExpr.Host h) return address(h.direction(), new Cidr(h.address(), h.address() instanceof Inet4Address ? 32 : 128));
        if (e instanceof FilterExpr.Net n) return address(n.direction(), n.net());
        if (e instanceof FilterExpr.PortRange r) return port(r.protocol(), r.direction(), r.low(), r.high());
        if (e instanceof FilterExpr.Length l) return l.greater() ? new Test(0, 0, false, 0, JGE, l.length()) : new Negate(new Test(0, 0, false, 0, JGT, l.length()));
        if (e instanceof FilterExpr.EtherHost h) return new EtherHeader(either(h.direction(), mac(6, h.mac()), mac(0, h.mac())));
        if (e instanceof FilterExpr.Bytes b) return bytes(b);
        if (e instanceof FilterExpr.Vlan v) return new EtherHeader(vlan(v.id()));
        FilterExpr.Port p = (FilterExpr.Port) e;
        return port(p.protocol(), p.direction(), p.port(), p.port());
    }

    /**
     * As libpcap on Linux: the tag the kernel took out of the frame (SKF_AD_VLAN_TAG_PRESENT,
     * SKF_AD_VLAN_TAG), else one still in the frame (TPID 0x8100, 0x88a8 or 0x9100 at 12, the TCI at 14).
     */
    private static Cond vlan(int id) {
        Cond present = new Test(4, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT, false, 0, JEQ, 1);
        Cond inFrame = any(etherType(0x8100), etherType(0x88a8), etherType(0x9100));
        if (id < 0) return any(present, inFrame);
        return any(all(present, new Test(4, SKF_AD_OFF + SKF_AD_VLAN_TAG, false, 0xfff, JEQ, id)),
                all(new Negate(present), inFrame, new Test(2, 14, false, 0xfff, JEQ, id)));
    }

    private static Cond mac(int offset, long mac) {
        return all(new Test(4, offset + 2, false, 0, JEQ, (int) mac), new Test(2, offset, false, 0, JEQ, (int) (mac >>> 32)));
    }

    /** {@code proto[off:size] & mask OP value}, as libpcap: tcp, udp and icmp only over IPv4, and only in a first fragment. */
    private static Cond bytes(FilterExpr.Bytes b) {
        int mask = b.mask() < 0 ? 0 : (int) b.mask();
        if (b.mask() == 0) return compare(0, b.op(), b.value()) ? all() : any(); // & 0 leaves nothing to load
        boolean indirect = switch (b.protocol()) {
            case "tcp", "udp", "icmp" -> true;
            default -> false;
        };
        int base = b.protocol().equals("ether") ? 0 : 14;
        Cond load = switch (b.op()) {
            case "=", "==" -> new Test(b.size(), base + b.offset(), indirect, mask, JEQ, (int) b.value());
            case "!=" -> new Negate(new Test(b.size(), base + b.offset(), indirect, mask, JEQ, (int) b.value()));
            case ">" -> new Test(b.size(), base + b.offset(), indirect, mask, JGT, (int) b.value());
            case ">=" -> new Test(b.size(), base + b.offset(), indirect, mask, JGE, (int) b.value());
            case "<" -> new Negate(new Test(b.size(), base + b.offset(), indirect, mask, JGE, (int) b.value()));
            default -> new Negate(new Test(b.size(), base + b.offset(), indirect, mask, JGT, (int) b.value()));
        };
        return switch (b.protocol()) {
            case "ether" -> new EtherHeader(load);
            case "ip" -> all(etherType(ETHERTYPE_IP), load);
            case "ip6" -> all(etherType(ETHERTYPE_IPV6), load);
            default -> all(etherType(ETHERTYPE_IP), byteIs(IP_PROTO, b.protocol().equals("tcp") ? PROTO_TCP : b.protocol().equals("udp") ? PROTO_UDP : PROTO_ICMP),
                    new Negate(new Test(2, IP_FRAG, false, 0, JSET, 0x1fff)), load);
        };
    }

    private static boolean compare(long a, String op, long b) {
        return switch (op) {
            case "=", "==" -> a == b;
            case "!=" -> a != b;
            case ">" -> a > b;
            case ">=" -> a >= b;
            case "<" -> a < b;
            default -> a <= b;
        };
    }

    private static Cond protocol(Protocol p) {
        return switch (p) {
            case IP -> etherType(ETHERTYPE_IP);
            case IP6 -> etherType(ETHERTYPE_IPV6);
            case ARP -> etherType(ETHERTYPE_ARP);
            case ICMP -> all(etherType(ETHERTYPE_IP), byteIs(IP_PROTO, PROTO_ICMP));
            case ICMP6 -> all(etherType(ETHERTYPE_IPV6), ip6Next(PROTO_ICMPV6));
            case TCP -> transport(PROTO_TCP);
            case UDP -> transport(PROTO_UDP);
        };
    }

    /** IPv4 protocol field, or the IPv6 next header, also behind one fragment header (as libpcap). */
    private static Cond transport(int proto) {
        return any(all(etherType(ETHERTYPE_IP), byteIs(IP_PROTO, proto)), all(etherType(ETHERTYPE_IPV6), ip6Next(proto)));
    }

    private static Cond ip6Next(int proto) {
        return any(byteIs(IP6_NEXT, proto), all(byteIs(IP6_NEXT, IPV6_FRAGMENT), byteIs(IP6_PAYLOAD, proto)));
    }

    /** host and net: IPv4 source/destination, ARP and RARP sender/target; IPv6 source/destination. */
    private static Cond address(Direction d, Cidr net) {
        if (net.isIPv4()) {
            Cond ip = either(d, v4(IP_SRC, net), v4(IP_DST, net));
            Cond arp = either(d, v4(ARP_SPA, net), v4(ARP_TPA, net));
            return any(all(etherType(ETHERTYPE_IP), ip), all(any(etherType(ETHERTYPE_ARP), etherType(ETHERTYPE_RARP)), arp));
        }
        return all(etherType(ETHERTYPE_IPV6), either(d, v6(IP6_SRC, net), v6(IP6_DST, net)));
    }

    private static Cond v4(int offset, Cidr net) {
        if (net.prefix() == 0) return new All(List.of()); // every address: no test at all
        int mask = -1 << (32 - net.prefix());
        return new Test(4, offset, false, mask == -1 ? 0 : mask, JEQ, ByteBuffer.wrap(net.network().getAddress()).getInt() & mask);
    }

    private static Cond v6(int offset, Cidr net) {
        ByteBuffer words = ByteBuffer.wrap(net.network().getAddress());
        List<Cond> parts = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int bits = Math.max(0, Math.min(32, net.prefix() - 32 * w));
            int word = words.getInt();
            if (bits == 0) continue;
            int mask = bits == 32 ? 0 : -1 << (32 - bits);
            parts.add(new Test(4, offset + 4 * w, false, mask, JEQ, word));
        }
        return new All(parts);
    }

    /** Ports {@code low} to {@code high} of TCP, UDP and SCTP (or of the one protocol named); IPv4 fragments after the first carry none. */
    private static Cond port(Protocol only, Direction d, int low, int high) {
        List<Integer> protos = only == null ? List.of(PROTO_SCTP, PROTO_TCP, PROTO_UDP)
                : List.of(only == Protocol.TCP ? PROTO_TCP : PROTO_UDP);
        Cond v6 = all(etherType(ETHERTYPE_IPV6), oneOf(IP6_NEXT, protos),
                either(d, portIs(IP6_PAYLOAD, false, low, high), portIs(IP6_PAYLOAD + 2, false, low, high)));
        Cond v4 = all(etherType(ETHERTYPE_IP), oneOf(IP_PROTO, protos), new Negate(new Test(2, IP_FRAG, false, 0, JSET, 0x1fff)),
                either(d, portIs(14, true, low, high), portIs(16, true, low, high)));
        return any(v6, v4);
    }

    private static Cond portIs(int offset, boolean indirect, int low, int high) {
        if (low == high) return new Test(2, offset, indirect, 0, JEQ, low);
        return all(new Test(2, offset, indirect, 0, JGE, low), new Negate(new Test(2, offset, indirect, 0, JGT, high)));
    }

    private static Cond oneOf(int offset, List<Integer> values) {
        return new Any(values.stream().map(v -> (Cond) byteIs(offset, v)).toList());
    }

    private static Cond either(Direction d, Cond src, Cond dst) {
        return switch (d) {
            case SRC -> src;
            case DST -> dst;
            case ANY -> any(src, dst);
        };
    }

    private static Cond etherType(int type) {
        return new Test(2, ETH_TYPE, false, 0, JEQ, type);
    }

    private static Cond byteIs(int offset, int value) {
        return new Test(1, offset, false, 0, JEQ, value);
    }

    private static Cond all(Cond... parts) {
        return new All(List.of(parts));
    }

    private static Cond any(Cond... parts) {
        return new Any(List.of(parts));
    }

    /** Emits code that ends in a jump to {@code yes} if {@code c} holds, else to {@code no}. */
    private void emit(Cond c, Label yes, Label no) {
        if (c instanceof Test t) {
            if (t.indirect) code.add(new Pending(LDX | B | MSH, link.network(), null, null));
            int size = t.size == 1 ? B : t.size == 2 ? H : W;
            code.add(t.size == 0 ? new Pending(LD | W | LEN, 0, null, null) : new Pending(LD | size | (t.indirect ? IND : ABS), offset(t), null, null));
            if (t.mask != 0) code.add(new Pending(ALU | AND | K, t.mask, null, null));
            code.add(new Pending(JMP | t.jump | K, t.k, yes, no));
        } else if (c instanceof Negate n) {
            emit(n.inner, no, yes);
        } else if (c instanceof EtherHeader h) {
            if (!link.hasEthernetHeader()) {
                throw new InvalidInputException("filter \"" + source + "\": ether addresses and ether[...] test an Ethernet header; packets on"
                        + " \"any\" have a " + link + " header instead");
            }
            emit(h.inner, yes, no);
        } else {
            boolean isAll = c instanceof All;
            List<Cond> parts = isAll ? ((All) c).parts : ((Any) c).parts;
            if (parts.isEmpty()) {
                code.add(new Pending(JMP | JA, 0, isAll ? yes : no, null));
                return;
            }
            for (int i = 0; i < parts.size() - 1; i++) {
                Label next = new Label();
                emit(parts.get(i), isAll ? next : yes, isAll ? no : next);
                next.position = code.size();
            }
            emit(parts.get(parts.size() - 1), yes, no);
        }
    }

    /** A condition's Ethernet offset on this link: the EtherType where the link keeps it, the rest from the network header. */
    private int offset(Test t) {
        if (!t.indirect && t.offset == ETH_TYPE && t.size == 2) return link.etherType();
        return t.offset < 14 ? t.offset : t.offset - 14 + link.network();
    }

    private BpfProgram resolve() {
        List<BpfInstruction> out = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            Pending p = code.get(i);
            if ((p.code & 0x07) == JMP && (p.code & 0xf0) == JA) {
                out.add(new BpfInstruction(p.code, 0, 0, p.jt.position - i - 1));
            } else if (p.jt != null) {
                out.add(new BpfInstruction(p.code, offset(p.jt, i), offset(p.jf, i), p.k));
            } else {
                out.add(new BpfInstruction(p.code, 0, 0, p.k));
            }
        }
        return new BpfProgram(out);
    }

    /** Conditional jumps reach at most 255 instructions ahead (u8 jt/jf). */
    private int offset(Label target, int from) {
        int off = target.position - from - 1;
        if (off < 0 || off > 255) {
            throw new InvalidInputException("filter \"" + source + "\" is too long: a jump spans " + off
                    + " instructions; classic BPF allows 255");
        }
        return off;
    }
}
