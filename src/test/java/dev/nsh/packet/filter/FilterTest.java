package dev.nsh.packet.filter;

import dev.nsh.packet.Frames;
import dev.nsh.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The filter language without a kernel: parsing, precedence, errors, and programs run in Java. */
class FilterTest {

    private static void assertError(String filter, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Filter.compile(filter));
        assertEquals(message, e.getMessage());
    }

    @Test
    void malformedExpressionsPointAtTheToken() {
        assertError("icmp and", "filter \"icmp and\": expected an expression after \"and\" at position 9");
        assertError("icmp or", "filter \"icmp or\": expected an expression after \"or\" at position 8");
        assertError("not", "filter \"not\": expected an expression after \"not\" at position 4");
        assertError("(icmp", "filter \"(icmp\": expected \")\" to close the \"(\" at position 1 at position 6");
        assertError("icmp)", "filter \"icmp)\": unexpected \")\" with no \"(\" before it at position 5");
        assertError("icmp udp", "filter \"icmp udp\": expected \"and\" or \"or\" before \"udp\" at position 6");
        assertError("hots 10.0.0.1", "filter \"hots 10.0.0.1\": unknown word \"hots\" at position 1");
        assertError("host", "filter \"host\": expected an address after \"host\" at position 5");
        assertError("host 10.0.0.300", "filter \"host 10.0.0.300\": \"10.0.0.300\" is not an IPv4 or IPv6 address at position 6");
        assertError("port 70000", "filter \"port 70000\": port \"70000\" is not a number 0..65535 at position 6");
        assertError("net 10.0.0.1/24", "filter \"net 10.0.0.1/24\": net \"10.0.0.1/24\" has host bits set (the network is 10.0.0.0/24) at position 5");
        assertError("src icmp", "filter \"src icmp\": expected host, net or port after \"src\" at position 5");
        assertError("icmp port 7", "filter \"icmp port 7\": \"icmp\" cannot qualify \"port\"; only tcp and udp qualify port (write \"icmp and port ...\") at position 1");
        assertError("icmp & udp", "filter \"icmp & udp\": \"&\" is not an operator; use \"&&\" or \"and\" at position 6");
        assertError("10.0.0.1", "filter \"10.0.0.1\": \"10.0.0.1\" needs a qualifier before it, such as host, net or port at position 1");
        assertError("()", "filter \"()\": expected an expression after \"(\" at position 2");
    }

    @Test
    void andAndOrBindEquallyFromTheLeftAsInLibpcap() {
        assertEquals("((icmp or udp) and host 10.0.0.1)", Filter.compile("icmp or udp and host 10.0.0.1").expression().toString());
        assertEquals("(not icmp and udp)", Filter.compile("! icmp && udp").expression().toString());
        assertEquals("(icmp or (udp and tcp))", Filter.compile("icmp || (udp and tcp)").expression().toString());
    }

    @Test
    void aBareValueRepeatsTheQualifiersBeforeIt() {
        assertEquals("(src host 10.0.0.1 or src host 10.0.0.2)", Filter.compile("src host 10.0.0.1 or 10.0.0.2").expression().toString());
        assertEquals("(tcp dst port 80 or tcp dst port 443)", Filter.compile("tcp dst port 80 or 443").expression().toString());
    }

    @Test
    void icmpCompilesToTcpdumpsProgram() {
        // tcpdump -d icmp
        assertEquals("""
                (000) ldh [12]
                (001) jeq #0x800 jt 0 jf 3
                (002) ldb [23]
                (003) jeq #0x1 jt 0 jf 1
                (004) ret #262144
                (005) ret #0
                """, Filter.compile("icmp").program().toString());
    }

    @Test
    void theEmptyFilterAcceptsEverything() {
        assertTrue(Filter.compile("").matches(new byte[1]));
        assertTrue(Filter.compile("  ").matches(new byte[0]));
    }

    @Test
    void programsJudgeFrames() {
        byte[] icmp = Frames.ipv4(1, "10.0.0.10", "10.0.0.20", new byte[8]);
        byte[] udp = Frames.ipv4(17, "10.0.0.10", "10.0.0.20", Frames.ports(40000, 53));
        assertTrue(Filter.compile("icmp and host 10.0.0.20").matches(icmp));
        assertFalse(Filter.compile("icmp and host 10.0.0.20").matches(udp));
        assertTrue(Filter.compile("udp dst port 53").matches(udp));
        assertFalse(Filter.compile("udp src port 53").matches(udp));
        assertTrue(Filter.compile("net 10.0.0.0/24 and not icmp").matches(udp));
        assertFalse(Filter.compile("src net 10.0.1.0/24").matches(udp));
        assertFalse(Filter.compile("port 53").matches(new byte[20]), "a short frame is rejected, not read past its end");
    }
}
