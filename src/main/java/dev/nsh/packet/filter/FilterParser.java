package dev.nsh.packet.filter;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Cidr;
import dev.nsh.packet.filter.FilterExpr.Direction;
import dev.nsh.packet.filter.FilterExpr.Protocol;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the pcap-filter subset of {@link Filter}. As in libpcap, "and" and "or" have the same
 * precedence and group from the left, "not" binds tightest, and a bare value after "and"/"or"
 * repeats the qualifiers before it ({@code host 10.0.0.1 or 10.0.0.2}).
 */
final class FilterParser {
    private record Token(String text, int position) {
        boolean is(String... words) {
            for (String w : words) if (text.equals(w)) return true;
            return false;
        }
    }

    /** The qualifiers of the last primitive, for abbreviations such as {@code port 80 or 443}. */
    private record Qualifiers(Protocol protocol, Direction direction, String type) {}

    private final String source;
    private final List<Token> tokens;
    private int next;
    private Qualifiers last;
    /** Where a "vlan" was, if one was: libpcap reads every later primitive past its tag, which nsh does not. */
    private Token vlan;

    private FilterParser(String source) {
        this.source = source;
        this.tokens = tokenize(source);
    }

    /** The expression, or null for an empty filter (which accepts everything, as tcpdump's does). */
    static FilterExpr parse(String source) {
        FilterParser p = new FilterParser(source);
        if (p.tokens.size() == 1) return null;
        FilterExpr e = p.expression();
        Token t = p.peek();
        if (t.text.equals(")")) throw p.error("unexpected \")\" with no \"(\" before it", t);
        if (t.is("&", "|")) throw p.error("\"" + t.text + "\" is not an operator; use \"" + t.text + t.text + "\" or \"" + (t.is("&") ? "and" : "or") + "\"", t);
        if (!p.atEnd()) throw p.error("expected \"and\" or \"or\" before \"" + t.text + "\"", t);
        return e;
    }

    private FilterExpr expression() {
        FilterExpr left = term();
        while (peek().is("and", "&&", "or", "||")) {
            Token op = take();
            if (atEnd() || peek().is(")")) throw error("expected an expression after \"" + op.text + "\"", peek());
            FilterExpr right = term();
            left = op.is("and", "&&") ? new FilterExpr.And(left, right) : new FilterExpr.Or(left, right);
        }
        return left;
    }

    private FilterExpr term() {
        Token t = peek();
        if (t.is("not", "!")) {
            take();
            if (atEnd() || peek().is(")")) throw error("expected an expression after \"" + t.text + "\"", peek());
            return new FilterExpr.Not(term());
        }
        if (t.is("(")) {
            take();
            if (atEnd() || peek().is(")")) throw error("expected an expression after \"(\"", peek());
            FilterExpr inner = expression();
            if (!peek().is(")")) throw error("expected \")\" to close the \"(\" at position " + t.position, peek());
            take();
            return inner;
        }
        if (t.is(")")) throw error("unexpected \")\"", t);
        if (atEnd()) throw error("expected an expression", t);
        if (vlan != null) {
            throw error("\"" + t.text + "\" after \"vlan\": nsh does not read later primitives past the VLAN tag as libpcap does;"
                    + " put \"vlan\" last", t);
        }
        if (t.is("vlan")) {
            vlan = take();
            last = null;
            return vlanId();
        }
        if (BYTES.matcher(t.text).matches()) {
            last = null;
            return bytes();
        }
        if (t.is("less", "greater", "ether")) {
            last = null;
            return t.is("ether") ? ether() : length();
        }
        if (isValue(t.text)) {
            if (last == null) throw error("\"" + t.text + "\" needs a qualifier before it, such as host, net or port", t);
            take();
            return primitive(last, t);
        }
        return primitive();
    }

    private FilterExpr primitive() {
        Token first = take();
        Protocol protocol = null;
        Direction direction = Direction.ANY;
        Token t = first;
        if (isProtocol(t.text)) {
            protocol = Protocol.valueOf(t.text.toUpperCase(Locale.ROOT));
            if (!peek().is("src", "dst", "host", "net", "port", "portrange")) return new FilterExpr.Proto(protocol);
            t = take();
        }
        if (t.is("src", "dst")) {
            direction = t.is("src") ? Direction.SRC : Direction.DST;
            Token type = peek();
            if (!type.is("host", "net", "port", "portrange")) throw error("expected host, net or port after \"" + t.text + "\"", type);
            t = take();
        }
        if (t.is("portrange")) {
            if (protocol != null && protocol != Protocol.TCP && protocol != Protocol.UDP) {
                throw error("\"" + protocol.word() + "\" cannot qualify \"portrange\"; only tcp and udp do", first);
            }
            last = null;
            return portRange(protocol, direction, take());
        }
        if (!t.is("host", "net", "port")) throw error("unknown word \"" + t.text + "\"", t);
        if (protocol != null && !(t.is("port") && (protocol == Protocol.TCP || protocol == Protocol.UDP))) {
            throw error("\"" + protocol.word() + "\" cannot qualify \"" + t.text + "\"; only tcp and udp qualify port"
                    + " (write \"" + protocol.word() + " and " + t.text + " ...\")", first);
        }
        Token value = peek();
        if (atEnd() || !isValue(value.text)) {
            String what = t.is("port") ? "a port number" : t.is("net") ? "a network such as 10.0.0.0/24" : "an address";
            throw error("expected " + what + " after \"" + t.text + "\"", value);
        }
        take();
        last = new Qualifiers(protocol, direction, t.text);
        return primitive(last, value);
    }

