package dev.nsh.lab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state file: appended JSON Lines, merged on reading; a torn last line is ignored. Needs no root (its own directory). */
class LabStateTest {
    private Path dir;
    private String old;

    @BeforeEach
    void moveTheDirectory() throws Exception {
        dir = Files.createTempDirectory("nsh-labstate");
        old = System.getProperty("nsh.lab.dir");
        System.setProperty("nsh.lab.dir", dir.toString());
    }

    @AfterEach
    void restore() throws Exception {
        if (old == null) System.clearProperty("nsh.lab.dir");
        else System.setProperty("nsh.lab.dir", old);
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    @Test
    void recordsBeforeAndFactsAfterMergeOnReading() throws Exception {
        LabState s = LabState.create("demo");
        List<Integer> ids = s.plan(List.of(new LabRecord.Netns("demo-h1", "h1", "host", null, null),
                new LabRecord.Netns("demo-h2", "h2", "host", null, null)));
        int p = s.plan(new LabRecord.Process("demo-h1", List.of("sleep", "60"), null, null));
        s.note(ids.get(0), "identity", "4:4026532612@2026-11-29T06:00:00.102402534Z");
        s.note(p, "pid", 4711L);
        s.note(p, "start", "2026-11-29T06:00:01Z");
        s.flush();
        s.kept();
        // A process killed in the middle of a write leaves at most a torn last line.
        Files.writeString(LabState.file("demo"), "{\"id\": 4, \"kind\": \"netns\", \"na", java.nio.file.StandardOpenOption.APPEND);
        LabState.Saved saved = LabState.read("demo");
        assertEquals("demo", saved.lab());
        assertEquals(ProcessHandle.current().pid(), saved.pid());
        assertTrue(saved.kept());
        assertEquals(List.of(new LabRecord.Netns("demo-h1", "h1", "host", null, "4:4026532612@2026-11-29T06:00:00.102402534Z"),
                new LabRecord.Netns("demo-h2", "h2", "host", null, null),
                new LabRecord.Process("demo-h1", List.of("sleep", "60"), 4711L, "2026-11-29T06:00:01Z")), saved.objects());
        assertEquals(List.of("demo"), LabState.labs());
        s.delete();
        assertEquals(List.of(), LabState.labs());
    }

    @Test
    void theFileIs0600AndItsDirectory0700() throws Exception {
        Path sub = dir.resolve("labs");
        System.setProperty("nsh.lab.dir", sub.toString());
        LabState s = LabState.create("modes");
        try {
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(sub)));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(s.path())));
        } finally {
            s.delete();
            Files.delete(sub);
        }
    }

    @Test
    void aSymbolicLinkInPlaceOfTheFileOrTheDirectoryIsRefused() throws Exception {
        Path target = Files.createTempFile("nsh-labstate-target", ".txt");
        Path link = LabState.file("linked");
        Files.createSymbolicLink(link, target);
        try {
            RuntimeException e = assertThrows(RuntimeException.class, () -> LabState.create("linked"));
            assertTrue(e.getMessage().startsWith("lab linked exists already"), e.getMessage());
            assertEquals(0, Files.size(target), "nothing was written through the link");
            assertThrows(RuntimeException.class, () -> LabState.read("linked"), "a state file that is a link is not read");
        } finally {
            Files.delete(link);
        }
        Path realDir = Files.createTempDirectory("nsh-labstate-real");
        Path linkedDir = dir.resolve("linked-dir");
        Files.createSymbolicLink(linkedDir, realDir);
        System.setProperty("nsh.lab.dir", linkedDir.toString());
        try {
            RuntimeException e = assertThrows(RuntimeException.class, () -> LabState.create("x"));
            assertTrue(e.getMessage().contains(linkedDir + " is a symbolic link"), e.getMessage());
            try (var list = Files.list(realDir)) {
                assertEquals(0, list.count(), "nothing was made through the link");
            }
        } finally {
            System.setProperty("nsh.lab.dir", dir.toString());
            Files.delete(linkedDir);
            Files.delete(realDir);
            Files.delete(target);
        }
    }

    @Test
    void aSecondLabOfTheSameNameIsRefused() {
        LabState s = LabState.create("twice");
        RuntimeException e = assertThrows(RuntimeException.class, () -> LabState.create("twice"));
        assertTrue(e.getMessage().startsWith("lab twice exists already: " + dir.resolve("twice.jsonl")), e.getMessage());
        assertTrue(e.getMessage().endsWith("; if its process is gone, remove it with: scripts/nsh --clean twice"), e.getMessage());
        s.delete();
    }
}
