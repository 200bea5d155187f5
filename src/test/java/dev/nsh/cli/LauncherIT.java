package dev.nsh.cli;

import dev.nsh.testing.NeedsRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code scripts/nsh} itself, as README's commands run it, after {@code mvn package} built the jar
 * (failsafe): the JDK it picks, the start-up cache it makes and that the JVM really takes nsh's and
 * Groovy's classes from it (the JVM's class-load log names their source), and what it does without
 * root (help; RootlessIT has the rest).
 * Timing is bench/startup.sh's business, not a test's.
 */
@NeedsRoot
class LauncherIT {
    private static final Path PROJECT = Path.of(NshCommand.projectDir());

    record Result(int status, String out, String err) {}

    static Result launch(Map<String, String> env, String... args) {
        return launch(List.of(), env, args);
    }

    static Result launch(List<String> prefix, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(PROJECT.resolve("scripts/nsh").toString());
        cmd.addAll(List.of(args));
        return run(cmd, env, PROJECT);
    }

    /** Runs {@code cmd} in {@code dir} with stdin closed; its status and output. */
    static Result run(List<String> cmd, Map<String, String> env, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("NSH_JAVA");
        pb.environment().remove("NSH_JAVA_OPTS");
        pb.environment().putAll(env);
        try {
            File out = File.createTempFile("nsh-launcher", ".out"), err = File.createTempFile("nsh-launcher", ".err");
            try {
                Process p = pb.redirectOutput(out).redirectError(err).start();
                p.getOutputStream().close();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", cmd) + " timed out");
                }
                return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
            } finally {
                out.delete();
                err.delete();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The feature version in a JDK's release file, or 0 when that is no JDK. */
    static int feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) return 0;
        try {
            Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What README promises: the newest JDK >= 25 in $JAVA_HOME or /usr/lib/jvm, else 0 (java on PATH). */
    static int newestJdk25OrLater() throws IOException {
        List<Path> homes = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isEmpty()) homes.add(Path.of(javaHome));
        if (Files.isDirectory(Path.of("/usr/lib/jvm"))) {
            try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
                homes.addAll(s.toList());
            }
        }
        return homes.stream().mapToInt(LauncherIT::feature).filter(v -> v >= 25).max().orElse(0);
    }

    static int defaultJavaFeature() {
        Result r = launch(Map.of("NSH_JAVA", "java"), "-e", "print Runtime.version().feature()");
        assertEquals(0, r.status(), r.err());
        return Integer.parseInt(r.out().strip());
    }

    /** The cache scripts/nsh keeps for the JDK it runs on (with {@code env}): one per JDK build. */
    static Path cache(Map<String, String> env) {
        Result r = launch(env, "-e", "print Runtime.version().feature() + ' ' + System.getProperty('java.runtime.version')");
        assertEquals(0, r.status(), r.err());
        String[] v = r.out().strip().split(" ");
        return PROJECT.resolve("target/nsh-jdk" + v[1] + (Integer.parseInt(v[0]) >= 25 ? ".aot" : ".jsa"));
    }

    @Test
    void picksTheNewestJdk25OrLaterElseTheDefaultJava() throws IOException {
        Result r = launch(Map.of(), "-e", "print Runtime.version().feature()");
        assertEquals(0, r.status(), r.err());
        int expected = newestJdk25OrLater();
        assertEquals(expected != 0 ? expected : defaultJavaFeature(), Integer.parseInt(r.out().strip()));
        assertEquals("", r.err(), "nothing on stderr, not even the cache's making");
    }

    @Test
    void theStartUpCacheIsMadeAndReallyUsed() {
        Path cache = cache(Map.of());
        assertTrue(Files.isRegularFile(cache), cache + " was made");
        assertClassesFromTheCache(Map.of());
    }

