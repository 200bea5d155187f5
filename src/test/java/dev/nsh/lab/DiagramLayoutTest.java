package dev.nsh.lab;

import dev.nsh.testing.NeedsRoot;

import groovy.json.JsonSlurper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small lab's diagram has one label per edge, and Graphviz lays them out clear of each other
 * and of the nodes' labels: judged by the text boxes {@code dot -Tjson} draws ({@code _ldraw_}).
 */
@NeedsRoot
class DiagramLayoutTest {
    private final LabJudge.Made made = new LabJudge.Made();

    @AfterEach
    void cleanUp() {
        made.cleanUp();
    }

    /** One piece of text dot draws: which label it belongs to, and its box (x0, y0, x1, y1, in points). */
    private record Text(String owner, String text, double[] box) {}

    @Test
    void aPairsLabelIsOneAndClear() {
        assertLaidOutClear(Lab::pair);
    }

    @Test
    void aStarOfThreesLabelsDoNotOverlap() {
        assertLaidOutClear(lab -> lab.star(3));
    }

    @Test
    void twoLansAndARoutersLabelsDoNotOverlap() {
        assertLaidOutClear(lab -> lab.router("gw", lab.bridge("sa", lab.host("a1"), lab.host("a2")),
                lab.bridge("sb", lab.host("b1"), lab.host("b2"))));
    }

    @Test
    void aChainWithRoutersAndConditionsLabelsDoNotOverlap() {
        assertLaidOutClear(lab -> {
            lab.chain(Map.of("routers", true), 3);
            lab.link(Map.of("delay", "5ms"), lab.host("h9"), "h1");
        });
    }

    private void assertLaidOutClear(Consumer<Lab> build) {
        try (Lab lab = Labs.lab(made.name()).output(new PrintStream(new ByteArrayOutputStream(), true))) {
            build.accept(lab);
            String dot = Diagram.dot(lab);
            Map<String, Object> g = layout(dot);
            List<Text> texts = new ArrayList<>();
            List<Map<String, Object>> edges = list(g.get("edges"));
            assertEquals(lab.wires().size(), edges.size(), dot);
            for (Map<String, Object> e : edges) {
                for (String k : List.of("_ldraw_", "_hldraw_", "_tldraw_")) texts.addAll(texts("edge " + e.get("_gvid") + k, list(e.get(k))));
            }
            for (Map<String, Object> n : list(g.get("objects"))) {
                if (n.get("_ldraw_") != null) texts.addAll(texts("node " + n.get("name"), list(n.get("_ldraw_"))));
            }
            for (int i = 0; i < texts.size(); i++) {
                for (int j = i + 1; j < texts.size(); j++) {
                    Text a = texts.get(i), b = texts.get(j);
                    if (a.owner().equals(b.owner())) continue;
                    assertFalse(overlap(a.box(), b.box()), "\"" + a.text() + "\" of " + a.owner() + " " + java.util.Arrays.toString(a.box())
                            + " overlaps \"" + b.text() + "\" of " + b.owner() + " " + java.util.Arrays.toString(b.box()) + " in\n" + dot);
                }
            }
            // One label per edge, naming both its interfaces.
            List<String> edgeText = new ArrayList<>();
            for (Map<String, Object> e : edges) {
                assertFalse(e.containsKey("headlabel") || e.containsKey("taillabel"), "no end labels: " + e.keySet());
                assertNotNull(e.get("_ldraw_"), "an edge label drawn: " + e.keySet());
                String owner = "edge " + e.get("_gvid") + "_ldraw_";
                edgeText.add(String.join("\n", texts.stream().filter(t -> t.owner().equals(owner)).map(Text::text).toList()));
            }
            for (Wire w : lab.wires()) {
                assertTrue(edgeText.stream().anyMatch(t -> t.contains(w.a().ifname()) && t.contains(w.b().ifname())), w + " in " + edgeText);
            }
        }
    }

    /**
     * The boxes of a label's text operations: {@code T} ops give the baseline point, the alignment
     * and the width; the height is the font size of the last {@code F} op, with a descent below
     * the baseline.
     */
    private static List<Text> texts(String owner, List<Map<String, Object>> ops) {
        List<Text> out = new ArrayList<>();
        double size = 14;
        for (Map<String, Object> op : ops) {
            if ("F".equals(op.get("op"))) size = ((Number) op.get("size")).doubleValue();
            if (!"T".equals(op.get("op"))) continue;
            List<?> pt = (List<?>) op.get("pt");
            double x = ((Number) pt.get(0)).doubleValue(), y = ((Number) pt.get(1)).doubleValue(), w = ((Number) op.get("width")).doubleValue();
            double x0 = switch (String.valueOf(op.get("align"))) { case "l" -> x; case "r" -> x - w; default -> x - w / 2; };
            out.add(new Text(owner, String.valueOf(op.get("text")), new double[] {x0, y - 0.25 * size, x0 + w, y + 0.85 * size}));
        }
        return out;
    }

    private static boolean overlap(double[] a, double[] b) {
        return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }

    /** {@code dot -Tjson} of {@code dot}, given on its standard input. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> layout(String dot) {
        assertTrue(Diagram.onPath("dot"), "Graphviz dot is not installed (scripts/test installs graphviz)");
        try {
            Process p = new ProcessBuilder("dot", "-Tjson").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (var in = p.getOutputStream()) {
                in.write(dot.getBytes(StandardCharsets.UTF_8));
            }
            String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dot -Tjson did not finish");
            assertEquals(0, p.exitValue(), "dot -Tjson of\n" + dot);
            return (Map<String, Object>) new JsonSlurper().parseText(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
