package dev.nsh.packet.filter;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Cidr;
import dev.nsh.packet.filter.FilterExpr.Direction;
import dev.nsh.packet.filter.FilterExpr.Protocol;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
            if (!peek().is("src", "dst", "host", "net", "port")) return new FilterExpr.Proto(protocol);
            t = take();
        }
        if (t.is("src", "dst")) {
            direction = t.is("src") ? Direction.SRC : Direction.DST;
            Token type = peek();
            if (!type.is("host", "net", "port")) throw error("expected host, net or port after \"" + t.text + "\"", type);
            t = take();
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

    /** Words, "(", ")", "!", "&&", "||"; the last token is the end, at position length + 1. */
    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '!') {
                out.add(new Token(String.valueOf(c), i + 1));
                i++;
            } else if (c == '&' || c == '|') {
                if (i + 1 >= s.length() || s.charAt(i + 1) != c) {
                    throw error(s, "\"" + c + "\" is not an operator; use \"" + c + c + "\" or \"" + (c == '&' ? "and" : "or") + "\"", i + 1);
                }
                out.add(new Token(s.substring(i, i + 2), i + 1));
                i += 2;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()!&|".indexOf(s.charAt(i)) < 0) i++;
                out.add(new Token(s.substring(start, i), start + 1));
            }
        }
        out.add(new Token("", s.length() + 1));
        return out;
    }
}
