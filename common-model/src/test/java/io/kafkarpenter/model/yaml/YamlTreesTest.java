package io.kafkarpenter.model.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlTreesTest {

    private static JsonNode read(String yaml) throws Exception {
        return YamlTrees.DEFAULT.read(yaml);
    }

    @Test
    void mappingAliasIsACopyOfTheAnchoredMapping() throws Exception {
        JsonNode tree = read("""
                a:
                  nodeSelector: &sel {kubernetes.io/arch: arm64, team: x}
                b:
                  nodeSelector: *sel
                """);
        assertThat(tree.at("/b/nodeSelector")).isEqualTo(tree.at("/a/nodeSelector"));
        assertThat(tree.at("/b/nodeSelector/team").asText()).isEqualTo("x");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/b/nodeSelector")).put("team", "y");
        assertThat(tree.at("/a/nodeSelector/team").asText()).as("a copy, not shared").isEqualTo("x");
    }

    @Test
    void sequenceAndScalarAliasesResolve() throws Exception {
        JsonNode tree = read("""
                zone: &zone us-east-1b
                count: &n 3
                zones: &zones [us-east-1a, *zone]
                values: [*zone]
                again: *zones
                replicas: *n
                """);
        assertThat(tree.at("/values/0").asText()).isEqualTo("us-east-1b");
        assertThat(tree.get("again")).isEqualTo(tree.get("zones"));
        assertThat(tree.get("replicas").isInt()).isTrue();
        assertThat(tree.get("replicas").intValue()).isEqualTo(3);
    }

    @Test
    void mergeKeysTakeExplicitKeysFirstThenTheFirstMergedMapping() throws Exception {
        JsonNode tree = read("""
                base: &base {cpu: "1", memory: 1Gi, tier: base}
                other: &other {tier: other, extra: yes-please}
                one:
                  <<: *base
                  memory: 2Gi
                many:
                  tier: mine
                  <<: [*other, *base]
                """);
        assertThat(tree.get("one").toString()).isEqualTo("{\"cpu\":\"1\",\"memory\":\"2Gi\",\"tier\":\"base\"}");
        assertThat(tree.at("/many/tier").asText()).isEqualTo("mine");
        assertThat(tree.at("/many/extra").asText()).isEqualTo("yes-please");
        assertThat(tree.at("/many/cpu").asText()).isEqualTo("1");
        assertThat(tree.has("<<")).isFalse();
    }

    @Test
    void scalarsAreTypedAsJacksonTypesThem() throws Exception {
        String yaml = "{a: 1, b: 2.5, c: true, d: null, e: '1', f: 2000-01-01T00:00:00Z, g: 12345678901, h: on, i: }";
        JsonNode jackson = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertThat(read(yaml)).isEqualTo(jackson);
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> read(yaml.toString()))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("alias bomb");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void unknownAliasIsAnError() {
        assertThatThrownBy(() -> read("a: *nowhere\n"))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("*nowhere");
    }

    @Test
    void anchorsBelongToTheirDocument() throws Exception {
        List<JsonNode> docs = YamlTrees.DEFAULT.readAll("a: &x 1\nb: *x\n---\n---\nc: 2\n");
        assertThat(docs).hasSize(3);
        assertThat(docs.get(0).get("b").intValue()).isEqualTo(1);
        assertThat(docs.get(1).isNull()).as("an empty document").isTrue();
        assertThat(docs.get(2).get("c").intValue()).isEqualTo(2);
        assertThatThrownBy(() -> YamlTrees.DEFAULT.readAll("a: &x 1\n---\nb: *x\n"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void codePointLimitIsKept() {
        String big = "a: \"" + "x".repeat(2000) + "\"\n";
        assertThatThrownBy(() -> YamlTrees.withCodePointLimit(1000).read(big))
                .hasMessageContaining("code point");
    }
}
