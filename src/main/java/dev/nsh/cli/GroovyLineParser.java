package dev.nsh.cli;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

/**
 * The REPL's JLine parser: Enter on unfinished Groovy (the first line of a for loop, of a closure,
 * of a map over three lines) does not submit it but raises JLine's {@link EOFError}, so
 * the reader shows the continuation prompt and the entry grows until it closes, one history entry.
 * Words for completion are split without quotes or escapes (a Groovy string is one word's part).
 */
final class GroovyLineParser extends DefaultParser {
    GroovyLineParser() {
        setQuoteChars(new char[0]);
        setEscapeChars(new char[0]);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !isCommand(line) && GroovySource.incomplete(line)) {
            throw new EOFError(-1, cursor, "incomplete Groovy", "...");
        }
        return super.parse(line, cursor, context);
    }

    /** A REPL command (/help, /exit ...): a line starting with "/", but not a Groovy comment ("/* ..."). */
    static boolean isCommand(String line) {
        String s = line.strip();
        return s.startsWith("/") && !s.startsWith("/*");
    }
}
