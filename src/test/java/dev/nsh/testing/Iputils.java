package dev.nsh.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iputils ping as the judge of nsh's ping and of reachability: {@code ip netns exec NS ping ARGS}
 * (scripts/test installs iputils-ping).
 */
public final class Iputils {
    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) packets transmitted, (\\d+) received");

    private Iputils() {}

    /** What iputils printed and its exit status (1 when no reply came, 2 on an error). */
    public record Result(int status, String out) {
        public int transmitted() {
            return figure(1);
        }

        public int received() {
            return figure(2);
        }

        private int figure(int group) {
            Matcher m = SUMMARY.matcher(out);
            if (!m.find()) throw new AssertionError("no summary in iputils' output:\n" + out);
            return Integer.parseInt(m.group(group));
        }

        /** The error lines ("From 10.0.0.20 icmp_seq=1 Destination Net Unreachable"). */
        public List<String> errors() {
            return out.lines().filter(l -> l.startsWith("From ")).toList();
        }
    }

    /** {@code ping ARGS} in namespace {@code ns}; output and status, whatever the status. */
    public static Result ping(String ns, String... args) {
        if (!Files.isExecutable(Path.of("/usr/bin/ping")) && !Files.isExecutable(Path.of("/bin/ping"))) {
            throw new AssertionError("iputils ping is not installed (scripts/test installs iputils-ping)");
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "ping"));
        cmd.addAll(List.of(args));
        try {
            java.io.File out = java.io.File.createTempFile("nsh-iputils", ".out");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", cmd) + ": timed out");
                }
                return new Result(p.exitValue(), Files.readString(out.toPath()));
            } finally {
                out.delete();
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** One echo request from {@code ns} to {@code address}, answered (iputils' exit status 0 and its own count). */
    public static boolean reaches(String ns, String address) {
        Result r = ping(ns, "-c", "1", "-W", "5", address);
        return r.status() == 0 && r.received() == 1;
    }
}
