package dev.nsh.packet;

import dev.nsh.ns.NamespaceThread;
import dev.nsh.ns.Namespaces;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Checks that a test left nothing behind: no capture threads, no thread in a foreign namespace,
 * no network socket more than before it. As an extension ({@code @ExtendWith(Leftovers.class)})
 * it counts the sockets before each test and checks all three after it.
 */
public final class Leftovers implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(Leftovers.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        warmUp();
        context.getStore(STORE).put("sockets", openSockets());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertNone();
        assertEquals(context.getStore(STORE).get("sockets", Long.class), openSockets(), "sockets left open");
    }

    /**
     * Network sockets the process holds (AF_INET, AF_INET6, AF_NETLINK, AF_PACKET; SO_DOMAIN of each
     * "socket:" fd). AF_UNIX is left out: the JVM opens one lazily, once.
     */
    public static long openSockets() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:")
                            && NETWORK_DOMAINS.contains(domain(Integer.parseInt(fd.getFileName().toString())));
                } catch (IOException | RuntimeException closed) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final java.util.Set<Integer> NETWORK_DOMAINS = java.util.Set.of(2, 10, 16, 17);
    private static final int SO_DOMAIN = 39;

    private static int domain(int fd) {
        byte[] v = new byte[4];
        LibC.getsockopt(fd, Sys.SOL_SOCKET, SO_DOMAIN, v, new int[] {4});
        return ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
    }

    /** The root namespace's handle and its netlink socket live as long as the JVM: open them before counting. */
    public static void warmUp() {
        Namespaces.root().netlink(socket -> 0);
    }

    public static void assertNone() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (captureThreads() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
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
