package dev.nsh.topo;

import dev.nsh.lab.Diagram;
import dev.nsh.topo.Topology.End;
import dev.nsh.topo.Topology.Kind;
import dev.nsh.topo.Topology.LinkSpec;
import dev.nsh.topo.Topology.NodeSpec;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code scripts/nsh graph -t FILE -o OUT}: a topology file as a picture, drawn from the file (no
 * lab needs to run): linux nodes are boxes (diamonds when they forward), bridges ellipses, the
 * host a house; each edge a link, labelled once with its ends (node:interface). By OUT's extension as
 * {@link Diagram}: {@code .dot}, {@code .svg}/{@code .png} (Graphviz), {@code .md}/{@code .mmd} (Mermaid).
 */
public final class TopoGraph {
    private TopoGraph() {}

    public static Path write(Topology t, Path file, PrintStream out) {
        return Diagram.write(file, dot(t), mermaid(t), out);
    }

    public static String dot(Topology t) {
        StringBuilder s = new StringBuilder("graph \"" + t.name() + "\" {\n  node [fontname=\"monospace\", fontsize=10];\n"
                + "  edge [fontname=\"monospace\", fontsize=8];\n");
        boolean host = t.links().stream().anyMatch(l -> l.a().isHost() || l.b().isHost());
        for (NodeSpec n : t.nodes()) {
            if (n.kind() == Kind.HOST) continue;
            String shape = n.kind() == Kind.BRIDGE ? "ellipse" : n.forwarding() ? "diamond" : "box";
            s.append("  \"").append(n.name()).append("\" [shape=").append(shape).append(", label=\"").append(n.name()).append("\\n")
                    .append(n.namespace(t)).append("\"];\n");
        }
        if (host) s.append("  \"host\" [shape=house, label=\"host\"];\n");
        for (LinkSpec l : t.links()) {
            // One label (as a lab's Diagram): dot keeps an edge's label clear of the others, not head and tail labels.
            s.append("  \"").append(name(l.a())).append("\" -- \"").append(name(l.b())).append("\" [label=\"").append(name(l.a())).append(':')
                    .append(label(l.a())).append("\\n").append(name(l.b())).append(':').append(label(l.b())).append("\"];\n");
        }
        return s.append("}\n").toString();
    }

    public static String mermaid(Topology t) {
        StringBuilder s = new StringBuilder("graph LR\n");
        boolean host = t.links().stream().anyMatch(l -> l.a().isHost() || l.b().isHost());
        for (NodeSpec n : t.nodes()) {
            if (n.kind() == Kind.HOST) continue;
            String label = "\"" + n.name() + "<br/>" + n.namespace(t) + "\"";
            s.append("  ").append(id(n.name())).append(n.kind() == Kind.BRIDGE ? "([" + label + "])" : n.forwarding() ? "{" + label + "}" : "[" + label + "]")
                    .append('\n');
        }
        if (host) s.append("  ").append(id("host")).append("[/\"host\"\\]\n");
        for (LinkSpec l : t.links()) {
            s.append("  ").append(id(name(l.a()))).append(" ---|\"").append(label(l.a())).append(" - ").append(label(l.b())).append("\"| ")
                    .append(id(name(l.b()))).append('\n');
        }
        return s.toString();
    }

    private static String name(End e) {
        return e.isHost() ? "host" : e.node();
    }

    private static String label(End e) {
        return e.ifname() + (e.addrs().isEmpty() ? "" : " " + String.join(" ", e.addrs()));
    }

    private static String id(String n) {
        return "n_" + n.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
