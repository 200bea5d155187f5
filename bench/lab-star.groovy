// bench/lab.sh: star(N) build + pingAll + teardown in one lab; prints in-process figures.
int n = (args ? args[0] : "100") as int
long t0 = System.nanoTime(), t1 = 0, t2 = 0
def r = null
lab("bench-star") {
    star(n)
    t1 = System.nanoTime()
    output(new PrintStream(OutputStream.nullOutputStream()))
    r = pingAll()
    t2 = System.nanoTime()
}
long t3 = System.nanoTime()
printf("nsh star(%d): build %.2f s, pingAll %.2f s (%d/%d received), teardown %.2f s, in-process total %.2f s%n",
        n, (t1 - t0) / 1e9, (t2 - t1) / 1e9, r.received(), r.sent(), (t3 - t2) / 1e9, (t3 - t0) / 1e9)
