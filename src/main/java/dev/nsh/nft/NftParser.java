package dev.nsh.nft;

import dev.nsh.error.InvalidInputException;
import dev.nsh.nft.NftLexer.Kind;
import dev.nsh.nft.NftLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses nft's language, the subset labs use, into {@link Command}s: {@code add|delete|flush
 * table|chain|rule}, {@code flush ruleset}, and the block form {@code table FAMILY NAME { chain
 * NAME { type filter hook input priority 0; policy drop; RULES } }}. The family is optional (ip, as
 * for nft). A word out of place is an error naming it, its line and column, and what was expected.
 */
final class NftParser {
    static final Set<String> FAMILIES = Set.of("ip", "ip6", "inet", "arp", "bridge", "netdev");
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?\\d+");
    private static final Set<String> MATCHES = Set.of("ip", "ip6", "tcp", "udp", "icmp", "icmpv6", "meta", "ct", "iifname", "oifname");
    private static final Set<String> VERDICTS = Set.of("accept", "drop", "return", "continue", "jump", "goto");

    private final String src;
    private final List<Token> t;
    private int p;

    private NftParser(String src) {
        this.src = src;
        this.t = NftLexer.tokens(src);
    }

    static List<Command> parse(String src) {
        NftParser parser = new NftParser(src);
        List<Command> out = new ArrayList<>();
        while (true) {
            parser.skipSeparators();
            if (parser.peek().kind() == Kind.END) return out;
            parser.command(out);
            parser.endOfCommand();
        }
    }

    private void command(List<Command> out) {
        Token first = next();
        String verb = first.text();
        if (first.kind() == Kind.WORD && verb.equals("table")) {
            tableBlock(first, out);
            return;
        }
        if (first.kind() != Kind.WORD || !Set.of("add", "delete", "flush", "insert").contains(verb)) {
            throw error(first, "expected a command: add, delete, flush or table");
        }
        Token what = word("table, chain, rule" + (verb.equals("flush") ? " or ruleset" : ""));
        switch (what.text()) {
            case "ruleset" -> {
                if (!verb.equals("flush")) throw error(what, "only flush takes ruleset");
                out.add(new Command.FlushRuleset(first));
            }
            case "table" -> {
                String[] ft = familyAnd(1);
                if (verb.equals("add") && peek().kind() == Kind.LBRACE) {
                    out.add(new Command.AddTable(first, ft[0], ft[1]));
                    tableBody(ft[0], ft[1], out);
                } else {
                    out.add(verb.equals("add") ? new Command.AddTable(first, ft[0], ft[1]) : verb.equals("delete")
                            ? new Command.DeleteTable(first, ft[0], ft[1]) : new Command.FlushTable(first, ft[0], ft[1]));
                }
            }
            case "chain" -> {
                String[] ftc = familyAnd(2);
                if (verb.equals("add")) chainSpec(first, ftc, peek().kind() == Kind.LBRACE, out);
                else out.add(verb.equals("delete") ? new Command.DeleteChain(first, ftc[0], ftc[1], ftc[2])
                        : new Command.FlushChain(first, ftc[0], ftc[1], ftc[2]));
            }
            case "rule" -> {
                String[] ftc = familyAnd(2);
                if (verb.equals("delete")) {
                    Token h = word("handle");
                    if (!h.text().equals("handle")) throw error(h, "delete rule takes handle N (nft -a list ruleset shows them)");
                    out.add(new Command.DeleteRule(first, ftc[0], ftc[1], ftc[2], number(word("a handle number"), "handle", 1, Long.MAX_VALUE)));
                } else if (verb.equals("add")) {
                    out.add(rule(first, ftc[0], ftc[1], ftc[2]));
                } else {
                    throw error(first, "nsh takes add rule and delete rule; " + verb + " rule is not in its subset");
                }
            }
            default -> throw error(what, "expected table, chain, rule" + (verb.equals("flush") ? " or ruleset" : ""));
        }
    }

    /** {@code table [FAMILY] NAME { ... }}: the table, then what its block holds. */
    private void tableBlock(Token first, List<Command> out) {
        String[] ft = familyAnd(1);
        out.add(new Command.AddTable(first, ft[0], ft[1]));
        if (peek().kind() == Kind.LBRACE) tableBody(ft[0], ft[1], out);
    }

