package dev.nsh.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REPL's text handling, without a terminal or root. */
class GroovySourceTest {
    @Test
    void defBecomesBindingVariablesSplitAtTopLevelCommas() {
        assertEquals("a = ns(\"ns-1\"); b = ns(\"ns-2\")", Repl.toBindingVars("def a = ns(\"ns-1\"), b = ns(\"ns-2\")"));
        assertEquals("x = f(1, 2); y = [3, 4]", Repl.toBindingVars("def x = f(1, 2), y = [3, 4]"));
        assertEquals("s = 'a, b'", Repl.toBindingVars("def s = 'a, b'"));
        assertEquals("if (a == b) println 1", Repl.toBindingVars("if (a == b) println 1"));
        assertEquals("  n = 1\nprintln n", Repl.toBindingVars("  def n = 1\nprintln n"));
        assertEquals("def f() { 1 }", Repl.toBindingVars("def f() { 1 }"), "a method definition is left alone");
    }

    @Test
    void theChainBeforeTheCursor() {
        assertEquals(List.of("ns(\"a.b\")", "link(\"v.1\")", "m"), NshCompleter.splitChain("x = ns(\"a.b\").link(\"v.1\").m"));
        assertEquals(List.of("a", "links()", ""), NshCompleter.splitChain("println a.links()."));
        assertEquals(List.of("b", "li"), NshCompleter.splitChain("a.up(); b.li"));
    }

    @Test
    void anOpenBlockClosureMapStringOrCommentIsIncomplete() {
        for (String open : List.of("for (i in 1..2) {", "[1,2].each {", "k = { x ->", "k = { x ->\n x * 3", "m = [a: 1,\n b: 2,",
                "s = \"\"\"x", "/* a comment", "a.ping(\"10.0.0.1\",", "x = 1 + \\")) {
            assertTrue(GroovySource.incomplete(open), open);
        }
        for (String whole : List.of("for (i in 1..2) { println i }", "k = { x ->\n x * 3 }", "s = '{'", "s = \"(\"",
                "println 1 // {", "/* { */ 1", "s = \"\"\"{\n\"\"\"", "'abc", "a.link(\"x\")))", "\"${m[\"k\"]}\"")) {
            assertFalse(GroovySource.incomplete(whole), whole);
        }
    }

    @Test
    void aSwapOfNeighboursIsOneEdit() {
        assertEquals(1, dev.nsh.model.Names.editDistance("pnig", "ping"));
        assertEquals(1, dev.nsh.model.Names.editDistance("rout", "route"));
        assertEquals(3, dev.nsh.model.Names.editDistance("kitten", "sitting"));
    }

    /** TAB's static types: a property by its getter where the class has one; an unknown one is no type (it threw NullPointerException). */
    @Test
    void completionTypesAPropertyChainOrNothing() {
        groovy.lang.Binding b = new groovy.lang.Binding();
        b.setVariable("f", new java.io.File("/tmp"));
        NshCompleter c = new NshCompleter(b, java.util.Set::of);
        assertEquals(String.class, c.typeOf("f.name"));
        assertEquals(String.class, c.typeOf("f.getName()"));
        assertEquals(null, c.typeOf("f.unknown.more"));
    }
}
