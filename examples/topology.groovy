// A containerlab topology file deployed from a script: the Lab it returns, the running lab
// opened by name (as another process would), then removed.
//   sudo scripts/nsh examples/topology.groovy [NAME]
def name = args ? args[0] : "two-lans"
def lab = deploy("examples/two-lans.clab.yml", name: name)
try {
    lab.show()                                   // nodes, interfaces, addresses
    lab.a1.ping("10.2.0.10", count: 2)           // across the bridge and the router
    def up = running("clab-" + name)             // Labs.running: by the lab's name
    println up.nodes.keySet()
    println up.b1.routes()
} finally {
    destroy(name: name)
}
