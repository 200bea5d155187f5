package dev.nsh.ns;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * nsh's one shutdown hook. The JVM runs shutdown hooks concurrently and in no order, so nsh has
 * one, which runs what each layer registered in a fixed order: first the labs (each stops its own
 * programs, then removes its namespaces), then the programs spawned outside labs. A failing step
 * prints one line and does not stop the later ones.
 */
public final class Shutdown {
    /** The steps, in the order they run. */
    public enum Phase { LABS, PROGRAMS }

    private static final Map<Phase, List<Runnable>> STEPS = new EnumMap<>(Phase.class);
    private static boolean installed;

    private Shutdown() {}

    /** Runs {@code step} at JVM exit, in its phase's turn (register once per step, not per object). */
    public static synchronized void register(Phase phase, Runnable step) {
        STEPS.computeIfAbsent(phase, p -> new ArrayList<>()).add(step);
        if (installed) return;
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(Shutdown::runAll, "nsh-shutdown"));
    }

    private static void runAll() {
        List<Runnable> steps = new ArrayList<>();
        synchronized (Shutdown.class) {
            for (Phase p : Phase.values()) steps.addAll(STEPS.getOrDefault(p, List.of()));
        }
        for (Runnable r : steps) {
            try {
                r.run();
            } catch (Throwable e) { // an Error too: the later steps must still run
                System.err.println("nsh: " + e);
            }
        }
    }
}