    /** A table's block: its chains first, then their rules, so that a rule may jump to a chain declared after it (as nft allows). */
    private void tableBody(String family, String table, List<Command> out) {
        expect(Kind.LBRACE, "{");
        List<Command> inBlock = new ArrayList<>();
        while (true) {
            skipSeparators();
            Token k = next();
            if (k.kind() == Kind.RBRACE) break;
            if (k.kind() != Kind.WORD || !k.text().equals("chain")) throw error(k, "expected chain or } in table " + table);
            Token name = name("a chain name");
            chainSpec(k, new String[] {family, table, name.text()}, true, inBlock);
        }
        for (Command c : inBlock) if (c instanceof Command.AddChain) out.add(c);
        for (Command c : inBlock) if (!(c instanceof Command.AddChain)) out.add(c);
    }

    /** A chain, added to {@code out}; with a block, its hook line, and its rules after it. */
    private void chainSpec(Token first, String[] ftc, boolean block, List<Command> out) {
        if (!block) {
            out.add(new Command.AddChain(first, ftc[0], ftc[1], ftc[2], null, null, null, null));
            return;
        }
        expect(Kind.LBRACE, "{");
        String type = null, hook = null, policy = null;
        Integer prio = null;
        List<Command> rules = new ArrayList<>();
        while (true) {
            skipSeparators();
            Token k = peek();
            if (k.kind() == Kind.RBRACE) {
                next();
                break;
            }
            if (k.kind() == Kind.WORD && k.text().equals("type")) {
                next();
                if (type != null) throw error(k, "chain " + ftc[2] + " has its type already; a chain has one type, hook and priority");
                type = word("a chain type (filter, nat, route)").text();
                if (!Set.of("filter", "nat", "route").contains(type)) throw error(t.get(p - 1), "chain type must be filter, nat or route");
                Token h = word("hook");
                if (!h.text().equals("hook")) throw error(h, "expected hook after the chain type");
                Token hk = word("a hook");
                if (!Fields.HOOKS.containsKey(hk.text())) throw error(hk, "hook must be one of " + String.join(", ", Fields.HOOKS.keySet()));
                hook = hk.text();
                Token pr = word("priority");
                if (!pr.text().equals("priority")) throw error(pr, "expected priority after the hook");
                prio = priority(hook);
            } else if (k.kind() == Kind.WORD && k.text().equals("policy")) {
                next();
                if (policy != null) throw error(k, "chain " + ftc[2] + " has its policy already; give it once");
                Token v = word("accept or drop");
                if (!v.text().equals("accept") && !v.text().equals("drop")) throw error(v, "policy must be accept or drop");
                policy = v.text();
            } else {
                rules.add(rule(k, ftc[0], ftc[1], ftc[2]));
            }
            endOfCommand();
        }
        if (policy != null && hook == null) throw error(first, "chain " + ftc[2] + " has a policy but no hook; only a base chain has one");
        if (hook != null && !List.of("ip", "ip6", "inet", "bridge").contains(ftc[0])) {
            throw error(first, "base chains of family " + ftc[0] + " are not in nsh's subset (its hooks differ); use ip, ip6, inet or bridge");
        }
        // No policy written: none sent, so a chain that exists keeps its own (nft's way); a new one gets accept.
        out.add(new Command.AddChain(first, ftc[0], ftc[1], ftc[2], type, hook, prio, policy));
        out.addAll(rules);
    }

    /** A priority: a number, or a standard name with an optional + N or - N (as nft prints them). */
    private int priority(String hook) {
        Token w = word("a priority");
        int value;
        if (INTEGER.matcher(w.text()).matches()) {
            value = (int) number(w, "priority", Integer.MIN_VALUE, Integer.MAX_VALUE);
        } else {
            Fields.StdPriority std = Fields.PRIORITIES.stream().filter(x -> x.name().equals(w.text())).findFirst().orElse(null);
            if (std == null) throw error(w, "priority must be a number or one of raw, mangle, dstnat, filter, security, srcnat");
            if (std.hooks() != null && !std.hooks().contains(hook)) throw error(w, "priority " + std.name() + " is not for hook " + hook);
            value = std.value();
            Token sign = peek();
            if (sign.kind() == Kind.WORD && (sign.text().equals("+") || sign.text().equals("-"))) {
                next();
                long off = number(word("a number"), "priority offset", 0, 100000);
                value += sign.text().equals("+") ? off : -off;
            }
        }
        return value;
    }

