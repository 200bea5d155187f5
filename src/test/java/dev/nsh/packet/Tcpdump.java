package dev.nsh.packet;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.nsh.testing.Ip;

/** tcpdump as the judge of filters and of printing. Skipped without it, unless the run requires root (CI installs it). */
final class Tcpdump {
    private Tcpdump() {}

    static void assumeInstalled() {
        boolean present = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "tcpdump")));
        if (!present && Boolean.getBoolean("nsh.requireRoot")) throw new AssertionError("tcpdump is not installed and the run requires it");
        Assumptions.assumeTrue(present, "tcpdump is not installed");
    }

    /** {@code tcpdump -nn [-tt] -r FILE [EXPR]}, one string a line. */
    static List<String> read(Path file, boolean epochTimes, String expression) {
        List<String> cmd = new ArrayList<>(List.of("tcpdump", "-nn"));
        if (epochTimes) cmd.add("-tt");
        cmd.addAll(List.of("-r", file.toString()));
        if (expression != null) cmd.add(expression);
        String out = Ip.run(cmd);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
