package dev.nsh.topo;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The keys and kinds ClabFile knows are exactly those of containerlab's JSON schema
 * (schemas/clab.schema.json, a copy in the test resources): a key the schema gains or loses shows
 * here; and files with nsh's extensions are valid by that schema (networknt's validator, Jackson's
 * YAML reader: judges other than nsh's own parser), so containerlab takes them as they are.
 */
class ClabSchemaTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema() {
        try (var in = new InputStreamReader(ClabSchemaTest.class.getResourceAsStream("/clab/clab.schema.json"), StandardCharsets.UTF_8)) {
            return (Map<String, Object>) new JsonSlurper().parse(in);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> properties(Object o) {
        return new TreeSet<>(((Map<String, Object>) ((Map<String, Object>) o).get("properties")).keySet());
    }

    private static List<String> schemaErrors(String yaml) throws java.io.IOException {
        com.networknt.schema.Schema schema;
        try (var in = ClabSchemaTest.class.getResourceAsStream("/clab/clab.schema.json")) {
            schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_7).getSchema(in);
        }
        var tree = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml);
        return schema.validate(tree).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    @Test
    void filesWithNshsExtensionsAreValidForContainerlab() throws java.io.IOException {
        String dir = System.getProperty("nsh.project.dir", System.getProperty("user.dir"));
        assertEquals(List.of(), schemaErrors(java.nio.file.Files.readString(java.nio.file.Path.of(dir, "examples/two-lans.clab.yml"))));
        assertEquals(List.of(), schemaErrors(ClabFileTest.resource("frr01.clab.yml")));
        assertEquals(List.of(), schemaErrors("""
                name: x
                topology:
                  nodes:
                    r1: {kind: linux, config: {vars: {nsh: {forwarding: true, routes: ["default via 10.0.0.1"], tests: [{ping: r2}, {cmd: "true"}]}}}}
                    r2: {kind: linux}
                  links:
                    - endpoints: ["r1:eth1", "r2:eth1"]
                      vars: {nsh: {delay: 10ms, loss: 1}}
                """));
        // and the schema does refuse what nsh refuses as an unknown key
        List<String> typo = schemaErrors("name: x\ntopology:\n  nodes:\n    a: {kind: linux, imagee: alpine}\n");
        org.junit.jupiter.api.Assertions.assertTrue(typo.stream().anyMatch(e -> e.contains("imagee")), typo.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void keysAndKindsAreTheSchemas() {
        Map<String, Object> s = schema();
        Map<String, Object> defs = (Map<String, Object>) s.get("definitions");
        assertEquals(properties(s), new TreeSet<>(ClabFile.TOP));
        assertEquals(properties(((Map<String, Object>) s.get("properties")).get("topology")), new TreeSet<>(ClabFile.TOPOLOGY));
        Map<String, Object> node = (Map<String, Object>) defs.get("node-config");
        assertEquals(properties(node), new TreeSet<>(ClabFile.NODE_KEYS));
        Set<String> kinds = new TreeSet<>((List<String>) ((Map<String, Object>) ((Map<String, Object>) node.get("properties")).get("kind")).get("enum"));
        kinds.add("cumulus_cvx"); // in containerlab's lab-examples (cvx01), not in the schema's enum
        assertEquals(kinds, new TreeSet<>(ClabFile.KINDS));
        // where nsh's extensions go, the schema takes any value: config.vars (an object of anything), a link's vars
        Map<String, Object> vars = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) defs.get("config-config")).get("properties")).get("vars");
        assertEquals(Map.of("type", "object"), Map.of("type", vars.get("type")));
        assertEquals(null, vars.get("additionalProperties"));
        assertEquals(true, ((Map<String, Object>) defs.get("link-vars")).get("additionalProperties"));
    }
}