    /** A rule: statements up to the end of the line, a ";" or a "}". */
    private Command rule(Token first, String family, String table, String chain) {
        List<Command.Stmt> stmts = new ArrayList<>();
        int from = p;
        String comment = null;
        while (!isEnd(peek())) {
            if (comment != null) throw error(peek(), "a rule's comment comes last");
            if (peek().kind() == Kind.WORD && peek().text().equals("comment")) {
                next();
                Token c = next();
                if (c.kind() != Kind.STRING) throw error(c, "expected the comment in double quotes");
                if (c.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= RuleComment.MAX) {
                    throw error(c, "a comment is at most " + (RuleComment.MAX - 1) + " bytes");
                }
                comment = c.text();
                continue;
            }
            Command.Stmt last = stmts.isEmpty() ? null : stmts.get(stmts.size() - 1);
            if (last != null && terminal(last)) throw error(peek(), "a statement after " + last.at().text() + " has no effect (it ends the rule)");
            stmts.add(stmt());
        }
        if (stmts.isEmpty()) throw error(peek(), "expected a rule");
        return new Command.AddRule(first, family, table, chain, stmts, comment, text(from, p));
    }

    /** A verdict, reject or nat ends what a rule does (nft: "Statement after terminal statement has no effect"). */
    private static boolean terminal(Command.Stmt s) {
        return s instanceof Command.Verdict || s instanceof Command.Reject || s instanceof Command.Masquerade || s instanceof Command.Nat;
    }

    private Command.Stmt stmt() {
        Token w = next();
        if (w.kind() != Kind.WORD) throw error(w, "expected a match or a statement");
        String k = w.text();
        if (MATCHES.contains(k)) return match(w);
        if (VERDICTS.contains(k)) {
            String chain = k.equals("jump") || k.equals("goto") ? name("a chain to " + k + " to").text() : null;
            return new Command.Verdict(w, k, chain);
        }
        switch (k) {
            case "counter":
                return new Command.Counter(w);
            case "masquerade":
                if (peek().kind() == Kind.WORD && peek().text().equals("to")) throw error(peek(), "masquerade to a port is not in nsh's subset");
                return new Command.Masquerade(w);
            case "reject":
                if (peek().kind() == Kind.WORD && peek().text().equals("with")) {
                    next();
                    Token a = word("tcp reset"), b = word("reset");
                    if (a.text().equals("tcp") && b.text().equals("reset")) return new Command.Reject(w, true, null);
                    if (List.of("icmp", "icmpv6", "icmpx").contains(a.text()) && b.text().equals("port-unreachable")) {
                        return new Command.Reject(w, false, a.text());
                    }
                    throw error(a, "nsh takes reject, reject with tcp reset and reject with icmp|icmpv6|icmpx port-unreachable");
                }
                return new Command.Reject(w, false, null);
            case "snat":
            case "dnat": {
                Token n = word("to");
                String fam = null;
                if (n.text().equals("ip") || n.text().equals("ip6")) {
                    fam = n.text();
                    n = word("to");
                }
                if (!n.text().equals("to")) throw error(n, k + " takes to ADDRESS[:PORT]");
                return new Command.Nat(w, k, fam, word("an address"));
            }
            default:
                throw error(w, "expected a match (" + String.join(", ", List.of("ip", "ip6", "tcp", "udp", "icmp", "icmpv6", "meta", "ct",
                        "iifname", "oifname")) + ") or a statement (accept, drop, reject, counter, jump, goto, return, masquerade, snat, dnat)");
        }
    }

    private Command.Stmt match(Token w) {
        String proto = w.text(), field;
        if (proto.equals("iifname") || proto.equals("oifname")) {
            field = proto;
            proto = "meta";
        } else {
            field = word("a field of " + proto).text();
        }
        boolean neq = false, eq = false;
        if (peek().kind() == Kind.NEQ || peek().kind() == Kind.EQ) {
            neq = next().kind() == Kind.NEQ;
            eq = !neq;
        }
        List<Token> values = new ArrayList<>();
        boolean set = false;
        if (peek().kind() == Kind.LBRACE) {
            next();
            set = true;
            while (true) {
                skipNewlines();
                values.add(value());
                skipNewlines();
                Token sep = next();
                if (sep.kind() == Kind.RBRACE) break;
                if (sep.kind() != Kind.COMMA) throw error(sep, "expected , or } in a set");
            }
        } else {
            values.add(value());
            while (proto.equals("ct") && peek().kind() == Kind.COMMA) { // ct state established,related (or a | b)
                next();
                values.add(value());
            }
        }
        // nft makes a set of one element a plain match: "tcp dport { 22 }" is "tcp dport 22"
        return new Command.Match(w, proto, field, neq, eq, values, set && values.size() > 1);
    }

