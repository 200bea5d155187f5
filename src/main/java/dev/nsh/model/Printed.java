package dev.nsh.model;

/**
 * A result whose text was printed while it was being made (a ping's replies and summary, a
 * program's output): the REPL does not print it a second time.
 */
public interface Printed {
}
