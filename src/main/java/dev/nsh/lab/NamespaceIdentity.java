package dev.nsh.lab;

import dev.nsh.ns.Namespaces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which namespace a name stands for now, so that nsh removes only the ones it made. */
final class NamespaceIdentity {
    private NamespaceIdentity() {}

    /**
     * What tells this namespace from a later one of the same name: the nsfs inode number AND its
     * ctime. The kernel reuses inode numbers of freed namespaces (checked: ip netns del, then add,
     * gives the same number), but the new nsfs inode is made at another time.
     */
    static String of(String namespace) {
        try {
            Path p = Namespaces.path(namespace);
            return Files.getAttribute(p, "unix:ino") + "@" + Files.getAttribute(p, "unix:ctime");
        } catch (IOException e) {
            return null;
        }
    }

    static Long inode(String namespace) {
        try {
            return ((Number) Files.getAttribute(Namespaces.path(namespace), "unix:ino")).longValue();
        } catch (IOException e) {
            return null;
        }
    }
}
