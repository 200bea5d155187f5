package dev.nsh.lab;

import dev.nsh.model.LinkConditions;
import dev.nsh.tc.Netem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A lab link's conditions, as Mininet's TCLink sets them: {@code link(a, b, delay: "10ms", jitter:,
 * loss:, rate:)} applies them to both ends' egress, so a ping's RTT is about twice the delay.
 * Read (and checked) before the link is made; applied once it is.
 */
final class WireConditions {
    private WireConditions() {}

    /** The options of link(): its own and the conditions'. */
    static String[] options(String... own) {
        List<String> all = new ArrayList<>(List.of(own));
        all.addAll(LinkConditions.OPTIONS);
        return all.toArray(String[]::new);
    }

    /** The conditions in {@code opts}, or null if it names none. */
    static LinkConditions parse(Map<String, ?> opts) {
        Map<String, Object> c = new LinkedHashMap<>();
        if (opts != null) opts.forEach((k, v) -> {
            if (LinkConditions.OPTIONS.contains(k)) c.put(k, v);
        });
        return c.isEmpty() ? null : LinkConditions.parse("link", c, List.of());
    }

    /** What each lab link was given, for show() and the diagrams (a link forgotten with its lab). */
    private static final Map<Wire, String> GIVEN = Collections.synchronizedMap(new WeakHashMap<>());

    static void apply(Wire w, LinkConditions c) {
        if (c == null) return;
        for (Port p : List.of(w.a(), w.b())) Netem.set(p.node().ns().netns(), p.ifname(), c, "auto");
        GIVEN.put(w, c.brief());
    }

    static String of(Wire w) {
        return GIVEN.getOrDefault(w, "");
    }
}
