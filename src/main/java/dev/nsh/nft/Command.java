package dev.nsh.nft;

import dev.nsh.nft.NftLexer.Token;

import java.util.List;

/**
 * One command of an nft script, as parsed: what nft's {@code add}, {@code delete} and
 * {@code flush} do to tables, chains and rules (the block form {@code table ... { chain ... { }
 * }} becomes the same commands). A rule's statements are still words: {@link RuleCompiler} makes
 * expressions of them.
 */
sealed interface Command {
    /** Where the command starts, for errors ("line 3"). */
    Token at();

    record AddTable(Token at, String family, String table) implements Command {}

    record DeleteTable(Token at, String family, String table) implements Command {}

    record FlushTable(Token at, String family, String table) implements Command {}

    /** A chain; a base chain has {@code type} (filter, nat, route), {@code hook}, {@code priority} (null otherwise); {@code policy} is null unless written. */
    record AddChain(Token at, String family, String table, String chain, String type, String hook, Integer priority, String policy)
            implements Command {}

    record DeleteChain(Token at, String family, String table, String chain) implements Command {}

    record FlushChain(Token at, String family, String table, String chain) implements Command {}

    /** A rule; {@code comment} is its {@code comment "..."}, or null. */
    record AddRule(Token at, String family, String table, String chain, List<Stmt> stmts, String comment, String text) implements Command {}

    record DeleteRule(Token at, String family, String table, String chain, long handle) implements Command {}

    record FlushRuleset(Token at) implements Command {}

    /** One statement of a rule, with the token it starts at. */
    sealed interface Stmt {
        Token at();
    }

    /**
     * A match: {@code proto field [!=] value}, proto one of ip, ip6, tcp, udp, icmp, icmpv6, meta,
     * ct (iifname and oifname are meta's); values has more than one entry, or {@code set}, for {@code { a, b }};
     * {@code eq} is an explicit "==" (which compares conntrack states whole).
     */
    record Match(Token at, String proto, String field, boolean neq, boolean eq, List<Token> values, boolean set) implements Stmt {}

    /** accept, drop, return, continue, or jump/goto with its chain. */
    record Verdict(Token at, String kind, String chain) implements Stmt {}

    record Counter(Token at) implements Stmt {}

    /** reject, reject with tcp reset ({@code withTcpReset}), or reject with {@code icmp} (icmp, icmpv6, icmpx) port-unreachable. */
    record Reject(Token at, boolean withTcpReset, String icmp) implements Stmt {}

    record Masquerade(Token at) implements Stmt {}

    /** snat or dnat, to an address and maybe a port; {@code family} "ip" or "ip6" when given (an inet table needs it). */
    record Nat(Token at, String kind, String family, Token to) implements Stmt {}
}
