package dev.nsh.junit;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A test of a project that uses the extension, run without root: skipped with the reason in one
 * line, or failed under -Dnsh.requireRoot=true. A child JVM runs {@link WithoutRootProbe} as user
 * nobody (uid 65534, no capabilities but CAP_DAC_READ_SEARCH, so that it can read the class path).
 */
@NeedsRoot
class WithoutRootTest {

    private static List<String> probe(String... jvmOptions) throws IOException {
        Path tmp = Files.createTempDirectory("nsh-noroot");
        try {
            tmp.toFile().setWritable(true, false);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search", "--", java, "-Djava.io.tmpdir=" + tmp, "-Djna.tmpdir=" + tmp));
            cmd.addAll(List.of(jvmOptions));
            cmd.addAll(List.of("-cp", cp, WithoutRootProbe.class.getName()));
            return Ip.run(cmd).strip().lines().toList();
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void withoutRootTheTestsAreSkippedWithTheReason() throws IOException {
        assertEquals(List.of("skipped dev.nsh.junit.WithoutRootProbe$Sample: nsh needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN); run the tests as root, or with"
                + " -Dnsh.requireRoot=true to fail instead of skipping"), probe());
    }

    @Test
    void withoutRootUnderRequireRootTheyFail() throws IOException {
        assertEquals(List.of("failed dev.nsh.junit.WithoutRootProbe$Sample: Failed to evaluate condition [dev.nsh.junit.NshExtension]:"
                + " this test needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) and the run requires it"
                + " (nsh.requireRoot=true)"), probe("-Dnsh.requireRoot=true"));
    }
}