    /** Groovy's shell and nsh's Main come from the cache, not from the jar. */
    static void assertClassesFromTheCache(Map<String, String> env) {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("NSH_JAVA_OPTS", "-Xlog:class+load=info:stderr");
        Result r = launch(e, "-e", "print 'ran'");
        assertEquals(0, r.status(), r.err());
        assertEquals("ran", r.out());
        for (String c : List.of("groovy.lang.GroovyShell", "dev.nsh.cli.Main")) {
            assertTrue(r.err().lines().anyMatch(l -> l.contains("] " + c + " source: shared objects file")),
                    c + " from the cache; the class-load log says:\n" + r.err().lines()
                            .filter(l -> l.contains("] " + c + " ")).toList());
        }
    }

    /**
     * The default java gets its own cache too, of the kind its version takes: a class-data archive
     * (.jsa) before 25, an AOT cache (.aot) from 25; either way the classes come from it.
     */
    @Test
    void onTheDefaultJavaItsOwnCacheIsMadeAndUsed() {
        Path cache = cache(Map.of("NSH_JAVA", "java"));
        assertTrue(Files.isRegularFile(cache), cache + " was made");
        assertClassesFromTheCache(Map.of("NSH_JAVA", "java"));
    }

    @Test
    void aCacheOlderThanTheJarIsMadeAnewLeavingNoHistoryAndNoTemporaryFiles(@TempDir Path tmp) throws IOException {
        Path history = Repl.historyFile();
        long before = Files.exists(history) ? Files.size(history) : -1;
        Path cache = cache(Map.of());
        FileTime jarTime = Files.getLastModifiedTime(PROJECT.resolve("target/nsh.jar"));
        Files.setLastModifiedTime(cache, FileTime.fromMillis(jarTime.toMillis() - 10_000)); // as after mvn package
        Result r = launch(Map.of("TMPDIR", tmp.toString()), "-e", "print 'ran'");
        assertEquals("ran", r.out(), r.err());
        assertEquals("", r.err());
        assertTrue(Files.getLastModifiedTime(cache).compareTo(jarTime) > 0, "the cache was made anew");
        assertClassesFromTheCache(Map.of());
        assertEquals(before, Files.exists(history) ? Files.size(history) : -1, "~/.nsh_history untouched");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "nothing left in TMPDIR");
        }
        try (Stream<Path> s = Files.list(PROJECT.resolve("target"))) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("nsh-jdk"))
                    .filter(n -> n.contains(".tmp") || n.endsWith(".failed")).toList());
        }
    }

    @Test
    void withoutRootHelpAndVersionStartNothing(@TempDir Path home) {
        // A user namespace where this process is uid 1000 (files stay readable, root's own): --help and
        // --version answer at once and start no rootless holder (RootlessIT runs the rest as nobody).
        List<String> asUser = List.of("unshare", "--user", "--map-user=1000", "--map-group=1000");
        Map<String, String> env = Map.of("HOME", home.toString());
        Result v = launch(asUser, env, "--version");
        assertEquals(0, v.status(), v.err());
        assertTrue(v.out().startsWith("nsh "), v.out());
        Result h = launch(asUser, env, "--help");
        assertEquals(0, h.status(), h.err());
        assertTrue(h.out().startsWith("Usage: nsh"), h.out());
        assertTrue(h.out().contains("--rootless-stop"), h.out());
        assertFalse(Files.exists(home.resolve(".local/state/nsh")), "no holder was started");
    }

    @Test
    void withoutCapabilitiesItSaysSoInOneLine() {
        // Still uid 0 but with no capabilities: the kernel's refusal comes back as nsh's one line.
        String name = dev.nsh.testing.TestNames.ns("never-made");
        try {
            Result r = launch(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"), Map.of(),
                    "-e", "ns('" + name + "')");
            assertEquals(1, r.status(), r.out());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("nsh needs root"), r.err());
            assertFalse(Files.exists(Path.of("/run/netns", name)), "nothing was made");
        } finally {
            if (Files.exists(Path.of("/run/netns", name))) dev.nsh.testing.Ip.run("netns", "del", name);
        }
    }
}
