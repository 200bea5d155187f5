package dev.nsh.lab;

import dev.nsh.NshException;
import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The state file of a lab, {@code /run/nsh/labs/NAME.jsonl}: who owns the lab (pid and process
 * start time) and every object the lab makes, recorded BEFORE the object is made, so that
 * {@code nsh --clean} can remove what a killed process left. It is JSON Lines (one JSON object a
 * line, Groovy's JSON), appended to and never rewritten, so each record costs one small write
 * however large the lab (rewriting one JSON document for each of 250 links cost seconds):
 * <pre>
 * {"lab": "demo", "pid": 4711, "start": "2026-11-29T05:21:00.12Z"}
 * {"id": 1, "kind": "netns", "name": "demo-h1", "node": "h1", "role": "host", "created": false}
 * {"id": 2, "kind": "link", "ns": "demo-h1", "name": "h1-eth0", "peerNs": "demo-s1", "peer": "s1-eth0", "addr": "10.0.0.1/24"}
 * {"id": 3, "kind": "route", "ns": "demo-h1", "dst": "10.0.1.0/24", "via": "10.0.0.254"}
 * {"id": 4, "kind": "process", "ns": "demo-h1", "command": ["sleep", "60"]}
 * {"id": 1, "created": true, "inode": 4026532612, "identity": "4026532612@2026-11-29T06:00:00.102402534Z"}
 *                                                     (later facts about entry 1)
 * {"kept": true}
 * </pre>
 * A record is written with one write(2) on an O_APPEND file, so a killed process leaves whole
 * lines (a torn last line is ignored on reading). {@link #read} merges the lines into one map:
 * {@code lab, pid, start, kept, objects}.
 */
public final class LabState {
    /** Where state files live; a system property moves it (nsh.lab.dir) for tests of odd cases. */
    public static Path dir() {
        return Path.of(System.getProperty("nsh.lab.dir", "/run/nsh/labs"));
    }

    private final String lab;
    private final Path file;
    private final Map<Map<String, Object>, Integer> ids = new java.util.IdentityHashMap<>();
    private final Map<Map<String, Object>, Map<String, Object>> pending = new java.util.IdentityHashMap<>();
    // A plain stream, not a FileChannel: an interrupt (Ctrl-C) closes an interruptible channel.
    private java.io.FileOutputStream channel;

    private LabState(String lab) {
        this.lab = lab;
        this.file = file(lab);
    }

    public static Path file(String lab) {
        return dir().resolve(lab + ".jsonl");
    }

    /** A new state file for {@code lab}; an error if one is there (the lab is up, or was left by a killed process). */
    static LabState create(String lab) {
        LabState s = new LabState(lab);
        ProcessHandle me = ProcessHandle.current();
        try {
            Files.createDirectories(dir());
            Files.createFile(s.file);
            s.channel = new java.io.FileOutputStream(s.file.toFile(), true);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new NshException("lab " + lab + " exists already: " + s.file + "; if its process is gone, remove it with: scripts/nsh --clean " + lab);
        } catch (IOException e) {
            throw new NshException("create state file " + s.file + ": " + e.getMessage(), e);
        }
        s.append(List.of(entry("lab", lab, "pid", me.pid(), "start", me.info().startInstant().map(Object::toString).orElse(null))));
        return s;
    }

    /** Records objects about to be made, in one write. */
    synchronized void plan(List<Map<String, Object>> entries) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> e : entries) {
            int id = ids.size() + 1;
            ids.put(e, id);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", id);
            line.putAll(e);
            lines.add(line);
        }
        append(lines);
    }

    synchronized void plan(Map<String, Object> entry) {
        plan(List.of(entry));
    }

    /** Notes a fact on an entry (written by the next flush or plan). */
    synchronized void note(Map<String, Object> entry, String key, Object value) {
        entry.put(key, value);
        Integer id = ids.get(entry);
        if (id == null) return;
        pending.computeIfAbsent(entry, k -> entry("id", id)).put(key, value);
    }

    /** Writes what was learnt after making objects (created flags, inodes, pids). */
    synchronized void flush() {
        if (pending.isEmpty()) return;
        List<Map<String, Object>> lines = new ArrayList<>(pending.values());
        pending.clear();
        append(lines);
    }

    synchronized void kept() {
        flush();
        append(List.of(entry("kept", true)));
        closeChannel();
    }

    synchronized void delete() {
        closeChannel();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new NshException("remove state file " + file + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return file;
    }

    /** The lines in one write(2) on the O_APPEND file. */
    private void append(List<Map<String, Object>> lines) {
        StringBuilder s = new StringBuilder();
        for (Map<String, Object> l : lines) s.append(JsonOutput.toJson(l)).append('\n');
        byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (channel == null) throw new IOException("the state file is closed");
            channel.write(b);
        } catch (IOException e) {
            throw new NshException("write state file " + file + ": " + e.getMessage(), e);
        }
    }

    private void closeChannel() {
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // nothing more is written
        }
        channel = null;
    }

    static Map<String, Object> entry(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** The state of {@code lab} as written, or null if there is none. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(String lab) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file(lab), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new NshException("read state file " + file(lab) + ": " + e.getMessage(), e);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kept", false);
        Map<Object, Map<String, Object>> byId = new LinkedHashMap<>();
        JsonSlurper json = new JsonSlurper();
        for (String line : lines) {
            if (line.isBlank()) continue;
            Map<String, Object> m;
            try {
                m = (Map<String, Object>) json.parseText(line);
            } catch (RuntimeException e) {
                continue; // a line torn by a kill: the object it names was not made yet
            }
            Object id = m.get("id");
            if (id == null) {
                doc.putAll(m);
                continue;
            }
            byId.computeIfAbsent(id, k -> new LinkedHashMap<>()).putAll(m);
        }
        doc.put("objects", new ArrayList<>(byId.values()));
        return doc;
    }

    /** The names of the labs that have a state file, sorted. */
    public static List<String> labs() {
        if (!Files.isDirectory(dir())) return List.of();
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - 6)).sorted().toList();
        } catch (IOException e) {
            throw new NshException("list " + dir() + ": " + e.getMessage(), e);
        }
    }
}
