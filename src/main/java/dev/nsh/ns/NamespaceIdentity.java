package dev.nsh.ns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which namespace a file or an fd stands for now, so that nsh acts only on the namespace it
 * means: the nsfs device and inode number AND the inode's ctime. The kernel reuses the inode
 * numbers of freed namespaces (checked: {@code ip netns del X; ip netns add X} can give the same
 * number), but a new nsfs inode is made at another time. One identity for every check: an open
 * handle against its file (a namespace deleted and made again outside nsh), and a lab's state
 * file against what is there now ({@code --clean}). Text form: {@code DEV:INODE@CTIME}.
 */
public record NamespaceIdentity(long device, long inode, String ctime) {

    /** The identity of the namespace bound at {@code file}, or null if there is none. */
    public static NamespaceIdentity of(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,ctime");
            return new NamespaceIdentity(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
                    String.valueOf(a.get("ctime")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The identity of the named namespace (/run/netns/NAME), or null if there is none. */
    public static NamespaceIdentity ofName(String name) {
        return of(Namespaces.path(name));
    }

    /** The identity of the namespace an fd of this process is open on. */
    static NamespaceIdentity ofFd(int fd) {
        return of(Path.of("/proc/self/fd/" + fd));
    }

    /**
     * Whether {@code other} is the same file by device and inode alone: for a file that is linked
     * or unlinked meanwhile (which changes its ctime), such as the claim file of a namespace.
     */
    public boolean sameFile(NamespaceIdentity other) {
        return other != null && other.device == device && other.inode == inode;
    }

    /** {@code DEV:INODE@CTIME}, as state files record it. */
    public String text() {
        return device + ":" + inode + "@" + ctime;
    }

    /**
     * The identity {@link #text()} wrote, or the {@code INODE@CTIME} of state files written by nsh
     * 0.1 (its device then -1: unknown); null for null or for text in neither form.
     */
    public static NamespaceIdentity parse(String text) {
        if (text == null) return null;
        int at = text.indexOf('@'), colon = text.lastIndexOf(':', at);
        if (at < 1) return null;
        try {
            if (colon < 0) return new NamespaceIdentity(-1, Long.parseLong(text.substring(0, at)), text.substring(at + 1));
            return new NamespaceIdentity(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1, at)),
                    text.substring(at + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether this (read now) is the namespace {@code recorded} names: equal, or inode and ctime equal where the device was not recorded. */
    public boolean matches(NamespaceIdentity recorded) {
        if (recorded == null) return false;
        return recorded.device == -1 ? recorded.inode == inode && recorded.ctime.equals(ctime) : equals(recorded);
    }

    @Override
    public String toString() {
        return text();
    }
}
