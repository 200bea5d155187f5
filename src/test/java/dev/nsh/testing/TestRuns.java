package dev.nsh.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test runs and what a killed one leaves (as kselftest's {@code trap cleanup} and Testcontainers'
 * Ryuk reap theirs). Each run has a random id ({@link TestNames} puts it in every name) and a
 * marker file {@code /run/nsh/tests/ID} holding its pid and start time, written before its first
 * name is handed out. When a session opens (registered in META-INF/services), the namespaces
 * {@code nsht-ID-*} and lab state files of every run whose marker shows a dead process are
 * removed, with the processes still in those namespaces; a run that is alive, or that has no
 * marker (nothing proves it dead), is never touched. A run that ends with nothing left removes its
 * own marker; one that leaks keeps it, so that the next run reaps what it left.
 */
public final class TestRuns implements LauncherSessionListener {
    /** Where the markers live (tmpfs, as /run/netns: both go at a reboot). */
    public static final Path MARKERS = Path.of("/run/nsh/tests");
    private static final Path NETNS = Path.of("/run/netns"), LABS = Path.of("/run/nsh/labs");
    private static final Pattern RUN_NAME = Pattern.compile("nsht-([0-9a-z]{6})-.*");

    /** A fresh random id of 6 base-36 characters; the marker of this process is written for it. */
    static String newRun() {
        String id = randomId();
        ProcessHandle self = ProcessHandle.current();
        try {
            writeMarker(id, self.pid(), self.info().startInstant().orElseThrow());
        } catch (IOException | RuntimeException e) {
            // Not root: this run makes no namespaces, so nothing of it can be left to reap.
        }
        return id;
    }

    static String randomId() {
        SecureRandom r = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) s.append(Character.forDigit(r.nextInt(36), 36));
        return s.toString();
    }

    /** The marker of run {@code id}: the pid and start time of the process that runs it. */
    static void writeMarker(String id, long pid, Instant start) throws IOException {
        Files.createDirectories(MARKERS);
        Files.writeString(MARKERS.resolve(id), pid + " " + start + "\n");
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            List<String> reaped = reapDeadRuns(TestNames.run());
            if (!reaped.isEmpty()) System.err.println("nsh tests: removed what dead test runs left: " + reaped);
        } catch (RuntimeException | AssertionError e) {
            System.err.println("nsh tests: could not reap dead test runs: " + e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        String id = TestNames.run();
        if (namesOf(id).isEmpty()) {
            try {
                Files.deleteIfExists(MARKERS.resolve(id));
            } catch (IOException e) {
                // the next run finds a dead run with nothing left: it only removes the marker
            }
        }
    }

    /**
     * Removes the namespaces, their processes and the lab state files of each run (other than
     * {@code self}) whose marker shows it dead, then the marker; returns what it removed.
     */
    public static List<String> reapDeadRuns(String self) {
        List<String> removed = new ArrayList<>();
        for (String id : runsWithMarkers()) {
            if (id.equals(self) || isAlive(id)) continue;
            for (String ns : namesOf(id)) {
                killProcessesIn(ns);
                try {
                    Ip.run("netns", "del", ns);
                    removed.add(ns);
                } catch (AssertionError e) {
                    // deleted meanwhile by another run's reaper
                }
            }
            for (Path state : files(LABS, "nsht-" + id + "-")) {
                try {
                    Files.deleteIfExists(state);
                    removed.add(state.toString());
                } catch (IOException e) {
                    // another reaper's
                }
            }
            try {
                Files.deleteIfExists(MARKERS.resolve(id));
            } catch (IOException e) {
                // another reaper's
            }
        }
        return removed;
    }

    /**
     * Whether the run's marker names a process that still runs with the start time recorded. A
     * marker that cannot be read counts as alive: only a run proved dead is reaped.
     */
    public static boolean isAlive(String id) {
        String text;
        try {
            text = Files.readString(MARKERS.resolve(id)).strip();
        } catch (IOException e) {
            return true; // no marker (or none readable): nothing proves it dead
        }
        String[] f = text.split(" ");
        if (f.length != 2 || !f[0].chars().allMatch(Character::isDigit) || f[0].isEmpty()) return true;
        Instant start;
        try {
            start = Instant.parse(f[1]);
        } catch (RuntimeException e) {
            return true;
        }
        Optional<Instant> now = ProcessHandle.of(Long.parseLong(f[0])).flatMap(h -> h.info().startInstant());
        return now.isPresent() && now.get().equals(start);
    }

    /** The namespaces under /run/netns named by run {@code id}. */
    public static List<String> namesOf(String id) {
        return files(NETNS, "nsht-" + id + "-").stream().map(p -> p.getFileName().toString()).sorted().toList();
    }

    private static TreeSet<String> runsWithMarkers() {
        TreeSet<String> ids = new TreeSet<>();
        for (Path m : files(MARKERS, "")) {
            String n = m.getFileName().toString();
            Matcher x = RUN_NAME.matcher("nsht-" + n + "-");
            if (x.matches()) ids.add(n);
        }
        return ids;
    }

    /** Kills what still runs in a dead run's namespace (as {@code ip netns pids} lists it). */
    private static void killProcessesIn(String ns) {
        String pids;
        try {
            pids = Ip.run("netns", "pids", ns);
        } catch (AssertionError e) {
            return;
        }
        for (String pid : pids.split("\\s+")) {
            if (pid.isEmpty()) continue;
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static List<Path> files(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
