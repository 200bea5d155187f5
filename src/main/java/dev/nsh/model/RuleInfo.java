package dev.nsh.model;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A policy routing rule (one RTM_NEWRULE), in the terms of {@code ip rule}: "32765:\tfrom
 * 10.0.0.0/24 iif v1 lookup 100". {@code src}/{@code dst} null with length 0 is "all";
 * {@code action} is FR_ACT_* (1 lookup, 6 blackhole, 7 unreachable, 8 prohibit).
 */
public record RuleInfo(String namespace, int family, long priority, boolean not, InetAddress src, int srcLen,
                       InetAddress dst, int dstLen, long fwmark, long fwmask, String iif, String oif, long table, int action) {

    /** A table as ip names it: "main", "local", "default", else the number. */
    public static String tableName(long table) {
        return table == 254 ? "main" : table == 255 ? "local" : table == 253 ? "default" : Long.toString(table);
    }

    private static String actionName(int action) {
        return switch (action) {
            case 3 -> "nop";
            case 6 -> "blackhole";
            case 7 -> "unreachable";
            case 8 -> "prohibit";
            default -> "action " + action;
        };
    }

    private int hostLen() {
        return family == 10 ? 128 : 32;
    }

    /** The fields as {@code ip -j rule} names them (src "all" when there is none). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("priority", priority);
        if (not) m.put("not", null);
        m.put("src", src != null ? Addresses.text(src) : srcLen != 0 ? "0" : "all");
        if (srcLen != 0 && srcLen != hostLen() || src == null && srcLen != 0) m.put("srclen", srcLen);
        if (dst != null || dstLen != 0) {
            m.put("dst", dst != null ? Addresses.text(dst) : "0");
            if (dstLen != hostLen()) m.put("dstlen", dstLen);
        }
        if (fwmark != 0 || fwmask != 0) {
            m.put("fwmark", "0x" + Long.toHexString(fwmark));
            if (fwmask != 0xffffffffL) m.put("fwmask", "0x" + Long.toHexString(fwmask));
        }
        if (iif != null) m.put("iif", iif);
        if (oif != null) m.put("oif", oif);
        if (table != 0) m.put("table", tableName(table));
        if (action != 1) m.put("action", actionName(action));
        return m;
    }

    /** One line of {@code ip rule}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(priority).append(":\t");
        if (not) s.append("not ");
        s.append("from ").append(src != null ? Addresses.text(src) : srcLen != 0 ? "0" : "all");
        if (srcLen != 0 && srcLen != hostLen()) s.append('/').append(srcLen);
        if (dst != null || dstLen != 0) {
            s.append(" to ").append(dst != null ? Addresses.text(dst) : "0");
            if (dstLen != hostLen()) s.append('/').append(dstLen);
        }
        if (fwmark != 0 || fwmask != 0) {
            s.append(" fwmark 0x").append(Long.toHexString(fwmark));
            if (fwmask != 0xffffffffL) s.append("/0x").append(Long.toHexString(fwmask));
        }
        if (iif != null) s.append(" iif ").append(iif);
        if (oif != null) s.append(" oif ").append(oif);
        if (table != 0) s.append(" lookup ").append(tableName(table));
        if (action != 1) s.append(' ').append(actionName(action));
        return s.toString();
    }
}
