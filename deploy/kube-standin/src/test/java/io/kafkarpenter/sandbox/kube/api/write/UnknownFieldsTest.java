package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static io.kafkarpenter.sandbox.kube.api.write.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

class UnknownFieldsTest {

    static JsonNode nodePoolSchema() throws IOException {
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../crds/karpenter.sh_nodepools.yaml").toFile());
        return crd.at("/spec/versions/0/schema/openAPIV3Schema");
    }

    static JsonNode nodePool(String templateSpec) {
        return json("{'apiVersion': 'karpenter.sh/v1', 'kind': 'NodePool', 'metadata': {'name': 'default', 'labels': {'a': 'b'}},"
                + " 'spec': {'template': {'spec': " + templateSpec + "}}}");
    }

    @Test
    void aValidNodePoolHasNoUnknownFields() throws IOException {
        JsonNode pool = nodePool("{'nodeClassRef': {'group': 'karpenter.k8s.aws', 'kind': 'EC2NodeClass', 'name': 'default'},"
                + " 'requirements': [{'key': 'kubernetes.io/arch', 'operator': 'In', 'values': ['amd64']}]}");
        JsonNode before = pool.deepCopy();

        assertThat(UnknownFields.prune(pool, nodePoolSchema())).isEmpty();
        assertThat(pool).isEqualTo(before);
    }

    @Test
    void unknownFieldsAreNamedByPathSortedAndRemoved() throws IOException {
        JsonNode pool = nodePool("{'foo': 1, 'requirements': [{'key': 'k', 'operator': 'Exists', 'bar': true}]}");

        assertThat(UnknownFields.prune(pool, nodePoolSchema()))
                .containsExactly("spec.template.spec.foo", "spec.template.spec.requirements[0].bar");
        assertThat(pool.at("/spec/template/spec").has("foo")).isFalse();
        assertThat(pool.at("/spec/template/spec/requirements/0").has("bar")).isFalse();
    }

    @Test
    void preserveUnknownFieldsKeepsUnknownButPrunesDeclaredSubtrees() {
        JsonNode schema = json("{'type': 'object', 'properties': {'spec': {'type': 'object', 'x-kubernetes-preserve-unknown-fields': true,"
                + " 'properties': {'known': {'type': 'object', 'properties': {'a': {'type': 'string'}}}}},"
                + " 'labels': {'type': 'object', 'additionalProperties': {'type': 'string'}}}}");
        JsonNode object = json("{'apiVersion': 'x/v1', 'kind': 'X', 'metadata': {'anything': 1},"
                + " 'spec': {'free': {'x': 1}, 'known': {'a': 'b', 'b': 'c'}}, 'labels': {'k': 'v'}, 'top': 1}");

        assertThat(UnknownFields.prune(object, schema)).containsExactly("spec.known.b", "top");
        assertThat(object.at("/spec/free/x").asInt()).isEqualTo(1);
        assertThat(object.at("/metadata/anything").asInt()).isEqualTo(1);
    }
}
