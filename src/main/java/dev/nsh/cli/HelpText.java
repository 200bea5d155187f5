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
            Topics: /help namespaces | links | addresses | routes | tables | ping | firewall | programs | labs | conditions
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
                n.forwarding(true); n.sysctl("net.ipv4.ip_forward")
                n.routes(); n.routes6()                     the main table, as ip route""");
        TOPICS.put("tables", """
                n.links()  as ip link show      n.addrs()  as ip addr
                n.routes() as ip route          n.arp()    as arp (IPv4 entries)
                Each is data too: t[0], t.size(), t.each { ... }, t.json (shaped like ip -j)""");
        TOPICS.put("ping", """
                n.ping("10.0.0.20")                          4 echo requests, printed like ping
                n.ping("10.0.0.20", count: 5, interval: 0.2, timeout: 1, size: 56, ttl: 64)
                r = n.ping(...); r.received; r.avg           the figures
                Ctrl-C stops it and prints the summary.""");
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
                lab("demo", ipv6: true) { chain(3); pingAll6() }   dual stack: fd00:0:0:N::/64 beside each IPv4 subnet
                host("a"), hosts(3), link(a, b, subnet: "10.9.0.0/24"), bridge("s1", a, b), router("r1", lan1, lan2)
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
    }

    static {
        TOPICS.put("conditions", """
                link.netem(delay: "20ms", jitter: "5ms", loss: "2%", rate: "10mbit")   the link's egress, as netem's
                    also duplicate: "1%", corrupt: "0.1%", reorder: "25%" (needs a delay), limit: 1000, seed: 42
                    numbers: ms, percent, bits/s; replaces earlier conditions
                link.netem()               read back, printed as tc qdisc show dev X (engine: kernel, nsh or none)
                link.netem(clear: true)    removed; the link as it was
                engine: "kernel" | "nsh"   the kernel's netem (tbf for a rate alone), or nsh's own, which
                                           takes the egress to a tap (nsh-qN) and applies them in-process;
                                           the default uses the kernel's, nsh's where it has no sch_netem
                a.iperf(b, seconds: 5, parallel: 1)   TCP throughput, in-process, printed as iperf3's
                a.iperf(b, iperf3: true)   the same against an iperf3 server running in b, in its protocol
                lab: w = link(h1, h2, delay: "10ms", loss: "1%", rate: "10mbit")   both ends, as Mininet's TCLink
                     w.down(); w.up()      flap it; show() and diagram() name the conditions""");
    }

    static String topic(String name) {
        String t = TOPICS.get(name);
        return t != null ? t : "no help on \"" + name + "\"; topics: " + String.join(", ", TOPICS.keySet());
    }
}
