// bench/lab.sh: N blog pairs (two namespaces, a veth, an address and up on each end) built and removed in a lab.
int n = (args ? args[0] : "250") as int
long t0 = System.nanoTime(), t1 = 0
lab("bench-pairs") {
    def h = hosts(2 * n)
    for (int i = 0; i < n; i++) link(h[2 * i], h[2 * i + 1])
    t1 = System.nanoTime()
}
long t2 = System.nanoTime()
printf("nsh %d pairs: build %.2f s, teardown %.2f s, in-process total %.2f s%n", n, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9)
