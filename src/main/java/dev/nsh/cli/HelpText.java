package dev.nsh.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The REPL's /help: the language in one screen, and a page a topic. */
final class HelpText {
    private HelpText() {}

    static final String OVERVIEW = """
            nsh: the network namespace shell. Groovy, with these functions (TAB completes them):
              def a = ns("ns-1"), b = ns("ns-2")          namespaces, created if missing
              a.veth("veth-1").peer(b, "veth-2")          a veth pair between them
              a.link("veth-1").addr("10.0.0.10/16").up()  address and up
              a.ping("10.0.0.20", count: 3)               ping from a
              a.links(); a.addrs(); a.routes(); a.arp()   tables (.json for ip -j form)
              a.nft("add table inet fw"); a.nft()        nftables: a script applied all or nothing; the ruleset
              a.delete()                                  ip netns del
            Topics: /help namespaces | links | addresses | routes | neighbours | tables | ping | capture | firewall
                    | programs | labs | conditions | prompt
            Commands: /help [TOPIC]  /namespaces  /load FILE  /trace  /clear  /exit
            Ctrl-C stops what runs (or clears the line); Ctrl-D leaves; Ctrl-R searches history.""";

    static final Map<String, String> TOPICS = new LinkedHashMap<>();

    static {
        TOPICS.put("namespaces", """
                ns("ns-1")                 the named namespace, created if missing (ip netns add)
                ns("ns-1", create: false)  only if it exists
                namespaces()               every named namespace (also those ip netns add made)
                exists("ns-1"), root()     a test; the namespace nsh started in
                n.delete()                 ip netns del""");
        TOPICS.put("links", """
                n.veth("v1").peer(other)            veth pair; the peer named like v1, in other
                n.veth("v1").peer(other, "v2")      named peer;  .peer("v2") keeps both ends in n
                n.link("v1")                        an existing link
                n.bridge("br0")                     a bridge, created if missing
                link.up() .down() .mtu(1400) .mac("02:00:00:00:00:01") .rename("x")
                link.moveTo(other) .master(bridge) .nomaster() .delete() .peer() .state""");
        TOPICS.put("addresses", """
                link.addr("10.0.0.10/16")     IPv4 (broadcast as ip addr add ... brd + gives) or IPv6
                link.delAddr("10.0.0.10/16")  remove it
                link.addresses()              its addresses;  n.addrs()  all, as ip addr""");
        TOPICS.put("routes", """
                n.route("10.1.0.0/16", via: "10.0.0.1")     via a gateway
                n.route("default", via: "10.0.0.1", metric: 10)
                n.route("10.2.0.0/16", dev: "veth-1")       on a link
                n.route("default", via: "10.0.0.1", table: 100)   in another table (a number, main, local)
                n.delRoute("10.1.0.0/16", via:, dev:, table:)     ip route del; options narrow the match
                n.rule(from: "10.0.0.0/24", to:, iif:, oif:, fwmark:, table: 100, priority: 100)   ip rule add
                n.delRule(priority: 100)                    ip rule del (by one option at least)
                n.forwarding(true); n.sysctl("net.ipv4.ip_forward")
                n.routes(); n.routes6(); n.routes(table: 100)   a table, as ip route [show table 100]
                n.rules(); n.rules6()                       as ip rule""");
        TOPICS.put("neighbours", """
                n.neigh("10.0.0.2", lladdr: "02:00:00:00:00:02", dev: "v1")   a permanent entry (IPv6 too)
                n.delNeigh("10.0.0.2", dev: "v1")           ip neigh del
                n.neighs()                                  as ip neigh;  n.arp()  as arp""");
        TOPICS.put("tables", """
                n.links()  as ip link show      n.addrs()  as ip addr
                n.routes() as ip route          n.arp()    as arp (IPv4 entries)
                n.rules()  as ip rule           n.neighs() as ip neigh
                Each is data too: t[0], t.size(), t.each { ... }, t.json (shaped like ip -j)""");
        TOPICS.put("ping", """
                n.ping("10.0.0.20")                          4 echo requests, printed like ping
                n.ping("10.0.0.20", count: 5, interval: 0.2, timeout: 1, size: 56, ttl: 64)
                r = n.ping(...); r.received; r.avg           the figures
                Ctrl-C stops it and prints the summary.""");
        TOPICS.put("capture", """
                n.capture("v1", filter: "icmp", count: 3)          now, printed like tcpdump -nn; the packets
                n.capture("v1", timeout: 5, pcap: "/tmp/x.pcap")   also to a file tcpdump -r reads
                c = n.capture("v1", filter: "tcp port 80").start(); ...; c.stop()   in the background
                n.capture("any", filter: "icmp", count: 4)         every link of n, as tcpdump -i any: "v1 Out IP ..."
                Options: filter count timeout pcap snaplen keep quiet.  c.packets(), c.captured()
                Filters: icmp icmp6 arp ip ip6 tcp udp, [src|dst] host A, net CIDR, [tcp|udp] [src|dst] port N,
                portrange N-M, less N, greater N, ether [src|dst] host MAC, vlan [N] (last), and or not ( ), byte access:
                icmp[icmptype] == icmp-echo, tcp[tcpflags] & (tcp-syn|tcp-ack) != 0, ip[2:2] > 1000.  Ctrl-C stops a capture and prints tcpdump's counts.""");
        TOPICS.put("firewall", """
                n.nft('''table inet fw { chain in { type filter hook input priority 0; policy drop;
                    ct state established,related accept; tcp dport { 22, 80 } accept } }''')
                n.nft("add rule inet fw in ip saddr 10.0.0.0/8 counter drop")   nft's language; one transaction
                n.nft("delete rule inet fw in handle 4"); n.nft("flush ruleset")
                n.nft()                  the ruleset as nft list ruleset (.json as nft -j); r.table("inet", "fw")
                n.iptables(); n.iptables("nat")   as iptables -L -n (iptables-nft's rules)
                Matches: ip/ip6 saddr daddr protocol, tcp/udp sport dport (N, N-M, { .. }), icmp/icmpv6 type,
                iifname oifname, meta l4proto, ct state; != negates. Statements: accept drop reject [with tcp reset]
                counter jump goto return masquerade snat/dnat to ADDR[:PORT]. A bad script changes nothing.""");
        TOPICS.put("labs", """
                lab("demo") { star(3); pingAll(); show() }   a lab: namespaces demo-h1 ..., all removed at the end
                lab("demo", keep: true) { ... }             left up; nsh --clean demo removes it later
                lab("demo", attach: true) { pingAll() }     a kept lab opened again by name (Java Lab.attach("demo"))
                lab("demo", ipv6: true) { chain(3); pingAll6() }   dual stack: fd00:0:0:N::/64 beside each IPv4 subnet
                host("a"), hosts(3), link(a, b, subnet: "10.9.0.0/24"), bridge("s1", a, b), router("r1", lan1, lan2)
                router("r1", lan1, lan2, addresses: ["10.0.0.254", null])   a router takes .1 unless told; LAN hosts from .2
                pair(), chain(5), chain(5, routers: true), star(10), tree(2, 2)   shapes as Mininet's
                pingAll(), show(), diagram("lab.svg" | "lab.dot" | "lab.md"), h1.ping(h2), h1.ns
                Ctrl-C (or an error) in the block removes the lab; nsh --clean removes what a killed one left.""");
        TOPICS.put("programs", """
                n.run("ss", "-tln")       a program in n, as ip netns exec runs it; output as it comes
                n.run("cmd", env: [K: "v"], dir: "/tmp", input: "text", timeout: 5, check: true, quiet: true)
                n.sh("echo $$")           through /bin/sh -c, same options
                s = n.spawn("server")     in the background: s.pid, s.stdout, s.stop(), s.waitFor(5)
                n.shell()                 an interactive shell in n; exit to come back
                n.pids(); identify(pid)   as ip netns pids / identify""");
        TOPICS.put("prompt", """
                An open { ( [ or \"\"\" continues on the next line (...>) until it closes; one history entry.
                Ctrl-C stops the line: ping prints its summary, sleep(ms) ends, a loop stops at its next
                turn, a lab around it is removed. Ctrl-C at the prompt clears the line; Ctrl-D leaves.
                An error is one line (a mistyped call says what exists); /trace shows the last in full.
                /load FILE runs a script here; its variables stay.""");
    }

