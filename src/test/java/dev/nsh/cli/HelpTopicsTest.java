package dev.nsh.cli;

import dev.nsh.Link;
import dev.nsh.Namespace;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import groovy.lang.Binding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * /help: every public operation of a namespace and a link is named in a topic, every topic is
 * listed in the overview and has an example, and every example runs against the kernel (after the
 * shown setup, with this run's names), judged by ip and nft where it leaves something behind.
 */
@NeedsRoot
class HelpTopicsTest {
    /** Not operations a person looks up: Java's own, the escape hatch, and property-style accessors. */
    private static final Set<String> UNLISTED = Set.of("equals", "hashCode", "toString", "netns", "isRoot", "name", "exists",
            "namespace", "state", "info", "addresses", "isUp");

    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    static List<String> topics() {
        return List.copyOf(HelpText.TOPICS.keySet());
    }

    @Test
    void everyOperationHasATopicAndEveryTopicAnExample() {
        String all = String.join("\n", HelpText.TOPICS.values()) + HelpText.OVERVIEW;
        Set<String> missing = new TreeSet<>();
        for (Class<?> c : List.of(Namespace.class, Link.class)) {
            for (Method m : c.getMethods()) {
                if (m.getDeclaringClass() != c || Modifier.isStatic(m.getModifiers()) || UNLISTED.contains(m.getName())) continue;
                if (!all.contains("." + m.getName() + "(") && !all.contains(" " + m.getName() + "(")) missing.add(c.getSimpleName() + "." + m.getName());
            }
        }
        assertEquals(Set.of(), missing, "operations no /help topic names");
        for (String t : HelpText.TOPICS.keySet()) {
            assertTrue(HelpText.OVERVIEW.contains(" " + t), "the overview lists " + t);
            assertNotNull(HelpText.EXAMPLES.get(t), "an example for " + t);
            assertTrue(HelpText.topic(t).endsWith(HelpText.EXAMPLES.get(t)), "/help " + t + " shows its example");
        }
        assertEquals(HelpText.TOPICS.keySet(), HelpText.EXAMPLES.keySet());
    }

    @ParameterizedTest
    @MethodSource("topics")
    void theExampleRuns(String topic) {
        String a = scratch.track(TestNames.ns("hx")), b = scratch.track(TestNames.ns("hy")), lab = TestNames.ns("hl");
        for (String node : List.of("-h1", "-h2")) scratch.track(lab + node);
        String code = (HelpText.SETUP + "\n" + HelpText.EXAMPLES.get(topic))
                .replace("\"ex-a\"", "\"" + a + "\"").replace("\"ex-b\"", "\"" + b + "\"").replace("\"ex\"", "\"" + lab + "\"");
        ScriptRunner.shell(new Binding()).evaluate(Repl.toBindingVars(code), "help_example.groovy");
        assertEquals("10.0.0.1", ((List<?>) Ip.json(a, "-4", "addr", "show", "v1").get(0).get("addr_info")).stream()
                .map(x -> ((java.util.Map<?, ?>) x).get("local")).findFirst().orElse(null), "ip addr: the setup ran");
        switch (topic) {
            case "links" -> assertEquals(1400, ((Number) Ip.link(a, "v1").get("mtu")).intValue(), "ip link: the mtu");
            case "routes" -> {
                assertEquals(List.of("default"), Ip.json(a, "route", "show", "table", "100").stream().map(r -> r.get("dst")).toList());
                assertTrue(Ip.json(a, "rule").stream().anyMatch(r -> ((Number) r.get("priority")).intValue() == 100), "ip -j rule: priority 100");
                assertTrue(Ip.json(a, "route", "show", "10.9.0.0/16").isEmpty(), "ip route: deleted again");
            }
            case "neighbours" -> assertTrue(Ip.json(a, "neigh", "show", "10.0.0.7").isEmpty(), "ip neigh: added and deleted");
            case "firewall" -> assertTrue(dev.nsh.testing.NftJudge.list(b).contains("table inet fw"), "nft sees the table");
            case "labs" -> assertFalse(Arrays.stream(Ip.run("netns", "list").split("\n")).anyMatch(l -> l.startsWith(lab)), "the lab is removed");
            default -> { }
        }
    }
}
