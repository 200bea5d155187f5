// nf_tables figures for bench/nft.sh (prints, asserts nothing): in namespace args[0], with N =
// args[1] rules, the time nsh takes to apply them as one script, to list them back (read and
// print), to add rules one call at a time (the card's idiom in a loop), and one rule's add with
// N rules already in its chain, and in another table. Usage: nsh bench/nft-rules.groovy NS N
def n = ns(args[0]), count = args[1] as int
def rule = { i -> "add rule ip t c ip saddr 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} tcp dport ${1 + i % 60000} counter accept" }
def ms = { Closure c -> long t = System.nanoTime(); c(); (System.nanoTime() - t) / 1e6 }
def median = { List l -> l.sort()[l.size().intdiv(2)] }

n.nft("add table ip warm; delete table ip warm") // the first use loads classes; not what a user repeats
def script = "add table ip t\nadd chain ip t c { type filter hook input priority 0; policy accept; }\n" + (0..<count).collect(rule).join("\n")
// The first call of a JVM runs cold (classes loaded, code interpreted); later ones as a REPL session or a suite has them.
def applies = [], lists = []
for (int round = 0; round < 6; round++) {
    if (round > 0) n.nft("delete table ip t")
    applies << ms { n.nft(script) }
    lists << ms { n.nft().toString() }
}
printf("apply %d rules as one script: %.1f ms (first in this JVM: %.1f)%n", count, median(applies.drop(1)), applies[0])
printf("list %d rules (read + print): %.1f ms (first in this JVM: %.1f)%n", count, median(lists.drop(1)), lists[0])
printf("one more rule with %d there: %.3f ms (median of 50)%n", count, median((0..<50).collect { i -> ms { n.nft(rule(count + i)) } }))
n.nft("add table ip u; add chain ip u c")
printf("one rule in another table, %d elsewhere: %.3f ms (median of 50)%n", count,
        median((0..<50).collect { i -> ms { n.nft("add rule ip u c tcp dport ${i + 1} accept") } }))
n.nft("delete table ip t; delete table ip u")
n.nft("add table ip t\nadd chain ip t c")
int loop = Math.min(count, 1000)
printf("add %d rules one call each: %.1f ms%n", loop, ms { (0..<loop).each { i -> n.nft(rule(i)) } })
n.nft("delete table ip t")
