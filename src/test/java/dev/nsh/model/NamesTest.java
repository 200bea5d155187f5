package dev.nsh.model;

import dev.nsh.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The naming rules of iproute2 and the kernel, with the exact messages. */
class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "ns-1", "nsht.x", "...", ".a", "ü"})
    void acceptsNamespaceNames(String name) {
        assertEquals(name, Names.namespace(name));
    }

    @Test
    void acceptsNamespaceNameOf255Bytes() {
        String name = "n".repeat(255);
        assertEquals(name, Names.namespace(name));
    }

    @Test
    void rejectsEmptyNamespaceName() {
        assertEquals("namespace name is empty; it must be 1 to 255 bytes",
                assertThrows(InvalidInputException.class, () -> Names.namespace("")).getMessage());
    }

    @Test
    void rejectsNamespaceNameOver255Bytes() {
        assertEquals("namespace name \"" + "n".repeat(37) + "...\" is 256 bytes; the limit is 255",
                assertThrows(InvalidInputException.class, () -> Names.namespace("n".repeat(256))).getMessage());
        // 128 two-byte characters: 128 characters but 256 bytes.
        assertEquals("namespace name \"" + "é".repeat(37) + "...\" is 256 bytes; the limit is 255",
                assertThrows(InvalidInputException.class, () -> Names.namespace("é".repeat(128))).getMessage());
    }

    @Test
    void rejectsNamespaceNameWithSlash() {
        assertEquals("namespace name \"a/b\" contains \"/\"; it must be a plain file name",
                assertThrows(InvalidInputException.class, () -> Names.namespace("a/b")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void rejectsDotNamespaceNames(String name) {
        assertEquals("namespace name \"" + name + "\" is not allowed; \".\" and \"..\" are reserved",
                assertThrows(InvalidInputException.class, () -> Names.namespace(name)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "eth0", "veth-1", "fifteen-bytes-x", "br.100"})
    void acceptsInterfaceNames(String name) {
        assertEquals(name, Names.iface(name));
    }

    @Test
    void rejectsEmptyInterfaceName() {
        assertEquals("interface name is empty; it must be 1 to 15 bytes",
                assertThrows(InvalidInputException.class, () -> Names.iface("")).getMessage());
    }

    @Test
    void rejectsInterfaceNameOf16Bytes() {
        assertEquals("interface name \"sixteen-bytes-xx\" is 16 bytes; the limit is 15",
                assertThrows(InvalidInputException.class, () -> Names.iface("sixteen-bytes-xx")).getMessage());
        assertEquals("interface name \"veth-with-a-long-name\" is 21 bytes; the limit is 15",
                assertThrows(InvalidInputException.class, () -> Names.iface("veth-with-a-long-name")).getMessage());
        // Eight two-byte characters: 8 characters, 16 bytes.
        assertEquals("interface name \"éééééééé\" is 16 bytes; the limit is 15",
                assertThrows(InvalidInputException.class, () -> Names.iface("éééééééé")).getMessage());
    }

    @Test
    void rejectsInterfaceNameWithSlash() {
        assertEquals("interface name \"a/b\" contains \"/\"; it is not allowed",
                assertThrows(InvalidInputException.class, () -> Names.iface("a/b")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a\tb", " a", "a\n"})
    void rejectsInterfaceNameWithWhiteSpace(String name) {
        // The name is quoted with its control characters escaped: every message is one line.
        String shown = name.replace("\t", "\\t").replace("\n", "\\n");
        assertEquals("interface name \"" + shown + "\" contains white space or \":\"; they are not allowed",
                assertThrows(InvalidInputException.class, () -> Names.iface(name)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void rejectsDotInterfaceNames(String name) {
        assertEquals("interface name \"" + name + "\" is not allowed; \".\" and \"..\" are reserved",
                assertThrows(InvalidInputException.class, () -> Names.iface(name)).getMessage());
    }
}
