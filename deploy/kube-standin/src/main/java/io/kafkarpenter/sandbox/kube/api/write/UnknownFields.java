package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Finds (and removes) the fields of a custom resource its CRD's structural schema does not declare: a port of the
 * API server's pruning ({@code apiextensions-apiserver pkg/apiserver/schema/pruning/algorithm.go}), which also names
 * the unknown fields for {@code fieldValidation=Strict|Warn}.
 *
 * <p>Followed: {@code properties}, {@code additionalProperties} (a schema; {@code true} keeps everything),
 * {@code items}, {@code x-kubernetes-preserve-unknown-fields} (unknown fields kept, known ones still pruned below),
 * {@code x-kubernetes-embedded-resource} and the object's root ({@code apiVersion}, {@code kind}, {@code metadata}
 * always allowed, metadata not checked). Paths as upstream: {@code spec.template.spec.foo},
 * {@code spec.template.spec.requirements[0].foo}; sorted.
 */
final class UnknownFields {

    private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private UnknownFields() {
    }

    /** The unknown fields' paths, sorted; removes them from {@code object}. */
    static List<String> prune(JsonNode object, JsonNode schema) {
        List<String> unknown = new ArrayList<>();
        prune(object, rootSchema(schema), "", unknown);
        Collections.sort(unknown);
        return unknown;
    }

    private static JsonNode rootSchema(JsonNode schema) {
        ObjectNode root = schema == null || !schema.isObject() ? Store.JSON.createObjectNode() : ((ObjectNode) schema).deepCopy();
        root.put("x-kubernetes-embedded-resource", true);
        return root;
    }

    private static void prune(JsonNode value, JsonNode schema, String path, List<String> unknown) {
        if (schema != null && schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            skipPrune(value, schema, path, unknown);
            return;
        }
        if (value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            for (String key : fieldNames(object)) {
                if (schema != null && embedded(schema) && META_FIELDS.contains(key)) {
                    continue;
                }
                JsonNode property = schema == null ? null : schema.path("properties").get(key);
                JsonNode additional = schema == null ? null : schema.get("additionalProperties");
                if (property != null) {
                    prune(object.get(key), property, join(path, key), unknown);
                } else if (additional != null && additional.isObject()) {
                    prune(object.get(key), additional, join(path, key), unknown);
                } else if (additional != null && additional.asBoolean(false)) {
                    continue;
                } else {
                    if (!META_FIELDS.contains(key) || !path.isEmpty()) {
                        unknown.add(join(path, key));
                    }
                    object.remove(key);
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                prune(value.get(i), schema == null ? null : schema.get("items"), path + "[" + i + "]", unknown);
            }
        }
    }

    private static void skipPrune(JsonNode value, JsonNode schema, String path, List<String> unknown) {
        if (value.isObject()) {
            for (String key : fieldNames(value)) {
                if (embedded(schema) && META_FIELDS.contains(key)) {
                    continue;
                }
                JsonNode property = schema.path("properties").get(key);
                JsonNode additional = schema.get("additionalProperties");
                if (property != null) {
                    prune(value.get(key), property, join(path, key), unknown);
                } else if (additional != null && additional.isObject()) {
                    prune(value.get(key), additional, join(path, key), unknown);
                }
            }
        } else if (value.isArray() && schema.get("items") != null) {
            for (int i = 0; i < value.size(); i++) {
                skipPrune(value.get(i), schema.get("items"), path + "[" + i + "]", unknown);
            }
        }
    }

    private static boolean embedded(JsonNode schema) {
        return schema.path("x-kubernetes-embedded-resource").asBoolean(false);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
