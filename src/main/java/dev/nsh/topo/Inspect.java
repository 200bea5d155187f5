package dev.nsh.topo;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.lab.RunningLab;
import dev.nsh.model.AddrInfo;
import dev.nsh.model.Columns;
import dev.nsh.model.LinkInfo;
import groovy.json.JsonOutput;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/nsh inspect}: the running labs' nodes, each interface with its MTU, MAC, bridge
 * and addresses, read from the kernel now (not from the file); as a table or as JSON
 * ({@code -f json}). A namespace that is gone is shown as such.
 */
public final class Inspect {
    private Inspect() {}

    /** The nodes of {@code labs} (nsh lab names) with their interfaces, as data. */
    public static List<Map<String, Object>> data(List<String> labs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String lab : labs) {
            for (RunningLab.Member m : RunningLab.open(lab).members()) {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("lab", lab);
                node.put("node", m.name());
                node.put("kind", "switch".equals(m.role()) ? "bridge" : "linux");
                node.put("namespace", m.namespace());
                List<Map<String, Object>> ifs = new ArrayList<>();
                Namespace ns;
                try {
                    ns = Nsh.existing(m.namespace());
                } catch (RuntimeException e) {
                    node.put("state", "gone");
                    node.put("interfaces", ifs);
                    out.add(node);
                    continue;
                }
                node.put("state", "running");
                List<AddrInfo> addrs = ns.addrs().asList();
                for (LinkInfo l : ns.links()) {
                    if (l.name().equals("lo")) continue;
                    Map<String, Object> i = new LinkedHashMap<>();
                    i.put("name", l.name());
                    i.put("state", l.state());
                    i.put("mtu", l.mtu());
                    i.put("mac", l.mac());
                    if (l.master() != null) i.put("master", l.master());
                    List<String> a = new ArrayList<>();
                    for (AddrInfo x : addrs) {
                        if (x.dev().equals(l.name()) && !(x.address().isLinkLocalAddress())) a.add(x.cidr().toString());
                    }
                    i.put("addresses", a);
                    ifs.add(i);
                }
                node.put("interfaces", ifs);
                out.add(node);
            }
        }
        return out;
    }

    public static String json(List<String> labs) {
        return JsonOutput.prettyPrint(JsonOutput.toJson(data(labs))) + "\n";
    }

    /** One line an interface: LAB NODE KIND NAMESPACE INTERFACE STATE MTU MAC ADDRESSES. */
    public static String table(List<String> labs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"LAB", "NODE", "KIND", "NAMESPACE", "INTERFACE", "STATE", "MTU", "MAC", "ADDRESSES"});
        for (Map<String, Object> n : data(labs)) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> ifs = (List<Map<String, Object>>) n.get("interfaces");
            String[] head = {(String) n.get("lab"), (String) n.get("node"), (String) n.get("kind"), (String) n.get("namespace")};
            if (ifs.isEmpty()) rows.add(new String[] {head[0], head[1], head[2], head[3], "-", "gone".equals(n.get("state")) ? "GONE" : "-", "", "", ""});
            for (Map<String, Object> i : ifs) {
                @SuppressWarnings("unchecked")
                List<String> a = (List<String>) i.get("addresses");
                String name = (String) i.get("name") + (i.containsKey("master") ? " (" + i.get("master") + ")" : "");
                rows.add(new String[] {head[0], head[1], head[2], head[3], name, (String) i.get("state"), String.valueOf(i.get("mtu")),
                        (String) i.get("mac"), String.join(" ", a)});
            }
        }
        return Columns.align(rows.stream().map(r -> Arrays.stream(r).map(c -> c == null ? "-" : c).toList()).toList());
    }
}
