package dev.nsh.packet.filter;

/**
 * A capture filter in the pcap-filter language, compiled in Java to classic BPF for Ethernet
 * frames or, for a capture on "any", Linux cooked packets ({@link LinkLayer}).
 * <pre>
 *   Filter f = Filter.compile("icmp and host 10.0.0.20");
 *   f.program();                 // what SO_ATTACH_FILTER takes; toString() reads like tcpdump -d
 *   f.matches(frame);            // runs the program as the kernel would
 * </pre>
 * The subset: {@code ip ip6 arp icmp icmp6 tcp udp}, {@code [src|dst] host ADDR},
 * {@code [src|dst] net CIDR}, {@code [tcp|udp] [src|dst] port N}, {@code vlan [N]} (last), joined by {@code and or not}
 * (also {@code && || !}) and parentheses. "and" and "or" bind equally and group from the left,
 * as in libpcap. An empty filter accepts everything. A malformed one fails with one line that
 * names the offending token: {@code filter "icmp and": expected an expression after "and" at position 9}.
 */
public final class Filter {
    /** What tcpdump returns for an accepted packet: the whole packet (its default snap length). */
    public static final int DEFAULT_SNAPLEN = 262144;

    private final String source;
    private final FilterExpr expression;
    private final BpfProgram program;

    private Filter(String source, FilterExpr expression, BpfProgram program) {
        this.source = source;
        this.expression = expression;
        this.program = program;
    }

    public static Filter compile(String source) {
        return compile(source, DEFAULT_SNAPLEN);
    }

    /** Compiles {@code source}; accepted packets are cut to {@code snaplen} bytes. */
    public static Filter compile(String source, int snaplen) {
        return compile(source, snaplen, LinkLayer.ETHERNET);
    }

    /** Compiles {@code source} for packets that start as {@code link} says (a capture on "any": {@link LinkLayer#COOKED_SOCKET}). */
    public static Filter compile(String source, int snaplen, LinkLayer link) {
        String s = source == null ? "" : source;
        FilterExpr e = FilterParser.parse(s);
        return new Filter(s, e, FilterCompiler.compile(s, e, snaplen, link));
    }

    public String source() {
        return source;
    }

    /** The parsed expression (null for the empty filter), fully parenthesised by toString(). */
    public FilterExpr expression() {
        return expression;
    }

    public BpfProgram program() {
        return program;
    }

    public boolean matches(byte[] frame) {
        return program.matches(frame);
    }

    @Override
    public String toString() {
        return source;
    }
}
