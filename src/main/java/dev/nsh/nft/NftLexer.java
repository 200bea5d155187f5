package dev.nsh.nft;

import dev.nsh.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * nft's words: a word is a run of letters, digits and {@code _ . : / - [ ] * @ $}, so that
 * {@code 10.0.0.0/8}, {@code fd00::1}, {@code 1000-2000}, {@code echo-request} and
 * {@code 10.0.0.2:80} are one word each; a string is in double quotes; {@code { } , ;} and a line
 * end are tokens of their own, as are {@code ==} and {@code !=}. {@code #} starts a comment.
 * Each token knows its line and column, for errors.
 */
final class NftLexer {
    enum Kind { WORD, STRING, LBRACE, RBRACE, COMMA, SEMI, NEWLINE, EQ, NEQ, END }

    record Token(Kind kind, String text, int line, int col) {
        String at() {
            return line + ":" + col;
        }

        String shown() {
            return switch (kind) {
                case NEWLINE -> "the end of the line";
                case END -> "the end of the script";
                case STRING -> "\"" + text + "\"";
                default -> "\"" + text + "\"";
            };
        }
    }

    private NftLexer() {}

    static List<Token> tokens(String src) {
        List<Token> out = new ArrayList<>();
        int line = 1, lineStart = 0, i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            int col = i - lineStart + 1;
            if (c == '\n') {
                out.add(new Token(Kind.NEWLINE, "\n", line, col));
                line++;
                lineStart = ++i;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '\\' && i + 1 < src.length() && src.charAt(i + 1) == '\n') { // a continued line
                i += 2;
                line++;
                lineStart = i;
            } else if (c == '#') {
                while (i < src.length() && src.charAt(i) != '\n') i++;
            } else if (c == '"') {
                int end = src.indexOf('"', i + 1);
                int nl = src.indexOf('\n', i + 1);
                if (end < 0 || nl >= 0 && nl < end) throw new InvalidInputException("nft: a string at " + line + ":" + col + " has no closing \"");
                out.add(new Token(Kind.STRING, src.substring(i + 1, end), line, col));
                i = end + 1;
            } else if (c == '|') { // ct state established | related: flags joined, as by a comma
                out.add(new Token(Kind.COMMA, "|", line, col));
                i++;
            } else if (c == '{' || c == '}' || c == ',' || c == ';') {
                Kind k = c == '{' ? Kind.LBRACE : c == '}' ? Kind.RBRACE : c == ',' ? Kind.COMMA : Kind.SEMI;
                out.add(new Token(k, String.valueOf(c), line, col));
                i++;
            } else if ((c == '!' || c == '=') && i + 1 < src.length() && src.charAt(i + 1) == '=') {
                out.add(new Token(c == '!' ? Kind.NEQ : Kind.EQ, c + "=", line, col));
                i += 2;
            } else if (c == '+') { // priority filter + 10
                out.add(new Token(Kind.WORD, "+", line, col));
                i++;
            } else if (isWordChar(c)) {
                int start = i;
                while (i < src.length() && isWordChar(src.charAt(i))) i++;
                out.add(new Token(Kind.WORD, src.substring(start, i), line, col));
            } else {
                throw new InvalidInputException("nft: character '" + c + "' at " + line + ":" + col + " is not part of nft's language");
            }
        }
        out.add(new Token(Kind.END, "", line, i - lineStart + 1));
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || "_.:/-[]*@$".indexOf(c) >= 0;
    }
}
