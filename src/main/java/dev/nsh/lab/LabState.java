package dev.nsh.lab;

import dev.nsh.error.NshException;
import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The state file of a lab, {@code /run/nsh/labs/NAME.jsonl}: who owns the lab (pid and process
 * start time) and every object the lab makes ({@link LabRecord}), recorded BEFORE the object is
 * made, so that {@code nsh --clean} can remove what a killed process left. It is JSON Lines (one
 * JSON object a line), appended to and never rewritten, so each record costs one small write
 * however large the lab (rewriting one JSON document for each of 250 links cost seconds):
 * <pre>
 * {"lab": "demo", "pid": 4711, "start": "2026-11-29T05:21:00.12Z"}
 * {"id": 1, "kind": "netns", "name": "demo-h1", "node": "h1", "role": "host"}
 * {"id": 2, "kind": "link", "ns": "demo-h1", "name": "h1-eth0", "peerNs": "demo-s1", "peer": "s1-eth1", "addr": "10.0.0.2/24"}
 * {"id": 3, "kind": "route", "ns": "demo-h1", "dst": "10.0.1.0/24", "via": "10.0.0.1"}
 * {"id": 4, "kind": "process", "ns": "demo-h1", "command": ["sleep", "60"]}
 * {"id": 1, "identity": "4:4026532612@2026-11-29T06:00:00.102402534Z"}     (a later fact about entry 1)
 * {"kept": true}
 * </pre>
 * A record is written with one write(2) on an O_APPEND file, so a killed process leaves whole
 * lines (a torn last line is ignored on reading). The directory is made 0700 and the file 0600,
 * both refused when they are symbolic links: nsh runs as root, and --clean acts on what they say.
 */
public final class LabState {
    /**
     * Where state files live: the system property nsh.lab.dir (tests of odd cases; scripts/nsh in
     * rootless mode gives it to nsh's JVM and, through JAVA_TOOL_OPTIONS, to any --rootless-run starts),
     * else /run/nsh/labs.
     */
    public static Path dir() {
        return Path.of(System.getProperty("nsh.lab.dir", "/run/nsh/labs"));
    }

    /**
     * What a state file says: the owner, whether it was kept, and its objects in the order recorded;
     * {@code prefix}: what its namespaces' names start with when not {@code LAB-} (a topology file's
     * {@code prefix: ""}), else null.
     */
    public record Saved(String lab, Long pid, String start, boolean kept, List<LabRecord> objects, String prefix, int lastId) {}

    private final Path file;
    private final Map<Integer, Map<String, Object>> pending = new TreeMap<>();
    private int lastId;
    private final List<LabRecord.Link> hostEnds = new ArrayList<>();
    // A plain stream, not a FileChannel: an interrupt (Ctrl-C) closes an interruptible channel.
    private FileOutputStream out;

    private LabState(Path file) {
        this.file = file;
    }

    public static Path file(String lab) {
        return dir().resolve(lab + ".jsonl");
    }

