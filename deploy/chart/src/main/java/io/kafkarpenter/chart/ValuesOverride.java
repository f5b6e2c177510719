package io.kafkarpenter.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kafkarpenter.model.yaml.YamlTrees;

/**
 * Merges {@code --set key=value} pairs into a values.yaml, for {@code helm lint} (helm-java's lint takes no values).
 * Keys are Helm's dotted paths with {@code \.} for a dot inside a key (annotation keys); list indices
 * ({@code a[0]}) are not supported here. Values are typed as Helm's {@code --set} types them: {@code true}/{@code
 * false}, {@code null}, integers (no leading zero), everything else a string.
 */
final class ValuesOverride {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ValuesOverride() {
    }

    /** The values.yaml text with the pairs merged in, as YAML (its comments are lost). */
    @SuppressWarnings("unchecked")
    static String apply(String valuesYaml, Map<String, String> setValues) {
        Map<String, Object> values = valuesYaml.isBlank() ? new LinkedHashMap<>()
            : new LinkedHashMap<>(SERIALIZATION.convertValue(readYaml(valuesYaml), Map.class));
        setValues.forEach((key, value) -> set(values, path(key), typed(value)));
        return SERIALIZATION.asYaml(values);
    }

    /** values.yaml through the project's YAML reader: anchors, aliases and merge keys resolved as Helm resolves them. */
    private static com.fasterxml.jackson.databind.JsonNode readYaml(String valuesYaml) {
        try {
            return YamlTrees.DEFAULT.read(valuesYaml);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("values: not valid YAML: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> values, List<String> path, Object value) {
        Map<String, Object> at = values;
        for (String part : path.subList(0, path.size() - 1)) {
            Object next = at.get(part);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
            } else {
                next = new LinkedHashMap<>((Map<String, Object>) next);
            }
            at.put(part, next);
            at = (Map<String, Object>) next;
        }
        at.put(path.get(path.size() - 1), value);
    }

    /** {@code a.b\.c} → [a, b.c]. */
    static List<String> path(String key) {
        if (key.contains("[")) {
            throw new IllegalArgumentException("list indices are not supported in lint values: " + key);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' && i + 1 < key.length()) {
                part.append(key.charAt(++i));
            } else if (c == '.') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("empty key part in " + key);
        }
        return parts;
    }

    /** Helm's --set typing (strvals.typedVal). */
    static Object typed(String value) {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        if ("null".equalsIgnoreCase(value)) {
            return null;
        }
        if ("0".equals(value)) {
            return 0L;
        }
        if (value.length() < 20 && value.matches("-?[1-9][0-9]*")) {
            return Long.parseLong(value);
        }
        return value;
    }
}
