package dev.nsh.nft;

import groovy.json.JsonOutput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ruleset as JSON shaped like {@code nft -j list ruleset}: {"nftables": [metainfo, then each
 * table, its chains, its rules]}, a rule's "expr" a list of matches and statements. A rule nsh
 * cannot name has {"nsh_unnamed": [expression names]} as its only expression.
 */
final class RulesetJson {
    private RulesetJson() {}

    static String of(Ruleset r) {
        List<Object> items = new ArrayList<>();
        items.add(Map.of("metainfo", Map.of("json_schema_version", 1, "producer", "nsh")));
        for (Ruleset.Table t : r.tables()) {
            items.add(Map.of("table", RuleText.json("family", t.family(), "name", t.name(), "handle", t.handle())));
            for (Ruleset.Chain c : t.chains()) {
                Map<String, Object> chain = RuleText.json("family", t.family(), "table", t.name(), "name", c.name(), "handle", c.handle());
                if (c.isBase()) {
                    chain.put("type", c.type());
                    chain.put("hook", c.hook());
                    chain.put("prio", c.priority());
                    chain.put("policy", c.policy());
                }
                items.add(Map.of("chain", chain));
            }
            Map<String, Ruleset.Set> sets = RuleText.setsOf(t);
            for (Ruleset.Chain c : t.chains()) {
                for (Ruleset.Rule rule : c.rules()) {
                    Map<String, Object> m = RuleText.json("family", t.family(), "table", t.name(), "chain", c.name(), "handle", rule.handle());
                    List<RuleText.Clause> clauses = RuleText.clauses(t, sets, rule.exprs());
                    List<Object> expr = new ArrayList<>();
                    if (clauses != null) for (RuleText.Clause cl : clauses) expr.add(cl.json());
                    else expr.add(Map.of("nsh_unnamed", rule.exprs().stream().map(ExprCodec::name).toList()));
                    if (rule.comment() != null) m.put("comment", rule.comment());
                    m.put("expr", expr);
                    items.add(Map.of("rule", m));
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nftables", items);
        return JsonOutput.toJson(doc);
    }
}
