package dev.nsh.packet;

import dev.nsh.ns.NamespaceThread;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Checks that a test left nothing behind: no capture threads, no thread in a foreign namespace. */
final class Leftovers {
    private Leftovers() {}

    static void assertNone() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (captureThreads() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(0, captureThreads(), "capture reader threads still alive");
        assertEquals(List.of(), threadsOutsideRoot(), "threads (other than namespace threads) outside the root namespace");
    }

    private static long captureThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("nsh-capture-")).count();
    }

    private static List<String> threadsOutsideRoot() {
        List<String> out = new ArrayList<>();
        try {
            String root = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : tasks.toList()) {
                    int tid = Integer.parseInt(t.getFileName().toString());
                    if (NamespaceThread.allTids().contains(tid)) continue;
                    try {
                        String ns = Files.readSymbolicLink(t.resolve("ns/net")).toString();
                        if (!ns.equals(root)) out.add(tid + " " + Files.readString(t.resolve("comm")).strip() + " in " + ns);
                    } catch (IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
