// bench/scale.sh: the card's idiom in a loop, as a new user writes it: N pairs of namespaces, a veth
// between them, an address and up on each end; then each namespace deleted through the object held.
int n = (args ? args[0] : "250") as int
String p = "cp" + ProcessHandle.current().pid()
long t0 = System.nanoTime()
def made = []
for (int i = 1; i <= n; i++) {
    def a = ns("$p-a$i"), b = ns("$p-b$i")
    a.veth("va$i").peer(b, "vb$i").addr("10.0.0.10/16").up()
    b.link("vb$i").addr("10.0.0.20/16").up()
    made << a << b
}
long t1 = System.nanoTime()
made.each { it.delete() }
long t2 = System.nanoTime()
printf("nsh card %d pairs: build %.2f s, delete %.2f s, in-process %.2f s%n", n, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9)
