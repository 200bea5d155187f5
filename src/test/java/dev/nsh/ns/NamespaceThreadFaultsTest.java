package dev.nsh.ns;

import dev.nsh.error.NshException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A namespace thread under faults: a task that leaves its interrupt set, a caller interrupted
 * while its task waits or runs, calls that would wait for each other in a circle. A hang fails the
 * test by its timeout. The threads here enter no namespace (an empty entry), so no root is needed.
 */
@Timeout(60)
class NamespaceThreadFaultsTest {
    private final List<NamespaceThread> threads = new ArrayList<>();

    private NamespaceThread start(String label) {
        NamespaceThread t = NamespaceThread.start(label, () -> {});
        threads.add(t);
        return t;
    }

    @AfterEach
    void stop() {
        threads.forEach(NamespaceThread::stop);
    }

    @Test
    void aTaskThatLeavesItsInterruptSetDoesNotEndTheThread() {
        NamespaceThread t = start("intr");
        t.call(() -> {
            Thread.currentThread().interrupt();
            return null;
        });
        assertEquals(42, t.call(() -> 42), "the thread still takes work");
        assertEquals(false, t.call(Thread::interrupted), "and its interrupt was cleared");
    }

    @Test
    void aCallInterruptedBeforeItsTaskStartedNeverRunsIt() throws Exception {
        NamespaceThread t = start("queued");
        CountDownLatch busy = new CountDownLatch(1), release = new CountDownLatch(1);
        Thread blocker = new Thread(() -> t.call(() -> {
            busy.countDown();
            release.await();
            return null;
        }));
        blocker.start();
        busy.await();
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                t.call(() -> {
                    ran.set(true);
                    return null;
                });
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        caller.start();
        while (caller.getState() != Thread.State.TIMED_WAITING && caller.getState() != Thread.State.WAITING) Thread.sleep(1);
        caller.interrupt();
        caller.join();
        release.countDown();
        blocker.join();
        t.call(() -> null); // everything queued before this has run by now
        assertFalse(ran.get(), "the task of the interrupted call did not run");
        assertTrue(seen.get() instanceof NshException && seen.get().getMessage().startsWith("interrupted while waiting"), String.valueOf(seen.get()));
    }

    @Test
    void whatATaskUnderWayMadeForAnInterruptedCallerIsClosed() throws Exception {
        NamespaceThread t = start("closes");
        CountDownLatch running = new CountDownLatch(1), release = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                t.call(() -> {
                    running.countDown();
                    release.await();
                    return (AutoCloseable) () -> closed.set(true); // a socket, say
                });
            } catch (NshException expected) {
                // interrupted
            }
        });
        caller.start();
        running.await();
        caller.interrupt();
        caller.join(); // the caller returns at once, the task still under way
        assertFalse(closed.get(), "not closed before the task ended");
        release.countDown();
        t.call(() -> null); // the task under way has ended by now
        assertTrue(closed.get(), "the closeable made for the interrupted caller was closed");
    }

    @Test
    void callsThatWouldWaitInACircleAreRefused() {
        NamespaceThread a = start("a"), b = start("b");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.call(() -> b.call(() -> a.call(() -> 1))));
        assertTrue(e.getMessage().endsWith("which it is waiting for: the call would never end"), e.getMessage());
        assertEquals(1, a.call(() -> 1), "both threads still work");
        assertEquals(2, b.call(() -> 2));
        assertEquals(3, a.call(() -> b.call(() -> 3)), "a call that closes no circle goes through");
    }

    @Test
    void aCallToAStoppedThreadFailsAtOnce() {
        NamespaceThread t = start("stopped");
        t.stop();
        NshException e = assertThrows(NshException.class, () -> t.call(() -> 1));
        assertTrue(e.getMessage().endsWith("has stopped"), e.getMessage());
    }
}
