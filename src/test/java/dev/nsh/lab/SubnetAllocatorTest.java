package dev.nsh.lab;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Cidr;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubnetAllocatorTest {
    @Test
    void handsOutAlignedBlocksInOrder() {
        SubnetAllocator a = new SubnetAllocator("10.0.0.0/8");
        assertEquals("10.0.0.0/24", a.next(24).toString());
        assertEquals("10.0.1.0/24", a.next(24).toString());
        assertEquals("10.0.4.0/22", a.next(22).toString());
        assertEquals("10.0.8.0/24", a.next(24).toString());
    }

    @Test
    void skipsWhatTheUserReserved() {
        SubnetAllocator a = new SubnetAllocator("10.0.0.0/8");
        assertEquals("10.0.1.0/24", a.reserve("10.0.1.7/24").toString());
        assertEquals("10.0.0.0/24", a.next(24).toString());
        assertEquals("10.0.2.0/24", a.next(24).toString());
        assertEquals("subnet \"10.0.2.128/25\" overlaps 10.0.2.0/24, already used in this lab",
                assertThrows(InvalidInputException.class, () -> a.reserve("10.0.2.128/25")).getMessage());
    }

    @Test
    void sizesABridgeSubnetForItsHosts() {
        SubnetAllocator a = new SubnetAllocator("10.0.0.0/8");
        assertEquals(24, a.forHosts(3).prefix());
        assertEquals(24, a.forHosts(250).prefix());
        assertEquals(23, a.forHosts(300).prefix());
    }

    @Test
    void hostsAndBoundsOfASubnet() {
        Cidr s = Cidr.parse("10.9.0.0/30");
        assertEquals("10.9.0.1/30", SubnetAllocator.host(s, 1).toString());
        assertEquals("10.9.0.2/30", SubnetAllocator.host(s, 2).toString());
        assertEquals("subnet 10.9.0.0/30 has no host number 3; it holds 2 hosts",
                assertThrows(InvalidInputException.class, () -> SubnetAllocator.host(s, 3)).getMessage());
        assertTrue(SubnetAllocator.contains(s, SubnetAllocator.toAddress(SubnetAllocator.toLong(s.address()) + 3)));
        assertFalse(SubnetAllocator.contains(s, SubnetAllocator.toAddress(SubnetAllocator.toLong(s.address()) + 4)));
    }

    @Test
    void aPoolRunsOutWithAClearError() {
        SubnetAllocator a = new SubnetAllocator("192.168.0.0/23");
        a.next(24);
        a.next(24);
        assertEquals("subnet pool 192.168.0.0/23 has no free /24 left", assertThrows(InvalidInputException.class, () -> a.next(24)).getMessage());
        assertEquals("subnet \"fd00::/64\" is not IPv4; lab subnets are IPv4",
                assertThrows(InvalidInputException.class, () -> a.reserve("fd00::/64")).getMessage());
    }
}
