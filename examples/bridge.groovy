#!/usr/bin/env nsh
// Three hosts on one bridge: the bridge lives in its own namespace (a switch), each host hangs
// off it by a veth pair, and every host pings every other. Usage: nsh bridge.groovy [PREFIX]
def p = args.length > 0 ? args[0] : "br"
def hostNames = (1..3).collect { "$p-h$it".toString() }
def switchName = "$p-sw".toString()
(hostNames + switchName).each { if (exists(it)) throw new NshException("namespace $it already exists; pass another prefix") }
def made = []
try {
    def sw = ns(switchName); made << sw
    def br = sw.bridge("br0").up()
    def hosts = hostNames.withIndex().collect { name, i ->
        def h = ns(name); made << h
        h.veth("eth0").peer(sw, "port${i + 1}").addr("10.0.0.${i + 1}/24").up()
        sw.link("port${i + 1}").master(br).up()
        h
    }
    println sw.links()
    def failures = 0
    hosts.each { from ->
        hosts.each { to ->
            if (from == to) return
            def n = hosts.indexOf(to) + 1
            def r = from.ping("10.0.0.$n", count: 1, timeout: 2)
            if (r.received == 0) failures++
        }
    }
    if (failures) throw new NshException("$failures of 6 pings across the bridge got no reply")
    println "all 6 pings across the bridge were answered"
} finally {
    made.reverse().each { if (it.exists()) it.delete() }
}