    private Token value() {
        Token v = next();
        if (v.kind() != Kind.WORD && v.kind() != Kind.STRING) throw error(v, "expected a value");
        return v;
    }

    // ---- the small parts

    /** [FAMILY] NAME ... : the family (ip if left out) and {@code n} names. */
    private String[] familyAnd(int n) {
        String family = "ip";
        if (peek().kind() == Kind.WORD && FAMILIES.contains(peek().text())) {
            // "add table inet" names no table (nft refuses it too), rather than a table "inet" of family ip
            if (!lookAheadNames(n)) throw error(peek(), "is a family; expected " + (n == 1 ? "a table name" : "a table and a chain name") + " after it");
            family = next().text();
        }
        String[] out = new String[n + 1];
        out[0] = family;
        for (int i = 1; i <= n; i++) out[i] = name(i == 1 ? "a table name" : "a chain name").text();
        return out;
    }

    /** Whether after the word at p there are {@code n} more names (so that the word is a family, not the table's name). */
    private boolean lookAheadNames(int n) {
        for (int i = 1; i <= n; i++) {
            Token x = p + i < t.size() ? t.get(p + i) : null;
            if (x == null || x.kind() != Kind.WORD && x.kind() != Kind.STRING) return false;
        }
        return true;
    }

    private Token name(String what) {
        Token x = next();
        if (x.kind() != Kind.WORD && x.kind() != Kind.STRING || x.text().isEmpty()) throw error(x, "expected " + what);
        if (x.text().length() > 255) throw error(x, "a name is at most 255 characters");
        return x;
    }

    private Token word(String what) {
        Token x = next();
        if (x.kind() != Kind.WORD) throw error(x, "expected " + what);
        return x;
    }

    private void expect(Kind k, String what) {
        Token x = next();
        if (x.kind() != k) throw error(x, "expected " + what);
    }

    private static long number(Token w, String what, long min, long max) {
        long v;
        try {
            v = Long.parseLong(w.text());
        } catch (NumberFormatException e) {
            throw error(w, "is not a number");
        }
        if (v < min || v > max) throw new InvalidInputException("nft: " + what + " " + w.text() + " at " + w.at() + " is out of range " + min + ".." + max);
        return v;
    }

    private boolean isEnd(Token x) {
        return x.kind() == Kind.NEWLINE || x.kind() == Kind.SEMI || x.kind() == Kind.RBRACE || x.kind() == Kind.END;
    }

    private void endOfCommand() {
        Token x = peek();
        if (x.kind() == Kind.NEWLINE || x.kind() == Kind.SEMI) next();
        else if (x.kind() != Kind.END && x.kind() != Kind.RBRACE) throw error(x, "expected the end of the command (a new line or ;)");
    }

    private void skipSeparators() {
        while (peek().kind() == Kind.NEWLINE || peek().kind() == Kind.SEMI) next();
    }

    private void skipNewlines() {
        while (peek().kind() == Kind.NEWLINE) next();
    }

    private Token peek() {
        return t.get(p);
    }

    private Token next() {
        Token x = t.get(p);
        if (x.kind() != Kind.END) p++;
        return x;
    }

    /** The source text of tokens from..to (exclusive), as written. */
    private String text(int from, int to) {
        if (from >= to) return "";
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            Token x = t.get(i);
            if (s.length() > 0 && x.kind() != Kind.COMMA) s.append(' ');
            s.append(x.kind() == Kind.STRING ? "\"" + x.text() + "\"" : x.text());
        }
        return s.toString();
    }

    static InvalidInputException error(Token at, String rule) {
        return new InvalidInputException("nft: " + at.shown() + " at " + at.at() + ": " + rule);
    }
}