    /** What every topic's example starts from (shown with each): two namespaces joined by a veth pair. */
    static final String SETUP = "def a = ns(\"ex-a\"), b = ns(\"ex-b\"); a.veth(\"v1\").peer(b, \"v2\").addr(\"10.0.0.1/24\").up();"
            + " b.link(\"v2\").addr(\"10.0.0.2/24\").up()";

    /** A topic's example, after {@link #SETUP}; HelpTopicsTest runs each one against the kernel. */
    static final Map<String, String> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("namespaces", "namespaces(); exists(\"ex-a\"); ns(\"ex-a\", create: false).links()");
        EXAMPLES.put("links", "a.bridge(\"br0\").up(); a.link(\"v1\").mtu(1400); a.link(\"v1\").peer().name");
        EXAMPLES.put("addresses", "a.link(\"v1\").addr(\"10.1.0.1/24\"); a.link(\"v1\").delAddr(\"10.1.0.1/24\"); a.addrs()");
        EXAMPLES.put("routes", "a.route(\"10.9.0.0/16\", via: \"10.0.0.2\"); a.route(\"default\", dev: \"v1\", table: 100);"
                + " a.rule(from: \"10.0.0.0/24\", table: 100, priority: 100); a.routes(table: 100); a.rules(); a.delRoute(\"10.9.0.0/16\")");
        EXAMPLES.put("neighbours", "a.neigh(\"10.0.0.7\", lladdr: \"02:00:00:00:00:07\", dev: \"v1\"); a.neighs(); a.delNeigh(\"10.0.0.7\", dev: \"v1\")");
        EXAMPLES.put("tables", "a.links()[0].name; a.routes().json; b.arp()");
        EXAMPLES.put("ping", "r = a.ping(\"10.0.0.2\", count: 2, interval: 0.2); r.received");
        EXAMPLES.put("capture", "c = b.capture(\"v2\", filter: \"icmp\").start(); d = b.capture(\"any\", filter: \"icmp\").start();"
                + " a.ping(\"10.0.0.2\", count: 1); c.stop(); d.stop()");
        EXAMPLES.put("firewall", "b.nft(\"table inet fw { chain in { type filter hook input priority 0; policy accept;"
                + " icmp type echo-request counter } }\"); b.nft(); b.iptables()");
        EXAMPLES.put("programs", "a.run(\"ip\", \"-br\", \"link\", quiet: true).stdout; a.sh('echo hi', quiet: true)");
        EXAMPLES.put("labs", "lab(\"ex\") { chain(2); pingAll() }");
        EXAMPLES.put("prompt", "sleep(100); [1, 2].each { println it }");
        EXAMPLES.put("conditions", "a.link(\"v1\").netem(delay: \"5ms\", loss: \"1%\", seed: 1); a.link(\"v1\").netem();"
                + " a.link(\"v1\").netem(delay: \"20ms 5ms 25%\", distribution: \"normal\", loss: \"1% 30%\");"
                + " a.link(\"v1\").netem(loss: \"gemodel 5% 50%\", ecn: true); a.link(\"v1\").netem(slot: \"1ms 2ms packets 8\");"
                + " a.iperf(b, seconds: 1); a.link(\"v1\").netem(clear: true);"
                + " a.iperf(b, udp: true, rate: \"5mbit\", seconds: 1).lostDatagrams; a.iperf(b, rate: \"20mbit\", seconds: 1)");
    }

    static {
        TOPICS.put("conditions", """
                link.netem(delay: "20ms", jitter: "5ms", loss: "2%", rate: "10mbit")   the link's egress, as netem's
                    also duplicate: "1%", corrupt: "0.1%", reorder: "25%" (needs a delay), limit: 1000, seed: 42
                    numbers: ms, percent, bits/s; replaces earlier conditions
                    tc's further words: delay: "100ms 20ms 25%" (jitter, its correlation), loss: "1% 30%"
                    distribution: "normal" | "pareto" | "paretonormal"   the jitter's shape (uniform unless given)
                    loss: "gemodel 5% 50%" (P R 1-H 1-K) | "state 10% 50%" (P13 P31 P32 P23 P14)   bursty loss
                    ecn: true             ECN-capable packets that loss would drop are marked CE instead
                    slot: "10ms 20ms packets 8 bytes 64k"   the queue sent in bursts (Wi-Fi, cellular)
                link.netem()               read back, printed as tc qdisc show dev X (engine: kernel, nsh or none)
                link.netem(clear: true)    removed; the link as it was
                engine: "kernel" | "nsh"   the kernel's netem (tbf for a rate alone), or nsh's own, which
                                           takes the egress to a tap (nsh-qN) and applies them in-process;
                                           the default uses the kernel's, nsh's where it has no sch_netem
                a.iperf(b, seconds: 5, parallel: 1)   TCP throughput, in-process, printed as iperf3's
                a.iperf(b, udp: true, rate: "10mbit", length: 1460)   UDP as iperf3 -u (1 Mbit/s unless
                                           rate:): lostDatagrams, datagrams, jitterMillis(), lossPercent()
                a.iperf(b, rate: "20mbit")   TCP paced to it (per stream, as iperf3's -b)
                a.iperf(b, iperf3: true)   the same against an iperf3 server running in b, in its protocol
                lab: w = link(h1, h2, delay: "10ms", loss: "1%", rate: "10mbit")   both ends, as Mininet's TCLink
                     iperf(h1, h2, seconds: 2)   Mininet's net.iperf: *** Results: ['server', 'client']
                     iperf(h1, h2, udp: true, rate: "10mbit")   *** Results: ['10mbit', 'server', 'client']
                     w.down(); w.up()      flap it; show() and diagram() name the conditions""");
    }

    static String topic(String name) {
        String t = TOPICS.get(name);
        if (t == null) return "no help on \"" + name + "\"; topics: " + String.join(", ", TOPICS.keySet());
        return t + "\nExample (after " + SETUP + "):\n  " + EXAMPLES.get(name);
    }
}