    private FilterExpr primitive(Qualifiers q, Token value) {
        return switch (q.type) {
            case "host" -> new FilterExpr.Host(q.direction, address(value));
            case "net" -> new FilterExpr.Net(q.direction, network(value));
            default -> new FilterExpr.Port(q.protocol, q.direction, port(value));
        };
    }

    /** pcap-filter's byte access: {@code tcp[13]}, {@code ip[2:2]}, {@code icmp[icmptype]}. */
    private static final java.util.regex.Pattern BYTES = java.util.regex.Pattern.compile("(ether|ip|ip6|tcp|udp|icmp)\\[([^:\\]]+)(?::([^\\]]*))?]");

    /** The names pcap-filter gives offsets and values ({@code icmp[icmptype] == icmp-echo}, {@code tcp-syn}). */
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("icmptype", 0), Map.entry("icmpcode", 1), Map.entry("tcpflags", 13),
            Map.entry("icmp-echoreply", 0), Map.entry("icmp-unreach", 3), Map.entry("icmp-sourcequench", 4), Map.entry("icmp-redirect", 5),
            Map.entry("icmp-echo", 8), Map.entry("icmp-routeradvert", 9), Map.entry("icmp-routersolicit", 10), Map.entry("icmp-timxceed", 11),
            Map.entry("icmp-paramprob", 12), Map.entry("icmp-tstamp", 13), Map.entry("icmp-tstampreply", 14), Map.entry("icmp-ireq", 15),
            Map.entry("icmp-ireqreply", 16), Map.entry("icmp-maskreq", 17), Map.entry("icmp-maskreply", 18),
            Map.entry("tcp-fin", 1), Map.entry("tcp-syn", 2), Map.entry("tcp-rst", 4), Map.entry("tcp-push", 8), Map.entry("tcp-ack", 16),
            Map.entry("tcp-urg", 32), Map.entry("tcp-ece", 64), Map.entry("tcp-cwr", 128));

    /** {@code proto[offset:size] [& mask] OP value}, the mask and value made of numbers, names, | and &. */
    private FilterExpr bytes() {
        Token t = take();
        var m = BYTES.matcher(t.text);
        if (!m.matches()) throw error("\"" + t.text + "\" is not byte access such as tcp[13] or ip[2:2]", t);
        long offset = number(m.group(2), t);
        String size = m.group(3) == null ? "1" : m.group(3);
        if (!size.equals("1") && !size.equals("2") && !size.equals("4")) throw error("size \"" + size + "\" in \"" + t.text + "\" must be 1, 2 or 4", t);
        if (offset > 65535) throw error("offset " + offset + " in \"" + t.text + "\" is out of range 0..65535", t);
        long mask = -1;
        if (peek().is("&")) {
            take();
            mask = orValue();
        }
        Token op = take();
        if (!op.is("=", "==", "!=", "<", "<=", ">", ">=")) throw error("expected =, !=, <, <=, > or >= after \"" + t.text + "\"", op);
        return new FilterExpr.Bytes(m.group(1), (int) offset, Integer.parseInt(size), mask, op.text, orValue());
    }

    private long orValue() {
        long v = andValue();
        while (peek().is("|")) {
            take();
            v |= andValue();
        }
        return v;
    }

    private long andValue() {
        long v = atom();
        while (peek().is("&")) {
            take();
            v &= atom();
        }
        return v;
    }

    private long atom() {
        Token t = take();
        if (t.is("(")) {
            long v = orValue();
            if (!peek().is(")")) throw error("expected \")\" to close the \"(\" at position " + t.position, peek());
            take();
            return v;
        }
        if (t.text.isEmpty()) throw error("expected a number", t);
        return number(t.text, t);
    }

    /** A number (decimal or 0x hex) or a name pcap-filter gives one; at most 2^32 - 1. */
    private long number(String s, Token at) {
        Integer named = NAMES.get(s);
        if (named != null) return named;
        try {
            long v = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            if (v < 0 || v > 0xffffffffL) throw error("number " + s + " is out of range 0..4294967295", at);
            return v;
        } catch (NumberFormatException e) {
            throw error("\"" + s + "\" is not a number or a name such as tcpflags, icmp-echo or tcp-syn", at);
        }
    }

    /** {@code vlan} or {@code vlan N} (0 to 4095). */
    private FilterExpr vlanId() {
        Token n = peek();
        if (atEnd() || n.text.isEmpty() || !n.text.chars().allMatch(Character::isDigit)) return new FilterExpr.Vlan(-1);
        take();
        if (n.text.length() > 4 || Integer.parseInt(n.text) > 4095) throw error("VLAN id " + n.text + " is out of range 0..4095", n);
        return new FilterExpr.Vlan(Integer.parseInt(n.text));
    }

    /** {@code less N} / {@code greater N}: the frame's length. */
    private FilterExpr length() {
        Token w = take(), n = take();
        if (n.text.isEmpty() || !n.text.chars().allMatch(Character::isDigit) || n.text.length() > 9) {
            throw error("expected a length in bytes after \"" + w.text + "\"", n);
        }
        return new FilterExpr.Length(w.is("greater"), Integer.parseInt(n.text));
    }

    /** {@code ether [src|dst] host MAC}. */
    private FilterExpr ether() {
        take();
        Direction d = Direction.ANY;
        if (peek().is("src", "dst")) d = take().is("src") ? Direction.SRC : Direction.DST;
        if (d == Direction.ANY && !peek().is("host")) throw error("expected host, src or dst after \"ether\" (ether [src|dst] host MAC)", peek());
        if (peek().is("host")) take();
        Token mac = take();
        if (!mac.text.matches("(\\p{XDigit}{1,2}:){5}\\p{XDigit}{1,2}")) throw error("\"" + mac.text + "\" is not a MAC address such as 02:00:00:00:00:01", mac);
        long v = 0;
        for (String b : mac.text.split(":")) v = (v << 8) | Integer.parseInt(b, 16);
        return new FilterExpr.EtherHost(d, v);
    }

    /** {@code portrange 40000-40010}. */
    private FilterExpr portRange(Protocol protocol, Direction direction, Token t) {
        String[] ends = t.text.split("-", -1);
        if (ends.length != 2) throw error("expected a range such as 40000-40010 after \"portrange\"", t);
        int a = port(new Token(ends[0], t.position)), b = port(new Token(ends[1], t.position + ends[0].length() + 1));
        return new FilterExpr.PortRange(protocol, direction, Math.min(a, b), Math.max(a, b));
    }

    private InetAddress address(Token t) {
        if (t.text.contains("/")) throw error("host \"" + t.text + "\" has a prefix length; use net for a network", t);
        try {
            return Cidr.parseAddress(t.text, t.text);
        } catch (InvalidInputException e) {
            throw error("\"" + t.text + "\" is not an IPv4 or IPv6 address", t);
        }
    }

    private Cidr network(Token t) {
        Cidr c;
        try {
            c = Cidr.parse(t.text, true);
        } catch (InvalidInputException e) {
            throw error("\"" + t.text + "\" is not a network such as 10.0.0.0/24 or fd00::/64", t);
        }
        if (!c.network().equals(c.address())) {
            throw error("net \"" + t.text + "\" has host bits set (the network is " + new Cidr(c.network(), c.prefix()) + ")", t);
        }
        return c;
    }

    private int port(Token t) {
        String s = t.text;
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit) || Integer.parseInt(s) > 65535) {
            throw error("port \"" + s + "\" is not a number 0..65535", t);
        }
        return Integer.parseInt(s);
    }

    private static boolean isProtocol(String w) {
        return switch (w) {
            case "ip", "ip6", "arp", "icmp", "icmp6", "tcp", "udp" -> true;
            default -> false;
        };
    }

    /** Addresses, networks and port numbers start with a digit or hold a ':' (IPv6). */
    private static boolean isValue(String w) {
        return !w.isEmpty() && (Character.isDigit(w.charAt(0)) || w.contains(":"));
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private boolean atEnd() {
        return next == tokens.size() - 1;
    }

    private InvalidInputException error(String message, Token at) {
        return error(source, message, at.position);
    }

    static InvalidInputException error(String source, String message, int position) {
        return new InvalidInputException("filter \"" + source + "\": " + message + " at position " + position);
    }

    /** Words, "(", ")", "!", "&&", "||", "&", "|" and comparisons; the last token is the end, at position length + 1. */
    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("&&", i) || s.startsWith("||", i) || s.startsWith("!=", i) || s.startsWith("==", i)
                    || s.startsWith("<=", i) || s.startsWith(">=", i)) {
                out.add(new Token(s.substring(i, i + 2), i + 1));
                i += 2;
            } else if ("()!&|<>=".indexOf(c) >= 0) {
                // & and | alone are bitwise, within byte access (tcp[13] & 2 != 0)
                out.add(new Token(String.valueOf(c), i + 1));
                i++;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()!&|<>=".indexOf(s.charAt(i)) < 0) i++;
                out.add(new Token(s.substring(start, i), start + 1));
            }
        }
        out.add(new Token("", s.length() + 1));
        return out;
    }
}
