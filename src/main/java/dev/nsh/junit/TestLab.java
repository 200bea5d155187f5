package dev.nsh.junit;

import dev.nsh.lab.Lab;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The lab of one test (or of one test class, from {@code @BeforeAll}): opened when a parameter
 * first asks for it, finished when the test is over. A failed test's lab is shown before it goes
 * (and kept, with {@link NshLab#keepOnFailure}).
 */
final class TestLab implements AutoCloseable {
    private final Lab lab;
    private final String test;
    private final boolean keepOnFailure;
    private final PrintStream out;

    private TestLab(Lab lab, String test, boolean keepOnFailure, PrintStream out) {
        this.lab = lab;
        this.test = test;
        this.keepOnFailure = keepOnFailure;
        this.out = out;
    }

    static TestLab open(String name, String test, NshLab options, PrintStream out) {
        Lab lab = Lab.open(name).output(out).ipv6(options != null && options.ipv6()); // an empty lab takes either
        return new TestLab(lab, test, options != null && options.keepOnFailure(), out);
    }

    Lab lab() {
        return lab;
    }

    /** After the test: on a failure, shows the lab (and keeps it if asked); removes it otherwise. */
    void finish(Optional<Throwable> failure) {
        if (failure.isPresent()) {
            // In one print, so that the lines of tests running in parallel do not interleave.
            ByteArrayOutputStream table = new ByteArrayOutputStream();
            lab.output(new PrintStream(table, true, StandardCharsets.UTF_8));
            try {
                lab.show();
                out.print(test + " failed (" + firstLine(failure.get()) + "); its lab was:\n" + table.toString(StandardCharsets.UTF_8));
            } catch (RuntimeException e) { // the teardown must run all the same
                out.println(test + " failed; its lab " + lab.name() + " cannot be shown: " + e.getMessage());
            } finally {
                lab.output(out);
            }
            if (keepOnFailure) lab.keep(true);
        }
        lab.close();
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage()).strip();
        int nl = m.indexOf('\n');
        return t.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl) + " ...");
    }

    /** A backstop, should the test's end never be reached: the store closes what it holds. */
    @Override
    public void close() {
        lab.close();
    }
}
