package dev.nsh.packet;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.nsh.testing.Ip;
import dev.nsh.testing.Wait;

/** tcpdump as the judge of filters and of printing. Skipped without it, unless the run requires root (CI installs it). */
public final class Tcpdump {
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

    /**
     * {@code tcpdump -nn [-e] -r FILE [EXPR]} run inside namespace {@code ns}, lines without their
     * time stamps: tcpdump names the interfaces of a LINUX_SLL2 file by its own namespace's ifindexes.
     */
    static List<String> readIn(String ns, Path file, boolean ether, String expression) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "tcpdump", "-nn"));
        if (ether) cmd.add("-e");
        cmd.addAll(List.of("-r", file.toString()));
        if (expression != null) cmd.add(expression);
        String out = Ip.run(cmd);
        return out.isEmpty() ? List.of() : java.util.Arrays.stream(out.split("\n")).map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    /**
     * A tcpdump running now on {@code dev} of namespace {@code ns} (ip netns exec), writing what
     * {@code filter} passes to a pcap file packet by packet; returned once it says "listening on"
     * (its socket is open and filtered by then). {@link Live#lines} stops it and reads the file.
     */
    public static Live start(String ns, String dev, String filter) {
        assumeInstalled();
        try {
            Path pcap = Files.createTempFile("nsh-judge", ".pcap"), err = Files.createTempFile("nsh-judge", ".err");
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "tcpdump", "-nn", "--immediate-mode", "-U",
                    "-i", dev, "-w", pcap.toString()));
            if (filter != null && !filter.isBlank()) cmd.add(filter);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
            Live live = new Live(p, pcap, err);
            if (!Wait.until(30_000, () -> live.said().contains("listening on") || !p.isAlive())) {
                live.close();
                throw new AssertionError("tcpdump on " + dev + " in " + ns + " never listened: " + live.said());
            }
            if (!p.isAlive()) {
                live.close();
                throw new AssertionError("tcpdump on " + dev + " in " + ns + " ended: " + live.said());
            }
            return live;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A running tcpdump; closing kills it and removes its files. */
    public static final class Live implements AutoCloseable {
        private final Process process;
        private final Path pcap, err;

        private Live(Process process, Path pcap, Path err) {
            this.process = process;
            this.pcap = pcap;
            this.err = err;
        }

        String said() {
            try {
                return Files.readString(err, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        /** The packets written so far ({@code tcpdump -nn -r}; a record being written may be missing). */
        public List<String> soFar() {
            try {
                Process r = new ProcessBuilder("tcpdump", "-nn", "-r", pcap.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                r.waitFor(30, TimeUnit.SECONDS);
                return out.isEmpty() ? List.of() : List.of(out.split("\n"));
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /**
         * Waits until tcpdump has written {@code n} packets (or more), then stops it and returns
         * every packet it wrote, printed by {@code tcpdump -nn -r} (time stamp first).
         */
        public List<String> lines(int n) {
            if (!Wait.until(30_000, () -> soFar().size() >= n)) {
                throw new AssertionError("tcpdump saw " + soFar().size() + " packets, not " + n + ": " + soFar());
            }
            stop();
            return read(pcap, false, null);
        }

        /** Waits for {@code n} packets, stops tcpdump and returns its file (removed by close). */
        Path file(int n) {
            lines(n);
            return pcap;
        }

        /** The lines without their time stamps. */
        public List<String> packets(int n) {
            return lines(n).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        }

        private void stop() {
            process.destroy(); // SIGTERM: tcpdump flushes its file and exits
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) stop();
            try {
                Files.deleteIfExists(pcap);
                Files.deleteIfExists(err);
            } catch (IOException e) {
                // a temporary file
            }
        }
    }
}
