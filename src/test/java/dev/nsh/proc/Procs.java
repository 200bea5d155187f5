package dev.nsh.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** What the tests of programs check about processes and mounts, from /proc. */
final class Procs {
    private Procs() {}

    /** Gone, or a zombie waiting only for its (new) parent to reap it. */
    static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * The host's mounts as the test JVM's main thread sees them, without /run/netns (other test
     * runs on the machine add and remove namespaces there meanwhile).
     */
    static List<String> hostMounts() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(l -> {
                        String mp = l.split(" ")[4];
                        return !mp.startsWith("/run/netns") && !mp.startsWith("/var/run/netns");
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("read mountinfo", e);
        }
    }

    /** tid to "mnt:[N]" of every thread of this JVM. */
    static java.util.Map<Integer, String> threadMnts() {
        java.util.Map<Integer, String> out = new java.util.TreeMap<>();
        try (var s = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : s.toList()) {
                String mnt = dev.nsh.testing.Proc.readlink(t.resolve("ns/mnt"));
                if (mnt != null) out.put(Integer.parseInt(t.getFileName().toString()), mnt);
            }
        } catch (IOException e) {
            throw new AssertionError("list /proc/self/task", e);
        }
        return out;
    }
}
