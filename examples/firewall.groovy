#!/usr/bin/env nsh
// A home router in nftables: a LAN host h (192.168.1.10) behind router r, and a host w on the
// "internet" (203.0.113.0/24). r masquerades the LAN, forwards port 8080 to h's web server, and
// drops what else comes in from outside. No nft or iptables binary is needed (the servers are
// python3). Usage: nsh firewall.groovy [PREFIX]
def p = args.length > 0 ? args[0] : "fw"
def names = ["$p-h", "$p-r", "$p-w"]*.toString()
names.each { if (exists(it)) throw new NshException("namespace $it already exists; pass another prefix") }

// A TCP server that greets each client by the address it sees, and a client that prints the greeting.
def server = { n -> n.spawn([quiet: true], "python3", "-u", "-c", """
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 80)); s.listen()
print("listening", flush=True)
while True:
    c, a = s.accept(); c.sendall(("hello " + a[0] + ", this is ${n.name}\\n").encode()); c.close()
""") }
def fetch = { n, host, port -> n.run([quiet: true, timeout: 10], "python3", "-c", """
import socket
try:
    print(socket.create_connection(("$host", $port), timeout=2).recv(100).decode().strip())
except OSError as e:
    print("no answer (" + type(e).__name__ + ")")
""").stdout.strip() }

def made = []
try {
    def h = ns(names[0]); made << h
    def r = ns(names[1]); made << r
    def w = ns(names[2]); made << w
    h.veth("eth0").peer(r, "lan").addr("192.168.1.10/24").up()
    r.link("lan").addr("192.168.1.1/24").up()
    w.veth("eth0").peer(r, "wan").addr("203.0.113.20/24").up()
    r.link("wan").addr("203.0.113.1/24").up()
    h.route("default", via: "192.168.1.1")
    w.route("192.168.1.0/24", via: "203.0.113.1") // as if the far side routed the LAN's addresses to r
    r.forwarding(true)

    r.nft('''
        table ip nat {
          chain pre  { type nat hook prerouting priority -100; iifname "wan" tcp dport 8080 dnat to 192.168.1.10:80; }
          chain post { type nat hook postrouting priority 100; oifname "wan" masquerade; }
        }
        table inet fw {
          chain forward {
            type filter hook forward priority 0; policy drop;
            ct state established,related accept
            iifname "lan" oifname "wan" accept
            iifname "wan" ip daddr 192.168.1.10 tcp dport 80 counter accept
            counter
          }
        }''')
    println "the router's ruleset (nft list ruleset):\n${r.nft()}"

    def web = server(h), far = server(w)
    [web, far].each { s -> for (int i = 0; i < 50 && !s.stdout.contains("listening"); i++) sleep(100) }
    println "h -> w:80        ${fetch(h, '203.0.113.20', 80)}   (w sees the router: masquerade)"
    println "w -> r:8080      ${fetch(w, '203.0.113.1', 8080)}   (forwarded to h:80)"
    println "w -> h ping      ${w.ping("192.168.1.10", count: 1, timeout: 1, quiet: true).received} of 1 answered (dropped by r's forward chain)"
    println "w -> r ping      ${w.ping("203.0.113.1", count: 1, timeout: 1, quiet: true).received} of 1 answered (r's own input is not filtered)"
    println "\nafter the traffic:\n${r.nft().table('inet', 'fw').chain('forward').rules().collect { it.text }.join('\n')}"
    [web, far]*.stop()
} finally {
    made.reverse().each { if (it.exists()) it.delete() }
}
