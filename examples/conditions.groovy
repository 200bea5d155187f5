#!/usr/bin/env nsh
// Link conditions: two hosts a and b over a veth; 20 ms on each end's egress (a ping's RTT is
// about 40 ms), a normal jitter, then 10 % loss with a seed, then a rate of 10 Mbit/s measured in-process; cleared
// at the end. Usage: nsh conditions.groovy [PREFIX]
def p = args.length > 0 ? args[0] : "cond"
def names = ["$p-a", "$p-b"]*.toString()
names.each { if (exists(it)) throw new NshException("namespace $it already exists; pass another prefix") }
def made = []
try {
    def a = ns(names[0]); made << a
    def b = ns(names[1]); made << b
    a.veth("eth0").peer(b, "eth0").addr("10.3.0.10/24").up()
    b.link("eth0").addr("10.3.0.20/24").up()

    println a.link("eth0").netem(delay: "20ms")
    println b.link("eth0").netem(delay: 20)
    def r = a.ping("10.3.0.20", count: 5, interval: 0.05)
    println "RTT at least 40 ms: ${r.min >= 40}"

    // tc's words: a jitter of 5 ms shaped as a normal distribution, then 10 % loss with a seed
    println a.link("eth0").netem(delay: "20ms 5ms", distribution: "normal")
    a.link("eth0").netem(loss: "10%", seed: 42)
    b.link("eth0").netem(clear: true)
    a.ping("10.3.0.20", count: 50, interval: 0.01)
    println a.link("eth0").netem()

    println a.link("eth0").netem(rate: "10mbit")
    println a.iperf(b, seconds: 2)
    println a.link("eth0").netem(clear: true)
} finally {
    made.reverse().each { it.delete() }
}
