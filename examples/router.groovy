#!/usr/bin/env nsh
// A router joining two subnets: host a (10.1.0.0/24) - router r - host b (10.2.0.0/24).
// Forwarding on in r, a default route on each host, then a ping across. Usage: nsh router.groovy [PREFIX]
def p = args.length > 0 ? args[0] : "rt"
def names = ["$p-a", "$p-r", "$p-b"]*.toString()
names.each { if (exists(it)) throw new NshException("namespace $it already exists; pass another prefix") }
def made = []
try {
    def a = ns(names[0]); made << a
    def r = ns(names[1]); made << r
    def b = ns(names[2]); made << b

    a.veth("eth0").peer(r, "eth-a").addr("10.1.0.10/24").up()
    r.link("eth-a").addr("10.1.0.1/24").up()
    b.veth("eth0").peer(r, "eth-b").addr("10.2.0.10/24").up()
    r.link("eth-b").addr("10.2.0.1/24").up()
    r.forwarding(true)
    a.route("default", via: "10.1.0.1")
    b.route("default", via: "10.2.0.1")

    println "routes of ${a.name}:\n${a.routes()}"
    println "routes of ${r.name}:\n${r.routes()}"
    def result = a.ping("10.2.0.10", count: 3, interval: 0.2)
    if (result.received == 0) throw new NshException("no reply across the router")
} finally {
    made.reverse().each { if (it.exists()) it.delete() }
}
