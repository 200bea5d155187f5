// A lab: two LANs joined by a router, pinged all-to-all, shown, drawn, and removed at the end.
//   sudo scripts/nsh examples/lab.groovy [LAB-NAME]
// Its namespaces are LAB-NAME-a1, LAB-NAME-sa, LAB-NAME-gw ... (ip netns list shows them while it runs).
def name = args ? args[0] : "demo"
lab(name) {
    def lan1 = bridge("sa", host("a1"), host("a2"))
    def lan2 = bridge("sb", host("b1"), host("b2"), subnet: "10.20.0.0/24")
    router("gw", lan1, lan2)
    pingAll()
    show()
    println "diagram: " + diagram(System.getProperty("java.io.tmpdir") + "/" + name + ".md")
}
