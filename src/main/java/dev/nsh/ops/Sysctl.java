package dev.nsh.ops;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Errno;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code sysctl} inside a namespace. /proc/sys/net is resolved by the thread that opens it, so
 * the file is opened on the namespace's thread. Only net.* keys: the others are not per
 * namespace, and writing them from a namespace would change the host.
 */
public final class Sysctl {
    private Sysctl() {}

    public static String get(Netns ns, String key) {
        Path p = path(key);
        return ns.onThread(() -> {
            try {
                return Files.readString(p).strip();
            } catch (NoSuchFileException e) {
                throw new NshException("sysctl " + key + " " + ns.where() + ": no such key");
            } catch (IOException e) {
                throw new NshException("read sysctl " + key + " " + ns.where() + ": " + e.getMessage(), e);
            }
        });
    }

    public static void set(Netns ns, String key, String value) {
        Path p = path(key);
        if (value == null || value.contains("\n")) throw new InvalidInputException("sysctl value for " + key + " must be one line");
        ns.onThread(() -> {
            try {
                if (!Files.exists(p)) throw new NshException("sysctl " + key + " " + ns.where() + ": no such key");
                Files.writeString(p, value + "\n");
                return null;
            } catch (AccessDeniedException e) {
                // Root is refused only a read-only key; rootless nsh also every key that is system-wide (net.core.rmem_max).
                throw new NshException("write sysctl " + key + "=" + value + " " + ns.where() + ": "
                        + (Errno.rootless() ? Errno.ROOTLESS : "permission denied: the key is read-only"), e);
            } catch (IOException e) {
                throw new NshException("write sysctl " + key + "=" + value + " " + ns.where() + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * IPv4 forwarding (net.ipv4.ip_forward) on or off, and IPv6 forwarding
     * (net.ipv6.conf.all.forwarding) with it when {@code ipv6}: the language's
     * {@code forwarding(on)} and a lab's forwarding nodes alike.
     */
    public static void forwarding(Netns ns, boolean on, boolean ipv6) {
        String v = on ? "1" : "0";
        ns.onThread(() -> {
            set(ns, "net.ipv4.ip_forward", v);
            if (ipv6) set(ns, "net.ipv6.conf.all.forwarding", v);
            return null;
        });
    }

    /** "net.ipv4.ip_forward" or "net/ipv4/ip_forward" to its /proc/sys path ("/" keeps dots in link names). */
    static Path path(String key) {
        if (key == null || !key.matches("[A-Za-z0-9_.\\-/@]+") || key.contains("..") || key.startsWith("/")) {
            throw new InvalidInputException("sysctl key \"" + key + "\" is not a key such as net.ipv4.ip_forward");
        }
        String rel = key.contains("/") ? key : key.replace('.', '/');
        if (!rel.startsWith("net/")) {
            throw new InvalidInputException("sysctl key \"" + key + "\" is not under net.; only network sysctls belong to a namespace");
        }
        return Path.of("/proc/sys", rel);
    }
}
