package dev.nsh.nft;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A rule's comment, kept in its NFTA_RULE_USERDATA as nft keeps it: type-length-value entries of
 * one byte each for type and length (libnftnl's udata), the comment being type 0
 * (NFTNL_UDATA_RULE_COMMENT), its text NUL-terminated.
 */
final class RuleComment {
    private RuleComment() {}

    static final int COMMENT = 0, MAX = 128; // nft's NFT_USERDATA_MAXLEN bounds the text

    /** The comment in {@code userdata}, or null. */
    static String of(byte[] userdata) {
        if (userdata == null) return null;
        for (int i = 0; i + 2 <= userdata.length; ) {
            int type = userdata[i] & 0xff, len = userdata[i + 1] & 0xff;
            if (i + 2 + len > userdata.length) return null;
            if (type == COMMENT) {
                int end = i + 2;
                while (end < i + 2 + len && userdata[end] != 0) end++;
                return new String(userdata, i + 2, end - i - 2, StandardCharsets.UTF_8);
            }
            i += 2 + len;
        }
        return null;
    }

    /** The userdata nft sends for {@code comment}. */
    static byte[] userdata(String comment) {
        byte[] text = comment.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(COMMENT);
        out.write(text.length + 1);
        out.write(text, 0, text.length);
        out.write(0);
        return out.toByteArray();
    }

    /** The rule's line with its comment, as nft prints it; null stays null (an unnamed rule). */
    static String withText(String text, String comment) {
        if (text == null || comment == null) return text;
        return text + " comment \"" + comment + "\"";
    }
}
