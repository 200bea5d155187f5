package dev.nsh.ops;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bad link requests: each fails with one line naming the object and the namespace, and
 * {@code ip -j -n NS link} of both namespaces is the same before and after.
 */
@NeedsRoot
class LinkBadInputTest {
    private final Scratch scratch = new Scratch();
    private Netns a, b;
    private List<Map<String, Object>> beforeA, beforeB;

    /** a holds veth va (peer vb in b) and bridge br0; b holds vb and its own va. */
    @BeforeEach
    void setUp() {
        a = scratch.ns("bad-a");
        b = scratch.ns("bad-b");
        LinkOps.createVeth(a, "va", b, "vb");
        LinkOps.createBridge(a, "br0");
        LinkOps.createVeth(b, "va", null, "vc");
        beforeA = Ip.json(a.name(), "link", "show");
        beforeB = Ip.json(b.name(), "link", "show");
    }

    @AfterEach
    void unchangedAndCleanUp() {
        try {
            assertEquals(beforeA, Ip.json(a.name(), "link", "show"), "links of " + a.name());
            assertEquals(beforeB, Ip.json(b.name(), "link", "show"), "links of " + b.name());
        } finally {
            scratch.close();
        }
    }

    static void rejects(String message, Executable call) {
        assertEquals(message, assertThrows(InvalidInputException.class, call).getMessage());
    }

    static void fails(String message, Executable call) {
        assertEquals(message, assertThrows(NshException.class, call).getMessage());
    }

    @Test
    void aPercentSignThatTheKernelWouldTakeAsATemplate() {
        String msg = "interface name \"a%d\" contains \"%\"; the kernel would take it as a template (a%d makes a0), so a name must be given exactly";
        rejects(msg, () -> LinkOps.createVeth(a, "a%d", b, "ok"));
        rejects(msg, () -> LinkOps.createVeth(a, "ok", b, "a%d"));
        rejects(msg, () -> LinkOps.createBridge(a, "a%d"));
        rejects(msg, () -> LinkOps.rename(a, "va", "a%d"));
        rejects(msg, () -> dev.nsh.Nsh.existing(a.name()).veth("a%d"));
    }

    @Test
    void nameOf16Bytes() {
        String msg = "interface name \"sixteen-bytes-xx\" is 16 bytes; the limit is 15";
        rejects(msg, () -> LinkOps.createVeth(a, "sixteen-bytes-xx", b, "ok"));
        rejects(msg, () -> LinkOps.createVeth(a, "ok", b, "sixteen-bytes-xx"));
        rejects(msg, () -> LinkOps.createBridge(a, "sixteen-bytes-xx"));
        rejects(msg, () -> LinkOps.rename(a, "va", "sixteen-bytes-xx"));
        rejects(msg, () -> LinkOps.setUp(a, "sixteen-bytes-xx", true));
        rejects(msg, () -> LinkOps.delete(a, "sixteen-bytes-xx"));
    }

    @Test
    void nameWithSlash() {
        String msg = "interface name \"a/b\" contains \"/\"; it is not allowed";
        rejects(msg, () -> LinkOps.createVeth(a, "a/b", b, "ok"));
        rejects(msg, () -> LinkOps.createBridge(a, "a/b"));
        rejects(msg, () -> LinkOps.rename(a, "va", "a/b"));
    }

    @Test
    void nameWithWhiteSpace() {
        rejects("interface name \"a b\" contains white space or \":\"; they are not allowed", () -> LinkOps.createBridge(a, "a b"));
        rejects("interface name \"a\\tb\" contains white space or \":\"; they are not allowed", () -> LinkOps.createVeth(a, "ok", b, "a\tb"));
        rejects("interface name \"a b\" contains white space or \":\"; they are not allowed", () -> LinkOps.rename(a, "va", "a b"));
    }

    @Test
    void emptyAndDotNames() {
        rejects("interface name is empty; it must be 1 to 15 bytes", () -> LinkOps.createBridge(a, ""));
        rejects("interface name \"..\" is not allowed; \".\" and \"..\" are reserved", () -> LinkOps.createBridge(a, ".."));
        rejects("interface name \".\" is not allowed; \".\" and \"..\" are reserved", () -> LinkOps.rename(a, "va", "."));
    }

    @Test
    void nameTakenNamesTheObjectAndTheNamespace() {
        fails("create veth va (peer new in " + b.name() + ") in " + a.name() + ": a link named va already exists in " + a.name() + " (EEXIST)",
                () -> LinkOps.createVeth(a, "va", b, "new"));
        fails("create veth new (peer vb in " + b.name() + ") in " + a.name() + ": a link named vb already exists in " + b.name() + " (EEXIST)",
                () -> LinkOps.createVeth(a, "new", b, "vb"));
        fails("create bridge br0 in " + a.name() + ": a link named br0 already exists (EEXIST)", () -> LinkOps.createBridge(a, "br0"));
        fails("rename va to br0 in " + a.name() + ": a link named br0 already exists (EEXIST)", () -> LinkOps.rename(a, "va", "br0"));
        fails("move va in " + a.name() + " to " + b.name() + ": a link named va already exists in " + b.name() + " (EEXIST)",
                () -> LinkOps.moveTo(a, "va", b));
        rejects("veth x0: both ends have the same name in " + a.name() + "; give the peer another name",
                () -> LinkOps.createVeth(a, "x0", null, "x0"));
    }

    @Test
    void missingLink() {
        String msg = "link nope not found in " + a.name();
        fails(msg, () -> LinkOps.setUp(a, "nope", true));
        fails(msg, () -> LinkOps.setMtu(a, "nope", 1400));
        fails(msg, () -> LinkOps.rename(a, "nope", "nope2"));
        fails(msg, () -> LinkOps.delete(a, "nope"));
        fails(msg, () -> LinkOps.get(a, "nope"));
        fails(msg, () -> LinkOps.setMaster(a, "va", "nope"));
        fails(msg, () -> LinkOps.moveTo(a, "nope", b));
    }

    @Test
    void badValues() {
        rejects("mtu 67 for va is out of range; it must be 68 to 65535", () -> LinkOps.setMtu(a, "va", 67));
        rejects("mtu 65536 for va is out of range; it must be 68 to 65535", () -> LinkOps.setMtu(a, "va", 65536));
        rejects("MAC address \"02:00:00:00:00\" is not six hex bytes joined by \":\" (aa:bb:cc:dd:ee:ff)",
                () -> LinkOps.setMac(a, "va", "02:00:00:00:00"));
        rejects("MAC address \"01:00:5e:00:00:01\" is multicast (lowest bit of the first byte set); a link needs a unicast address",
                () -> LinkOps.setMac(a, "va", "01:00:5e:00:00:01"));
    }

    @Test
    void moveIntoADeletedNamespace() {
        Netns gone = scratch.ns("bad-gone");
        String name = gone.name();
        Namespaces.delete(name);
        fails("move va in " + a.name() + ": namespace " + name + " was deleted", () -> LinkOps.moveTo(a, "va", gone));
    }
}
