package dev.nsh.junit;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lab names of tests: readable, within a lab name's rule, unique per lab and run. Needs no root. */
class LabNamesTest {
    /** Lab.checkName's rule. */
    private static final String RULE = "[A-Za-z0-9][A-Za-z0-9_.-]{0,31}";

    @Test
    void shortNamesAreKeptWhole() {
        assertEquals("RouterTest.reaches-1x2k_7", LabNames.name("RouterTest", "reaches", "1x2k", 7));
        assertEquals("RouterTest-1x2k_z", LabNames.name("RouterTest", null, "1x2k", 35));
    }

    @Test
    void longNamesAreCutToFitAndKeepTheRunAndCount() {
        String n = LabNames.name("AVeryLongTestClassNameIndeed", "aVeryLongTestMethodNameAsWell", "2hyzk", 36 * 36 * 36 - 1);
        assertEquals("AVeryLongT.aVeryLongTe-2hyzk_zzz", n);
        assertEquals(32, n.length());
        // A short class leaves the method the rest of the room, and the other way round.
        assertEquals("Ab.aVeryLongTestMethodNa-2hyzk_1", LabNames.name("Ab", "aVeryLongTestMethodNameAsWell", "2hyzk", 1));
        assertEquals("AVeryLongTestClassNameInde.m-9_1", LabNames.name("AVeryLongTestClassNameIndeedYes", "m", "9", 1));
    }

    @Test
    void charactersALabNameRefusesBecomeDotsAndItStartsWithALetterOrDigit() {
        assertEquals("Outer.Inner.m-1_1", LabNames.name("Outer$Inner", "m", "1", 1));
        assertEquals("t_x.m-1_1", LabNames.name("_x", "m", "1", 1));
    }

    @Test
    void everyNameOfARunIsNewAndAllowed() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String n = LabNames.next(LabNamesTest.class, "everyNameOfARunIsNewAndAllowedEvenWhenLong");
            assertTrue(n.matches(RULE), n);
            assertTrue(seen.add(n), "twice: " + n);
        }
    }
}
