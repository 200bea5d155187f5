package dev.nsh.lab;

import dev.nsh.NshException;
import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The state file of a lab, {@code /run/nsh/labs/NAME.json}: who owns the lab (pid and process
 * start time) and every object the lab makes, recorded BEFORE the object is made, so that
 * {@code nsh --clean} can remove what a killed process left. An entry is a map:
 * <pre>
 * {"kind": "netns", "name": "demo-h1", "node": "h1", "role": "host", "created": true, "inode": 4026532612}
 * {"kind": "link", "ns": "demo-h1", "name": "h1-eth0", "peerNs": "demo-s1", "peer": "s1-eth1"}
 * {"kind": "route", "ns": "demo-h1", "dst": "10.0.1.0/24", "via": "10.0.0.254"}
 * {"kind": "process", "ns": "demo-h1", "command": ["sleep", "60"], "pid": 4711, "start": "2026-..."}
 * </pre>
 * The file is rewritten whole (a temporary file renamed over it), so a reader never sees half a
 * file; /run is a tmpfs, so this costs little. Groovy's JSON writes and reads it.
 */
public final class LabState {
    /** Where state files live; a system property moves it (nsh.lab.dir) for tests of odd cases. */
    public static Path dir() {
        return Path.of(System.getProperty("nsh.lab.dir", "/run/nsh/labs"));
    }

    private final String lab;
    private final Path file;
    private final Map<String, Object> doc = new LinkedHashMap<>();
    private final List<Map<String, Object>> objects = new ArrayList<>();

    private LabState(String lab) {
        this.lab = lab;
        this.file = file(lab);
    }

    public static Path file(String lab) {
        return dir().resolve(lab + ".json");
    }

    /** A new state file for {@code lab}; an error if one is there (the lab is up, or was left by a killed process). */
    static LabState create(String lab) {
        LabState s = new LabState(lab);
        if (Files.exists(s.file)) {
            Map<String, Object> old = read(lab);
            String who = old == null ? "" : " (process " + old.get("pid") + ")";
            throw new NshException("lab " + lab + " exists already" + who + ": " + s.file
                    + "; if its process is gone, remove it with: scripts/nsh --clean " + lab);
        }
        ProcessHandle me = ProcessHandle.current();
        s.doc.put("lab", lab);
        s.doc.put("pid", me.pid());
        s.doc.put("start", me.info().startInstant().map(Object::toString).orElse(null));
        s.doc.put("kept", false);
        s.doc.put("objects", s.objects);
        try {
            Files.createDirectories(dir());
        } catch (IOException e) {
            throw new NshException("create " + dir() + ": " + e.getMessage(), e);
        }
        s.write();
        return s;
    }

    /** Records objects about to be made, in one write. */
    synchronized void plan(List<Map<String, Object>> entries) {
        objects.addAll(entries);
        write();
    }

    synchronized void plan(Map<String, Object> entry) {
        objects.add(entry);
        write();
    }

    /** Notes a fact on an entry (written by the next flush or plan). */
    synchronized void note(Map<String, Object> entry, String key, Object value) {
        entry.put(key, value);
    }

    /** Writes what was learnt after making objects (created flags, inodes, pids). */
    synchronized void flush() {
        write();
    }

    synchronized void kept() {
        doc.put("kept", true);
        write();
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new NshException("remove state file " + file + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return file;
    }

    private void write() {
        Path tmp = file.resolveSibling("." + lab + ".json.tmp");
        try {
            Files.writeString(tmp, JsonOutput.prettyPrint(JsonOutput.toJson(doc)), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new NshException("write state file " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> entry(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** The state of {@code lab} as written, or null if there is none. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(String lab) {
        try {
            String text = Files.readString(file(lab));
            return (Map<String, Object>) new JsonSlurper().parseText(text);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            throw new NshException("read state file " + file(lab) + ": " + e.getMessage(), e);
        }
    }

    /** The names of the labs that have a state file, sorted. */
    public static List<String> labs() {
        if (!Files.isDirectory(dir())) return List.of();
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            throw new NshException("list " + dir() + ": " + e.getMessage(), e);
        }
    }
}