    /** A new state file for {@code lab}; an error if one is there (the lab is up, or was left by a killed process). */
    static LabState create(String lab) {
        LabState s = new LabState(file(lab));
        ProcessHandle me = ProcessHandle.current();
        try {
            makeDir(dir());
            // O_CREAT|O_EXCL: refused for an existing file and for a symbolic link in its place.
            Files.createFile(s.file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            s.out = new FileOutputStream(s.file.toFile(), true);
        } catch (FileAlreadyExistsException e) {
            throw new NshException("lab " + lab + " exists already: " + s.file + "; if its process is gone, remove it with: scripts/nsh --clean " + lab);
        } catch (IOException e) {
            throw new NshException("create state file " + s.file + ": " + e.getMessage(), e);
        }
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("lab", lab);
        owner.put("pid", me.pid());
        owner.put("start", me.info().startInstant().map(Object::toString).orElse(null));
        s.append(List.of(owner));
        return s;
    }

    /**
     * The state file of a kept lab, taken over by this process to attach to it: appended to (ids
     * go on after the highest there), with this process as owner and the lab no longer kept.
     */
    static LabState reopen(String lab, Saved saved) {
        LabState s = new LabState(file(lab));
        s.lastId = saved.lastId();
        for (LabRecord r : saved.objects()) if (r instanceof LabRecord.Link l && l.toHost()) s.hostEnds.add(l);
        try {
            if (Files.isSymbolicLink(s.file)) throw new IOException(s.file + " is a symbolic link");
            s.out = new FileOutputStream(s.file.toFile(), true);
        } catch (IOException e) {
            throw new NshException("reopen state file " + s.file + ": " + e.getMessage(), e);
        }
        ProcessHandle me = ProcessHandle.current();
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("lab", lab);
        owner.put("pid", me.pid());
        owner.put("start", me.info().startInstant().map(Object::toString).orElse(null));
        owner.put("kept", false);
        s.append(List.of(owner));
        return s;
    }

    /** The directory (and /run/nsh above it), 0700, neither of them a symbolic link. */
    private static void makeDir(Path dir) throws IOException {
        for (Path p : new Path[] {dir.getParent(), dir}) {
            if (p != null && Files.isSymbolicLink(p)) {
                throw new IOException(p + " is a symbolic link; nsh keeps its state only in a real directory");
            }
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Records objects about to be made, in one write; returns their ids, in order. */
    synchronized List<Integer> plan(List<? extends LabRecord> records) {
        List<Map<String, Object>> lines = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (LabRecord r : records) {
            if (r instanceof LabRecord.Link l && l.toHost()) hostEnds.add(l);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", ++lastId);
            line.putAll(r.fields());
            lines.add(line);
            ids.add(lastId);
        }
        append(lines);
        return ids;
    }

    synchronized int plan(LabRecord record) {
        return plan(List.of(record)).get(0);
    }

    /** The veths recorded with their other end in the host's namespace. */
    synchronized List<LabRecord.Link> hostEnds() {
        return List.copyOf(hostEnds);
    }

    /** Notes a fact on record {@code id} (written by the next flush). */
    synchronized void note(int id, String key, Object value) {
        pending.computeIfAbsent(id, k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", k);
            return m;
        }).put(key, value);
    }

    /** Writes the facts noted since the last flush, in one write. */
    synchronized void flush() {
        if (pending.isEmpty()) return;
        List<Map<String, Object>> lines = new ArrayList<>(pending.values());
        pending.clear();
        append(lines);
    }

    /** Records that the lab's namespaces are named {@code prefix + NODE} (before the first is made). */
    synchronized void namespacePrefix(String prefix) {
        append(List.of(Map.of("prefix", prefix)));
    }

    synchronized void kept() {
        flush();
        append(List.of(Map.of("kept", true)));
        closeStream();
    }

    /** Stops writing (the file stays, for --clean). */
    synchronized void close() {
        closeStream();
    }

    synchronized void delete() {
        closeStream();
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
            if (out == null) throw new IOException("the state file is closed");
            out.write(b);
        } catch (IOException e) {
            throw new NshException("write state file " + file + ": " + e.getMessage(), e);
        }
    }

    private void closeStream() {
        try {
            if (out != null) out.close();
        } catch (IOException ignored) {
            // nothing more is written
        }
        out = null;
    }

    /** The state of {@code lab} as written, its lines merged by id; null if there is none. */
    @SuppressWarnings("unchecked")
    public static Saved read(String lab) {
        String text;
        try (InputStream in = Files.newInputStream(file(lab), LinkOption.NOFOLLOW_LINKS)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new NshException("read state file " + file(lab) + ": " + e.getMessage(), e);
        }
        Map<String, Object> owner = new LinkedHashMap<>();
        Map<Object, Map<String, Object>> byId = new LinkedHashMap<>();
        JsonSlurper json = new JsonSlurper();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            Map<String, Object> m;
            try {
                m = (Map<String, Object>) json.parseText(line);
            } catch (RuntimeException e) {
                continue; // a line torn by a kill: the object it names was not made yet
            }
            Object id = m.get("id");
            if (id == null) owner.putAll(m);
            else byId.computeIfAbsent(id, k -> new LinkedHashMap<>()).putAll(m);
        }
        List<LabRecord> objects = new ArrayList<>();
        int lastId = byId.keySet().stream().mapToInt(k -> k instanceof Number n ? n.intValue() : 0).max().orElse(0);
        for (Map<String, Object> m : byId.values()) {
            LabRecord r = LabRecord.from(m);
            if (r != null) objects.add(r);
        }
        Long pid = owner.get("pid") instanceof Number n ? n.longValue() : null;
        return new Saved((String) owner.get("lab"), pid, (String) owner.get("start"), Boolean.TRUE.equals(owner.get("kept")), objects,
                owner.get("prefix") instanceof String p ? p : null, lastId);
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
