package dev.nsh.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reaper of killed runs ({@link TestRuns}) removes the namespaces, their processes and the
 * marker of a run proved dead, and nothing of a run that is alive, has no marker, or has one that
 * cannot be read. Judged by {@code ip netns list} and the process table.
 */
@NeedsRoot
class TestRunsTest {
    private static List<String> listed() {
        return Ip.json(null, "netns", "list").stream().map(m -> (String) m.get("name")).toList();
    }

    @Test
    void onlyWhatADeadRunLeftIsRemoved() throws Exception {
        String dead = TestRuns.randomId(), alive = TestRuns.randomId(), unmarked = TestRuns.randomId(), garbled = TestRuns.randomId();
        String deadNs = "nsht-" + dead + "-1-left", aliveNs = "nsht-" + alive + "-1-mine", unmarkedNs = "nsht-" + unmarked + "-1-old",
                garbledNs = "nsht-" + garbled + "-1-odd";
        List<String> made = new ArrayList<>(List.of(deadNs, aliveNs, unmarkedNs, garbledNs));
        Process inside = null;
        try {
            // A run that died: its process (here a sleep, killed) no longer runs with that start time.
            Process gone = new ProcessBuilder("sleep", "600").start();
            long goneId = gone.pid();
            Instant goneStart = gone.info().startInstant().orElseThrow();
            gone.destroyForcibly();
            assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
            TestRuns.writeMarker(dead, goneId, goneStart);
            ProcessHandle self = ProcessHandle.current();
            TestRuns.writeMarker(alive, self.pid(), self.info().startInstant().orElseThrow());
            Files.writeString(TestRuns.MARKERS.resolve(garbled), "not a pid\n");
            for (String ns : made) Ip.run("netns", "add", ns);
            inside = new ProcessBuilder("ip", "netns", "exec", deadNs, "sleep", "600").start();
            Process in = inside;
            assertTrue(Wait.until(10_000, () -> Ip.run("netns", "pids", deadNs).strip().equals(String.valueOf(in.pid()))),
                    "the sleep runs in " + deadNs);

            List<String> removed = TestRuns.reapDeadRuns(TestNames.run());

            // (another run killed meanwhile may be reaped too: only these four names are this test's)
            assertTrue(removed.contains(deadNs), removed.toString());
            assertFalse(removed.contains(aliveNs) || removed.contains(unmarkedNs) || removed.contains(garbledNs), removed.toString());
            assertFalse(listed().contains(deadNs), deadNs + " removed");
            assertTrue(inside.waitFor(30, TimeUnit.SECONDS), "the process in the dead run's namespace was killed");
            assertFalse(Files.exists(TestRuns.MARKERS.resolve(dead)), "the dead run's marker removed");
            for (String kept : List.of(aliveNs, unmarkedNs, garbledNs)) assertTrue(listed().contains(kept), kept + " left alone");
            assertTrue(Files.exists(TestRuns.MARKERS.resolve(alive)));
            assertTrue(TestRuns.isAlive(TestNames.run()), "this run's own marker says it is alive");
        } finally {
            if (inside != null) inside.destroyForcibly();
            for (String ns : made) if (listed().contains(ns)) Ip.run("netns", "del", ns);
            for (String id : List.of(dead, alive, unmarked, garbled)) Files.deleteIfExists(TestRuns.MARKERS.resolve(id));
        }
    }
}
