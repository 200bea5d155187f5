package dev.nsh.model;

import dev.nsh.error.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tables nsh makes, value for value against the .dist files iproute2 installs for tc (scripts/test installs iproute2). */
class DelayDistributionTest {
    private static final List<Path> TC_LIB = List.of(Path.of("/usr/lib/x86_64-linux-gnu/tc"), Path.of("/usr/lib/aarch64-linux-gnu/tc"),
            Path.of("/usr/lib/tc"), Path.of("/usr/lib64/tc"));

    @ParameterizedTest
    @EnumSource(value = DelayDistribution.class, names = {"NORMAL", "PARETO", "PARETONORMAL"})
    void tablesAreIproute2s(DelayDistribution d) throws IOException {
        Path file = TC_LIB.stream().map(p -> p.resolve(d.word() + ".dist")).filter(Files::exists).findFirst()
                .orElseThrow(() -> new AssertionError("no " + d.word() + ".dist of iproute2 in " + TC_LIB + " (scripts/test installs iproute2)"));
        short[] theirs = read(file);
        short[] ours = d.table();
        assertEquals(4096, theirs.length, file.toString());
        int differing = 0;
        for (int i = 0; i < theirs.length; i++) if (theirs[i] != ours[i]) differing++;
        assertEquals(0, differing, d + ": " + differing + " of 4096 values differ from " + file + "; first of ours "
                + Arrays.toString(Arrays.copyOf(ours, 16)) + ", theirs " + Arrays.toString(Arrays.copyOf(theirs, 16)));
    }

    @ParameterizedTest
    @EnumSource(DelayDistribution.class)
    void namesAreTcsAndOthersAreRefused(DelayDistribution d) {
        assertEquals(d, DelayDistribution.parse(d.word()));
        if (d == DelayDistribution.UNIFORM) assertNull(d.table());
        var e = assertThrows(InvalidInputException.class, () -> DelayDistribution.parse("gauss"));
        assertEquals("distribution \"gauss\" is not one of uniform, normal, pareto, paretonormal", e.getMessage());
        assertTrue(Math.abs(DelayDistribution.erf(1.0) - 0.8427007929497149) < 1e-15);
    }

    /** Numbers of a .dist file as tc's get_distribution reads them: lines starting with # are comments. */
    private static short[] read(Path file) throws IOException {
        int[] v = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).flatMap(l -> Arrays.stream(l.trim().split("\\s+")))
                .filter(w -> !w.isEmpty()).mapToInt(Integer::parseInt).toArray();
        short[] s = new short[v.length];
        for (int i = 0; i < v.length; i++) s[i] = (short) v[i];
        return s;
    }
}
