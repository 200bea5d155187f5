package dev.nsh.lab;

import dev.nsh.error.NshException;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A lab as a picture. By the file's extension: {@code .dot} / {@code .gv} Graphviz DOT;
 * {@code .svg} / {@code .png} DOT rendered by Graphviz's {@code dot} when it is installed (the
 * DOT text is piped to it, so nothing else is left; without Graphviz the DOT text is written as {@code FILE.dot}); {@code .md} / {@code .mmd} Mermaid
 * ({@code .md} wrapped in a mermaid code fence). Hosts are boxes, switches ellipses, routers
 * diamonds; each edge is one veth, labelled once with its interfaces (and conditions).
 */
public final class Diagram {
    private Diagram() {}

    static Path write(Lab lab, Path file, PrintStream out) {
        return write(file, dot(lab), mermaid(lab), out);
    }

    /** Writes a picture given as DOT and as Mermaid, by the extension of {@code file} (as above); returns the file written. */
    public static Path write(Path file, String dot, String mermaid, PrintStream out) {
        String name = file.getFileName().toString().toLowerCase();
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            if (name.endsWith(".md") || name.endsWith(".mmd")) {
                Files.writeString(file, name.endsWith(".md") ? "```mermaid\n" + mermaid + "```\n" : mermaid);
                return file;
            }
            if (name.endsWith(".svg") || name.endsWith(".png")) {
                if (render(dot, file, name.endsWith(".svg") ? "svg" : "png")) return file;
                Path dotFile = file.resolveSibling(file.getFileName() + ".dot"); // the text, for a machine that has dot
                Files.writeString(dotFile, dot);
                if (out != null) out.println("Graphviz (dot) is not installed: wrote " + dotFile + " only (apt-get install graphviz)");
                return dotFile;
            }
            Files.writeString(file, dot);
            return file;
        } catch (IOException e) {
            throw new NshException("write diagram " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The lab in Graphviz DOT: a node per namespace (its addresses in its label), an edge per veth
     * with one label, its interfaces (upper end first) and conditions; switches and routers are
     * drawn above their hosts.
     */
    public static String dot(Lab lab) {
        StringBuilder s = new StringBuilder("graph \"" + lab.name() + "\" {\n  node [fontname=\"monospace\", fontsize=10];\n"
                + "  edge [fontname=\"monospace\", fontsize=8];\n");
        for (Node n : lab.nodes()) {
            String shape = switch (n.role()) { case HOST -> "box"; case SWITCH -> "ellipse"; case ROUTER -> "diamond"; };
            StringBuilder label = new StringBuilder(n.name()).append("\\n").append(n.namespaceName());
            for (Port p : n.ports()) {
                if (p.address() != null) label.append("\\n").append(p.address());
                if (p.address6() != null) label.append("\\n").append(p.address6());
            }
            s.append("  \"").append(n.name()).append("\" [shape=").append(shape).append(", label=\"").append(label).append("\"];\n");
        }
        for (Wire w : lab.wires()) {
            // dot ranks the first end of an edge above the second: put the host below.
            Port a = w.a(), b = w.b();
            if (a.node().role() == Node.Role.HOST && b.node().role() != Node.Role.HOST) {
                Port t = a;
                a = b;
                b = t;
            }
            // One label, the upper end's interface over the lower's: dot lays an edge's label out
            // as a node of its own, clear of the others, but places head and tail labels where
            // they fall, and on a small lab those overlapped.
            s.append("  \"").append(a.node().name()).append("\" -- \"").append(b.node().name())
                    .append("\" [label=\"").append(a.ifname()).append("\\n").append(b.ifname())
                    .append(w.conditions().isEmpty() ? "" : "\\n" + w.conditions()).append("\"];\n");
        }
        return s.append("}\n").toString();
    }

    /** The lab as a Mermaid flowchart. */
    public static String mermaid(Lab lab) {
        StringBuilder s = new StringBuilder("graph LR\n");
        for (Node n : lab.nodes()) {
            String label = n.name() + "<br/>" + n.namespaceName();
            String id = id(n);
            s.append("  ").append(switch (n.role()) {
                case HOST -> id + "[\"" + label + "\"]";
                case SWITCH -> id + "([\"" + label + "\"])";
                case ROUTER -> id + "{\"" + label + "\"}";
            }).append('\n');
        }
        for (Wire w : lab.wires()) {
            s.append("  ").append(id(w.a().node())).append(" ---|\"").append(end(w.a())).append(" - ").append(end(w.b()))
                    .append(w.conditions().isEmpty() ? "" : "<br/>" + w.conditions()).append("\"| ").append(id(w.b().node())).append('\n');
        }
        return s.toString();
    }

    private static String end(Port p) {
        return p.ifname() + (p.address() == null ? "" : " " + p.address()) + (p.address6() == null ? "" : " " + p.address6());
    }

    private static String id(Node n) {
        return "n_" + n.name().replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** Renders DOT text given on dot's standard input, so no .dot file is left beside the picture. */
    private static boolean render(String dot, Path target, String format) {
        if (!onPath("dot")) return false;
        try {
            Process p = new ProcessBuilder("dot", "-T" + format, "-o", target.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (var in = p.getOutputStream()) {
                in.write(dot.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new NshException("dot -T" + format + " -o " + target + ": timed out");
            }
            if (p.exitValue() != 0) throw new NshException("dot -T" + format + " -o " + target + " exited " + p.exitValue());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NshException("dot: interrupted");
        }
    }

    static boolean onPath(String program) {
        for (String dir : List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
