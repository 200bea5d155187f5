package dev.nsh.testing;

import java.util.function.BooleanSupplier;

/** Polls for things the kernel does asynchronously (freeing a namespace runs in a workqueue). */
public final class Wait {
    private Wait() {}

    /** True as soon as {@code cond} holds, false if it still does not after {@code millis}. */
    public static boolean until(long millis, BooleanSupplier cond) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (true) {
            if (cond.getAsBoolean()) return true;
            if (System.nanoTime() > end) return false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
