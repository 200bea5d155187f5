#!/usr/bin/env nsh
// A NAT router in a lab: hosts h1 and h2 on a LAN, a host "isp" outside (203.0.113.0/24), router
// gw between. gw masquerades what leaves the LAN and forwards its port 8080 to a web server on h1;
// a TCP server on each side greets clients by the address it sees (python3).
//   sudo scripts/nsh examples/nat-lab.groovy [LAB-NAME]
def name = args ? args[0] : "natlab"
def greeter = """
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 80)); s.listen()
print("listening", flush=True)
while True:
    c, a = s.accept(); c.sendall(("hello " + a[0] + ", this is " + sys.argv[1] + "\\n").encode()); c.close()
"""
def fetch = { node, host, port -> node.ns.run([quiet: true, timeout: 10], "python3", "-c",
        "import socket; print(socket.create_connection(('$host', $port), timeout=3).recv(100).decode().strip())").stdout.strip() }

lab(name) {
    def lan = bridge("sw", host("h1"), host("h2"))
    def wan = bridge("net", host("isp"), subnet: "203.0.113.0/24")
    def gw = router("gw", lan, wan)
    def outside = gw.addressIn(wan).hostAddress, web = node("h1").ip
    gw.ns.nft("""
        table ip nat {
          chain pre  { type nat hook prerouting priority -100; ip daddr $outside tcp dport 8080 dnat to $web:80; }
          chain post { type nat hook postrouting priority 100; ip saddr ${lan.cidr} ip daddr != ${lan.cidr} masquerade; }
        }""")
    show()
    println "\n${gw.name}'s ruleset:\n${gw.ns.nft()}"
    def servers = ["h1", "isp"].collect { node(it).ns.spawn([quiet: true], "python3", "-u", "-c", greeter, it) }
    servers.each { s -> for (int i = 0; i < 50 && !s.stdout.contains("listening"); i++) sleep(100) }
    println "h2 -> isp:80          ${fetch(node('h2'), node('isp').ip, 80)}   (masqueraded: isp sees $outside)"
    println "isp -> $outside:8080  ${fetch(node('isp'), outside, 8080)}   (forwarded to h1:80)"
    servers*.stop()
}
