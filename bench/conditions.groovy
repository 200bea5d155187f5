// Link conditions benchmark (issue 15), run by bench/conditions.sh: prints figures, asserts nothing.
// Two namespaces a (10.77.0.1) and b (10.77.0.2), a veth va-vb; conditions on va's egress only,
// so a ping's RTT is the base RTT plus the delay. Judges: iputils ping, iperf3.
import groovy.json.JsonSlurper
def (na, nb) = args
def a = ns(na), b = ns(nb)
a.veth("va").peer(b, "vb")
a.link("va").addr("10.77.0.1/24").up(); b.link("vb").addr("10.77.0.2/24").up()
def va = a.link("va")
def kernelNetem = a.run([quiet: true], "sh", "-c", "tc qdisc add dev va root netem delay 1ms 2>/dev/null && tc qdisc del dev va root && echo yes || echo no").stdout.trim() == "yes"
def engines = kernelNetem ? ["kernel", "nsh"] : ["nsh"]
println "kernel: ${"uname -r".execute().text.trim()}, sch_netem: ${kernelNetem ? "yes" : "no (nsh's engine only; tbf for rates)"}"

def rtts = { int count, double interval ->
    def out = a.run([quiet: true], "ping", "-c", "$count", "-i", "$interval", "-W", "2", "10.77.0.2").stdout
    (out =~ /time=([0-9.]+) ms/).collect { it[1] as double }.sort()
}
def median = { List xs -> xs ? xs[xs.size().intdiv(2)] : Double.NaN }
// iperf3 -c against a one-shot iperf3 -s in b; its JSON's end. Retried while the server is not up
// (iperf3 -J reports the refused connection in JSON, some versions with status 0).
def iperf3end = { List extra, int secs ->
    def s = b.spawn([quiet: true], "iperf3", "-s", "-1", "-B", "10.77.0.2")
    def end = null
    for (int i = 0; i < 50 && end == null; i++) {
        def r = a.run([quiet: true], *(["iperf3", "-J"] + extra + ["-c", "10.77.0.2", "-t", "$secs"]))
        def parsed = r.stdout ? new JsonSlurper().parseText(r.stdout) : null
        if (r.exitCode == 0 && parsed?.end?.sum_received) end = parsed.end else Thread.sleep(100)
    }
    s.stop()
    if (end == null) throw new IllegalStateException("iperf3 ${extra.join(' ')} gave no result in 50 tries")
    end
}
def iperf3 = { int secs -> iperf3end([], secs).sum_received.bits_per_second as double }
def cpuTicks = { def f = new File("/proc/self/stat").text.split(" "); (f[13] as long) + (f[14] as long) }

def base = median(rtts(50, 0.01))
printf("base RTT (no conditions): %.3f ms (median of 50)%n", base)

println "\n== delay: requested one way on va; measured RTT median - base (20 pings)"
for (e in engines) for (d in [1, 10, 50, 100]) {
    va.netem(delay: "${d}ms", engine: e)
    def m = median(rtts(d >= 50 ? 10 : 20, 0.05))
    printf("%-6s delay %3d ms: RTT median %.2f ms, added %.2f ms (error %+.2f ms)%n", e, d, m, m - base, m - base - d)
}
println "\n== loss: requested on va; 1000 pings at 2 ms, seed 1"
for (e in engines) for (p in [1, 5, 20, 50]) {
    va.netem(loss: "${p}%", seed: 1, engine: e)
    def out = a.run([quiet: true], "ping", "-q", "-c", "1000", "-i", "0.002", "-W", "2", "10.77.0.2").stdout
    def m = out =~ /(\d+) packets transmitted, (\d+) received/
    m.find()
    def lost = 100.0 * ((m.group(1) as int) - (m.group(2) as int)) / (m.group(1) as int)
    printf("%-6s loss %2d%%: lost %.1f%%%n", e, p, lost)
}
println "\n== rate: requested on va; iperf3 TCP receiver rate, 3 s"
for (e in ["kernel", "nsh"]) for (r in ["1mbit", "10mbit", "100mbit", "1gbit"]) {
    va.netem(rate: r, engine: e)
    def got = iperf3(3)
    def want = dev.nsh.model.TcUnits.rate("rate", r)
    printf("%-6s rate %-7s: %.2f Mbit/s (%.1f%% of requested)%s%n", e == "kernel" ? "tbf" : e, r, got / 1e6, 100 * got / want,
            e == "nsh" ? "" : "")
}
println "\n== jitter's distribution: delay 50ms jitter 20ms, 500 pings at 5 ms, seed 1 (RTT - base)"
def stats = { List xs ->
    double mean = xs.sum() / xs.size(), sd = Math.sqrt(xs.collect { (it - mean) * (it - mean) }.sum() / xs.size())
    [mean, sd, 100.0 * xs.count { it < 30 } / xs.size(), 100.0 * xs.count { it > 70 } / xs.size()]
}
for (e in engines) for (d in ["uniform", "normal", "pareto", "paretonormal"]) {
    va.netem(delay: "50ms 20ms", distribution: d, seed: 1, engine: e)
    def (mean, sd, under, over) = stats(rtts(500, 0.005).collect { it - base })
    printf("%-6s %-12s: mean %.1f ms, sd %.1f ms, %.1f%% under 30 ms, %.1f%% over 70 ms%n", e, d, mean, sd, under, over)
}
println "\n== loss models and correlation: 2000 pings at 2 ms, seed 1: lost share and mean run of lost echoes"
def lossRuns = { ->
    def out = a.run([quiet: true], "ping", "-c", "2000", "-i", "0.002", "-W", "2", "10.77.0.2").stdout
    def answered = (out =~ /icmp_seq=(\d+) /).collect { it[1] as int } as Set
    int lost = 2000 - answered.size(), runs = (1..2000).count { !answered.contains(it) && (it == 1 || answered.contains(it - 1)) }
    [100.0 * lost / 2000, runs ? lost / (double) runs : 0]
}
// the models' own figures: Gilbert-Elliott loses p/(p+r) x (1-h) + r/(p+r) x (1-k), in runs of about 1/r while 1-h is 100 %
for (e in engines) for (m in [["gemodel 5% 50%", "9.1 %, runs of 2"], ["gemodel 1% 10% 70% 0.1%", "6.5 %"],
                              ["state 10% 50% 20% 30% 1%", "15.6 %"], ["50%", "50 %, runs of 2"], ["50% 90%", "netem's correlation: fewer, longer runs"]]) {
    va.netem(loss: m[0], seed: 1, engine: e)
    def (share, run) = lossRuns()
    printf("%-6s loss %-26s: lost %.1f%%, mean run %.2f (the model: %s)%n", e, "\"" + m[0] + "\"", share, run, m[1])
}
println "\n== nsh's engine: its cost"
va.netem(engine: "nsh")
def through = median(rtts(50, 0.01))
printf("added latency with no condition: %.3f ms (RTT median %.3f vs base %.3f)%n", through - base, through, base)
for (r in ["100mbit", null]) {
    if (r) va.netem(rate: r, engine: "nsh") else va.netem(engine: "nsh")
    long t0 = System.nanoTime(), c0 = cpuTicks()
    def got = iperf3(3)
    double wall = (System.nanoTime() - t0) / 1e9, cpu = (cpuTicks() - c0) / 100.0
    def s = va.netem()
    printf("%s: iperf3 %.1f Mbit/s, %d frames sent by the engine (%.0f/s), nsh's JVM CPU %.0f%% of one core%n",
            r ? "rate $r" : "no rate (as fast as it goes)", got / 1e6, s.sent(), s.sent() / wall, 100 * cpu / wall)
}
va.netem(clear: true)
println "\n== a.iperf(b) beside iperf3 on the unshaped veth (TCP, 3 s, median of 3)"
def mine = (1..3).collect { a.iperf(b, seconds: 3).receiverBitsPerSecond() }.sort()[1]
def theirs = (1..3).collect { iperf3(3) }.sort()[1]
printf("a.iperf(b): %.2f Gbit/s; iperf3: %.2f Gbit/s; ratio %.2f (target at least 0.8)%n", mine / 1e9, theirs / 1e9, mine / theirs)
def s3 = b.spawn([quiet: true], "iperf3", "-s", "-1", "-B", "10.77.0.2")
def viaIperf3 = null
for (int i = 0; i < 50 && viaIperf3 == null; i++) {
    try { viaIperf3 = a.iperf(b, seconds: 3, iperf3: true) } catch (e) { Thread.sleep(100) }
}
s3.stop()
printf("a.iperf(b, iperf3: true) against iperf3's server: %.2f Gbit/s as the server counted%n", viaIperf3.receiverBitsPerSecond() / 1e9)

println "\n== UDP: a.iperf(b, udp: true) beside iperf3 -u, 3 s each, 1460-byte datagrams: receiver's rate, loss, jitter"
def iperf3u = { long bits, int secs -> iperf3end(["-u", "-b", "$bits"], secs).sum_received }
// A tbf holds a sender back (its socket stays unwritable while half its buffer is queued, and both
// senders wait for writable); nsh's engine takes the frames away at once, so there the excess is lost.
for (shape in [null, "kernel", "nsh"]) {
    if (shape) va.netem(rate: "10mbit", engine: shape, limit: 100)
    println(shape ? "-- rate 10mbit on va, ${shape == "kernel" ? "tbf" : "nsh's engine (limit 100)"}" : "-- unshaped veth")
    for (r in (shape ? ["5mbit", "10mbit", "20mbit"] : ["1mbit", "10mbit", "100mbit", "1gbit"])) {
        def m = a.iperf(b, udp: true, rate: r, seconds: 3)
        def t = iperf3u(dev.nsh.model.TcUnits.rate("rate", r), 3)
        printf("rate %-7s  nsh: %8.2f Mbit/s, lost %5.2f%%, jitter %.3f ms  |  iperf3: %8.2f Mbit/s, lost %5.2f%%, jitter %.3f ms%n",
                r, m.receiverBitsPerSecond() / 1e6, m.lossPercent(), m.jitterMillis(),
                (t.bits_per_second as double) / 1e6, t.lost_percent as double, t.jitter_ms as double)
    }
}
va.netem(clear: true)
a.delete(); b.delete()
