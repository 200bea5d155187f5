package dev.nsh.topo;

import dev.nsh.error.InvalidInputException;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML document as a tree of {@link Y} values that know where they stand in the file, so that
 * every error reads {@code FILE:LINE:COL: message}. SnakeYAML Engine composes the document (YAML
 * 1.2, core schema: {@code true}, {@code 1500}, {@code null}/{@code ~}); anchors and aliases are
 * resolved, merge keys ({@code <<}) are an ordinary key, a key given twice is an error.
 */
final class Yaml {
    private Yaml() {}

    /** One value of the document: a map (keys in file order), a list, a scalar, or null; with its position. */
    static final class Y {
        final String file;
        final int line, col;
        final String scalar;       // a scalar's text, or null
        final Tag tag;             // a scalar's resolved tag (str, int, bool, float, null)
        final List<Y> items;       // a list's, or null
        final Map<String, Y> map;  // a map's values, or null
        final Map<String, Y> keys; // a map's keys, for errors about a key

        private Y(String file, Mark m, String scalar, Tag tag, List<Y> items, Map<String, Y> map, Map<String, Y> keys) {
            this.file = file;
            this.line = m == null ? 0 : m.getLine() + 1;
            this.col = m == null ? 0 : m.getColumn() + 1;
            this.scalar = scalar;
            this.tag = tag;
            this.items = items;
            this.map = map;
            this.keys = keys;
        }

        boolean isNull() {
            return scalar == null && items == null && map == null;
        }

        boolean isMap() {
            return map != null;
        }

        boolean isList() {
            return items != null;
        }

        /** An error at this value: {@code FILE:LINE:COL: message}. */
        InvalidInputException fail(String message) {
            return new InvalidInputException(where() + ": " + message);
        }

        String where() {
            return file + ":" + line + ":" + col;
        }

        /** The value of {@code key}, or null when absent (a YAML null is a Y that isNull()). */
        Y get(String key) {
            return map == null ? null : map.get(key);
        }

        /** The key node of {@code key} (for an error about the key itself). */
        Y key(String key) {
            Y k = keys == null ? null : keys.get(key);
            return k == null ? this : k;
        }

        /** This map, or an error naming {@code what}; null stays null (an empty section). */
        Map<String, Y> asMap(String what) {
            if (isNull()) return Map.of();
            if (map == null) throw fail(what + " is " + describe() + "; it must be a map (key: value)");
            return map;
        }

        List<Y> asList(String what) {
            if (isNull()) return List.of();
            if (items == null) throw fail(what + " is " + describe() + "; it must be a list");
            return items;
        }

        /** A scalar as text (a string, number or bool), or an error. */
        String asText(String what) {
            if (scalar == null || tag == Tag.NULL) throw fail(what + " is " + describe() + "; it must be a string");
            return scalar;
        }

        int asInt(String what, int min, int max) {
            if (scalar == null || tag != Tag.INT) throw fail(what + " is " + describe() + "; it must be a whole number");
            long v;
            try {
                v = Long.decode(scalar);
            } catch (NumberFormatException e) {
                throw fail(what + " " + scalar + " is not a whole number");
            }
            if (v < min || v > max) throw fail(what + " " + scalar + " is out of range; it must be " + min + " to " + max);
            return (int) v;
        }

        boolean asBool(String what) {
            if (scalar == null || tag != Tag.BOOL) throw fail(what + " is " + describe() + "; it must be true or false");
            return Boolean.parseBoolean(scalar.toLowerCase());
        }

        String describe() {
            if (map != null) return "a map";
            if (items != null) return "a list";
            if (scalar == null || tag == Tag.NULL) return "empty";
            return "\"" + scalar + "\"";
        }
    }

    /** The document in {@code text}, read from {@code file} (named in errors); an empty document is a null Y. */
    static Y parse(String file, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(new CoreSchema())
                .setAllowRecursiveKeys(false).setMaxAliasesForCollections(1000).build();
        Optional<org.snakeyaml.engine.v2.nodes.Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            throw new InvalidInputException(where + ": " + (e.getProblem() == null ? "not YAML" : e.getProblem()) + " (YAML syntax)");
        } catch (YamlEngineException e) {
            throw new InvalidInputException(file + ": " + e.getMessage() + " (YAML syntax)");
        }
        if (root.isEmpty()) return new Y(file, null, null, Tag.NULL, null, null, null);
        return convert(file, root.get(), new IdentityHashMap<>());
    }

    private static Y convert(String file, org.snakeyaml.engine.v2.nodes.Node n, IdentityHashMap<Object, Boolean> path) {
        Mark m = n.getStartMark().orElse(null);
        if (n instanceof ScalarNode s) return new Y(file, m, s.getTag() == Tag.NULL ? null : s.getValue(), s.getTag(), null, null, null);
        if (path.put(n, true) != null) {
            throw new InvalidInputException(file + ":" + (m == null ? 0 : m.getLine() + 1) + ": an alias refers to a value that holds it");
        }
        try {
            if (n instanceof SequenceNode q) {
                List<Y> items = new ArrayList<>();
                for (org.snakeyaml.engine.v2.nodes.Node i : q.getValue()) items.add(convert(file, i, path));
                return new Y(file, m, null, q.getTag(), items, null, null);
            }
            MappingNode map = (MappingNode) n;
            Map<String, Y> values = new LinkedHashMap<>(), keys = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                Y k = convert(file, t.getKeyNode(), path);
                if (k.scalar == null || k.isMap() || k.isList()) throw k.fail("a key is " + k.describe() + "; keys must be plain text");
                if (values.containsKey(k.scalar)) {
                    Y first = keys.get(k.scalar);
                    throw k.fail("key \"" + k.scalar + "\" is given twice (first at line " + first.line + ")");
                }
                keys.put(k.scalar, k);
                values.put(k.scalar, convert(file, t.getValueNode(), path));
            }
            return new Y(file, m, null, map.getTag(), null, values, keys);
        } finally {
            path.remove(n);
        }
    }
}
