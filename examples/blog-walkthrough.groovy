#!/usr/bin/env nsh
// "Linux Network Namespaces", the blog post, step by step: each step prints the command the post
// runs and then what nsh shows for it, so the two can be read side by side. No ip, ping, tcpdump,
// arp, route or iptables binary is needed. Usage: nsh blog-walkthrough.groovy [NS1 NS2]
// Everything it makes is removed at the end, also when a step fails.

def name1 = args.length > 0 ? args[0] : "ns-1"
def name2 = args.length > 1 ? args[1] : "ns-2"
def step = { String command -> println "\n\$ $command" }
def show = { table -> println(table.isEmpty() ? "(nothing)" : table) }

// Never take over namespaces someone else made: the walkthrough makes its own.
[name1, name2].each { n ->
    if (exists(n)) throw new NshException("namespace $n already exists; delete it (ip netns del $n) or pass two other names")
}
def host = root()
def made = []
try {
    step "ip link show"
    println host.links()

    step "ip netns add $name1; ip netns add $name2; ip netns list"
    def ns1 = ns(name1); made << ns1
    def ns2 = ns(name2); made << ns2
    println namespaces().findAll { it in [name1, name2] }.reverse().join("\n")

    step "arp"
    show host.arp()
    step "ip netns exec $name1 arp"
    show ns1.arp()
    step "ip netns exec $name2 arp"
    show ns2.arp()

    step "ip link add veth-1 type veth peer name veth-2"
    host.veth("veth-1").peer("veth-2")
    made << host.link("veth-1")
    step "ip link show"
    println host.links()

    step "ip link set veth-1 netns $name1; ip link set veth-2 netns $name2"
    host.link("veth-1").moveTo(ns1)
    host.link("veth-2").moveTo(ns2)
    step "ip link show"
    println host.links()
    step "ip netns exec $name1 ip link show"
    println ns1.links()

    step "ip netns exec $name1 ip addr add 10.0.0.10/16 dev veth-1 && ip netns exec $name1 ip link set dev veth-1 up"
    ns1.link("veth-1").addr("10.0.0.10/16").up()
    step "ip netns exec $name2 ip addr add 10.0.0.20/16 dev veth-2 && ip netns exec $name2 ip link set dev veth-2 up"
    ns2.link("veth-2").addr("10.0.0.20/16").up()

    step "ip netns exec $name2 tcpdump -i veth-2 icmp   # terminal 2"
    // Quiet, so its lines do not mix with ping's; they are shown below, as terminal 2 shows them.
    def capture = ns2.capture("veth-2", filter: "icmp", quiet: true).start()
    println "listening on veth-2, link-type EN10MB (Ethernet), snapshot length 262144 bytes"
    step "ip netns exec $name1 ping -c 5 10.0.0.20        # terminal 1"
    def ping = ns1.ping("10.0.0.20", count: 5)
    capture.await(10, java.time.Duration.ofSeconds(2))
    def stats = capture.stop()
    step "# meanwhile, in terminal 2"
    capture.packets().each { println it }
    println "\n$stats"
    if (ping.received != 5) throw new NshException("ping received ${ping.received} of 5 replies")

    step "ip --all netns exec arp"
    [ns2, ns1].each { n ->
        println "netns: ${n.name}"
        show n.arp()
        println ""
    }

    step "ip netns exec $name1 route"
    println ns1.routes().kernelTable
    step "ip netns exec $name1 ip route   # the same table, as iproute2 shows it"
    println ns1.routes()
    step "ip netns exec $name1 iptables -L   # read from nf_tables, no iptables binary"
    print ns1.iptables()
} finally {
    step "ip netns delete $name1; ip netns delete $name2"
    // Reverse order: links first (only if still in the root namespace), then the namespaces.
    made.reverse().each { thing ->
        try {
            if (thing instanceof Link) {
                if (host.links().find(thing.name)) thing.delete()
            } else if (thing.exists()) {
                thing.delete()
            }
        } catch (NshException e) {
            System.err.println "cleanup: ${e.message}"
        }
    }
    println namespaces().findAll { it in [name1, name2] } ? "left behind!" : "(both deleted)"
}
