package dev.nsh.cli;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.Set;
import java.util.regex.Pattern;

/** Colours Groovy as it is typed: strings, numbers, keywords, the language's functions, comments. */
final class GroovyHighlighter implements Highlighter {
    private static final Set<String> KEYWORDS = Set.of("def", "var", "if", "else", "for", "while", "in", "return", "try",
            "catch", "finally", "throw", "new", "true", "false", "null", "import", "class", "each", "println");
    private static final Set<String> FUNCTIONS = NshCompleter.methods(dev.nsh.Nsh.class, true);
    private static final Pattern TOKEN = Pattern.compile(
            "(//.*$)|(\"(?:\\\\.|[^\"\\\\])*\"?|'(?:\\\\.|[^'\\\\])*'?)|(\\b\\d+(?:\\.\\d+)*\\b)|([A-Za-z_]\\w*)|(\\s+|.)");

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        if (GroovyLineParser.isCommand(buffer)) return sb.styled(AttributedStyle.BOLD.foreground(AttributedStyle.CYAN), buffer).toAttributedString();
        var m = TOKEN.matcher(buffer);
        while (m.find()) {
            String t = m.group();
            if (m.group(1) != null) sb.styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT), t);
            else if (m.group(2) != null) sb.styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN), t);
            else if (m.group(3) != null) sb.styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA), t);
            else if (m.group(4) != null && KEYWORDS.contains(t)) sb.styled(AttributedStyle.BOLD.foreground(AttributedStyle.BLUE), t);
            else if (m.group(4) != null && FUNCTIONS.contains(t)) sb.styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN), t);
            else sb.append(t);
        }
        return sb.toAttributedString();
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
    }

    @Override
    public void setErrorIndex(int errorIndex) {
    }
}
