package dev.nsh.testing;

import groovy.json.JsonSlurper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * iproute2 as the judge: runs {@code ip -j [-n NS] ARGS} and returns its JSON. Tests compare what
 * nsh did with what ip sees, never with nsh's own view.
 */
public final class Ip {
    private Ip() {}

    /** {@code ip -j -n NS ARGS...} ({@code ns} null: the root namespace), parsed. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> json(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-j"));
        if (ns != null) cmd.addAll(List.of("-n", ns));
        cmd.addAll(List.of(args));
        String out = run(cmd);
        if (out.isBlank()) return List.of();
        return (List<Map<String, Object>>) new JsonSlurper().parseText(out);
    }

    /** Runs {@code ip ARGS...}, returning stdout; fails with stderr on a non-zero exit. */
    public static String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /**
     * Runs any command line, returning stdout; fails with stderr on a non-zero exit, and kills it
     * after 60 s (its output goes to files, so a hung program cannot block the read).
     */
    public static String run(List<String> cmd) {
        java.io.File out = null, err = null;
        try {
            out = java.io.File.createTempFile("nsh-test-cmd", ".out");
            err = java.io.File.createTempFile("nsh-test-cmd", ".err");
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + ": timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ": "
                        + java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8).strip());
            }
            return java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (out != null) out.delete();
            if (err != null) err.delete();
        }
    }

    /** The names of the links {@code ip -n NS link} lists. */
    public static List<String> linkNames(String ns) {
        return json(ns, "link", "show").stream().map(m -> (String) m.get("ifname")).toList();
    }

    /** The entry of {@code ip -j -n NS link show} for {@code name}, or null if there is none. */
    public static Map<String, Object> link(String ns, String name) {
        return json(ns, "link", "show").stream().filter(m -> name.equals(m.get("ifname"))).findFirst().orElse(null);
    }

    /** {@code ip -j -d -n NS link show} for {@code name} (with linkinfo), or null. */
    public static Map<String, Object> linkDetails(String ns, String name) {
        return json(ns, "-d", "link", "show").stream().filter(m -> name.equals(m.get("ifname"))).findFirst().orElse(null);
    }

    /** The addr_info entries of {@code name}, as {@code ip -j -n NS addr show} reports them. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> addrs(String ns, String name) {
        return json(ns, "addr", "show").stream().filter(m -> name.equals(m.get("ifname")))
                .flatMap(m -> ((List<Map<String, Object>>) m.get("addr_info")).stream()).toList();
    }
}
