package dev.nsh.model;

import dev.nsh.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** User text to address and prefix: the good forms, and one exact line for each bad one. */
class CidrTest {

    @ParameterizedTest
    @CsvSource({
            "10.0.0.10/16, 10.0.0.10/16, 16, 10.0.0.0, 10.0.255.255",
            "192.168.1.1/32, 192.168.1.1/32, 32, 192.168.1.1, ",
            "10.0.0.1/31, 10.0.0.1/31, 31, 10.0.0.0, ",
            "0.0.0.0/0, 0.0.0.0/0, 0, 0.0.0.0, 255.255.255.255",
            "fd00::10/64, fd00::10/64, 64, fd00::, ",
            "FE80:0:0:0:0:0:0:1/128, fe80::1/128, 128, fe80::1, ",
            "2001:db8:0:0:1:0:0:1/48, 2001:db8::1:0:0:1/48, 48, 2001:db8::, "})
    void parsesGoodAddresses(String text, String canonical, int prefix, String network, String broadcast) {
        Cidr c = Cidr.parse(text);
        assertEquals(canonical, c.toString());
        assertEquals(prefix, c.prefix());
        assertEquals(network, Addresses.text(c.network()));
        assertEquals(broadcast, Addresses.text(c.broadcast()));
    }

    @Test
    void ipv4MappedTextStaysIPv6() {
        Cidr c = Cidr.parse("::ffff:10.0.0.1/120");
        assertFalse(c.isIPv4());
        assertEquals(true, c.address() instanceof java.net.Inet6Address);
        assertEquals(16, c.address().getAddress().length);
        assertEquals("::ffff:10.0.0.1/120", c.toString());
        assertEquals("::ffff:10.0.0.1/24", Cidr.parse("::ffff:10.0.0.1/24").toString());
        assertEquals("::10.0.0.1/96", Cidr.parse("::10.0.0.1/96").toString());
        assertEquals("::1/128", Cidr.parse("::1/128").toString());
    }

    @Test
    void familyFollowsTheAddress() {
        assertEquals(true, Cidr.parse("10.0.0.1/8").isIPv4());
        assertEquals(false, Cidr.parse("fd00::1/8").isIPv4());
    }

    @Test
    void hostAddressWithoutPrefixOnlyWhenAllowed() {
        assertEquals("10.0.0.1/32", Cidr.parse("10.0.0.1", true).toString());
        assertEquals("fd00::1/128", Cidr.parse("fd00::1", true).toString());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Cidr.parse("10.0.0.1"));
        assertEquals("address \"10.0.0.1\" has no prefix length; expected ADDR/PREFIX such as 10.0.0.10/16", e.getMessage());
    }

    @Test
    void containsChecksTheNetworkAndFamily() throws Exception {
        Cidr c = Cidr.parse("10.0.0.10/16");
        assertTrue(c.contains(InetAddress.getByName("10.0.255.1")));
        assertFalse(c.contains(InetAddress.getByName("10.1.0.1")));
        assertFalse(c.contains(InetAddress.getByName("fd00::1")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "10.0.0.300/16 | address \"10.0.0.300/16\": \"300\" is not a number 0-255 in an IPv4 address",
            "10.0.0.1/33   | address \"10.0.0.1/33\": prefix length 33 is out of range 0..32 for IPv4",
            "fe80::1/129   | address \"fe80::1/129\": prefix length 129 is out of range 0..128 for IPv6",
            "abc           | address \"abc\": \"abc\" is not an IPv4 address (four numbers 0-255 joined by dots) or an IPv6 address",
            "10.0.0.1/     | address \"10.0.0.1/\": prefix length \"\" is not a number 0..32",
            "10.0.0.1/-1   | address \"10.0.0.1/-1\": prefix length \"-1\" is not a number 0..32",
            "10.0.0/8      | address \"10.0.0/8\": \"10.0.0\" is not an IPv4 address (four numbers 0-255 joined by dots) or an IPv6 address",
            "10..0.1/8     | address \"10..0.1/8\": \"\" is not a number 0-255 in an IPv4 address",
            "fe80::1%lo/64 | address \"fe80::1%lo/64\": \"fe80::1%lo\" is not an IPv6 address",
            "1::2::3/64    | address \"1::2::3/64\": \"1::2::3\" is not an IPv6 address",
            "example.com/8 | address \"example.com/8\": \"example.com\" is not an IPv4 address (four numbers 0-255 joined by dots) or an IPv6 address"})
    void rejectsBadAddressesWithOneExactLine(String text, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Cidr.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void rejectsEmptyAndBlank() {
        String msg = "address is empty; expected ADDR/PREFIX such as 10.0.0.10/16";
        assertEquals(msg, assertThrows(InvalidInputException.class, () -> Cidr.parse("")).getMessage());
        assertEquals(msg, assertThrows(InvalidInputException.class, () -> Cidr.parse("  ")).getMessage());
        assertEquals(msg, assertThrows(InvalidInputException.class, () -> Cidr.parse(null)).getMessage());
    }
}
