package dev.nsh.lab;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
    @SuppressWarnings("unchecked")
    void recordsBeforeAndFactsAfterMergeOnReading() throws Exception {
        LabState s = LabState.create("demo");
        Map<String, Object> h1 = LabState.entry("kind", "netns", "name", "demo-h1", "created", false);
        Map<String, Object> h2 = LabState.entry("kind", "netns", "name", "demo-h2", "created", false);
        s.plan(List.of(h1, h2));
        s.note(h1, "created", true);
        s.note(h1, "inode", 4026532612L);
        s.flush();
        s.kept();
        // A process killed in the middle of a write leaves at most a torn last line.
        Files.writeString(LabState.file("demo"), "{\"id\": 3, \"kind\": \"netns\", \"na", java.nio.file.StandardOpenOption.APPEND);
        Map<String, Object> doc = LabState.read("demo");
        assertEquals("demo", doc.get("lab"));
        assertEquals(ProcessHandle.current().pid(), ((Number) doc.get("pid")).longValue());
        assertEquals(true, doc.get("kept"));
        List<Map<String, Object>> objects = (List<Map<String, Object>>) doc.get("objects");
        assertEquals(2, objects.size());
        assertEquals("demo-h1", objects.get(0).get("name"));
        assertEquals(true, objects.get(0).get("created"));
        assertEquals(4026532612L, ((Number) objects.get(0).get("inode")).longValue());
        assertEquals(false, objects.get(1).get("created"));
        assertEquals(List.of("demo"), LabState.labs());
        s.delete();
        assertEquals(List.of(), LabState.labs());
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
