package dev.nsh.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What /proc says about this process: namespace links of threads and fds, mounts. */
public final class Proc {
    private Proc() {}

    /** "net:[4026531840]" of the main thread, i.e. the root namespace the JVM started in. */
    public static String rootNet() {
        return readlink(Path.of("/proc/self/ns/net"));
    }

    /** readlink, or null if the link went away meanwhile (a thread ended). */
    public static String readlink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new AssertionError("readlink " + p, e);
        }
    }

    /** "net:[N]" for a file under /run/netns or any nsfs file, from its inode. */
    public static String netOf(Path nsFile) {
        try {
            return "net:[" + Files.getAttribute(nsFile, "unix:ino") + "]";
        } catch (IOException e) {
            throw new AssertionError("stat " + nsFile, e);
        }
    }

    /** tid to "net:[N]" for every thread of this JVM. */
    public static Map<Integer, String> threadNets() {
        Map<Integer, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : s.toList()) {
                String net = readlink(t.resolve("ns/net"));
                if (net != null) out.put(Integer.parseInt(t.getFileName().toString()), net);
            }
        } catch (IOException e) {
            throw new AssertionError("list /proc/self/task", e);
        }
        return out;
    }

    /** The targets of every open fd of this JVM ("net:[N]" for namespace fds). */
    public static List<String> fdTargets() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : s.toList()) {
                String t = readlink(fd);
                if (t != null) out.add(t);
            }
        } catch (IOException e) {
            throw new AssertionError("list /proc/self/fd", e);
        }
        return out;
    }

    /** How many mounts have exactly {@code mountPoint} as their mount point (field 5 of mountinfo). */
    public static long mountsOn(String mountPoint) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(l -> l.split(" "))
                    .filter(f -> f.length > 4 && f[4].equals(mountPoint))
                    .count();
        } catch (IOException e) {
            throw new AssertionError("read mountinfo", e);
        }
    }
}
