package dev.nsh.junit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The names of the labs the extension makes: the test's class and method, shortened to fit, and
 * "-RUN_N", where RUN is this JVM's pid in base 36 (no two running JVMs share one) and N counts
 * the labs of this JVM. So no two labs of any tests running at once share a name, and none shares
 * a namespace either (a node's namespace is LAB-NODE, and every lab name ends in "-RUN_N"):
 * {@code NshExtensionTest.parallel-1x2k_7}. Lab names are at most 32 letters, digits, "_", "."
 * and "-" ({@link dev.nsh.lab.Lab#open}).
 */
final class LabNames {
    static final int MAX = 32;
    private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);
    private static final AtomicInteger COUNT = new AtomicInteger();

    private LabNames() {}

    /** The next name for a lab of {@code method} (null: of the whole class) in {@code testClass}. */
    static String next(Class<?> testClass, String method) {
        return name(testClass.getSimpleName(), method, RUN, COUNT.incrementAndGet());
    }

    static String name(String className, String method, String run, int n) {
        String suffix = "-" + run + "_" + Integer.toString(n, 36);
        int room = MAX - suffix.length();
        String c = clean(className.isEmpty() ? "Test" : className);
        if (method == null) return cut(c, room) + suffix;
        String m = clean(method);
        // The class keeps at least half of the room when both do not fit; the method has the rest.
        int forClass = Math.min(c.length(), Math.max(room / 2 - 1, room - 1 - m.length()));
        return c.substring(0, forClass) + "." + cut(m, room - 1 - forClass) + suffix;
    }

    /** Only the characters a lab name takes ("$" of a nested class becomes "."); starting with a letter or digit. */
    private static String clean(String s) {
        String t = s.replaceAll("[^A-Za-z0-9_.-]", ".");
        return t.substring(0, 1).matches("[A-Za-z0-9]") ? t : "t" + t;
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
