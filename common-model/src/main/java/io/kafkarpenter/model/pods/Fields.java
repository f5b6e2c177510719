package io.kafkarpenter.model.pods;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Null-handling for the contract records: required fields fail with a {@link FieldException} naming the
 * field; optional collections default to empty and are copied so records stay immutable.
 */
public final class Fields {

    private Fields() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw FieldException.missing(field);
        }
        return value;
    }

    /** A required string: null or blank counts as missing. */
    public static String requiredText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw FieldException.missing(field);
        }
        return value;
    }

    /** An optional list: null becomes empty; null elements are dropped; the result is unmodifiable. */
    public static <T> List<T> list(List<T> values) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        return values.stream().filter(Objects::nonNull).toList();
    }

    /** An optional map: null becomes empty; entries with null keys or values are dropped; insertion order kept. */
    public static <V> Map<String, V> map(Map<String, V> values) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        if (values.size() <= SmallMap.MAX) {
            return SmallMap.copyOf(values); // a few entries in one array: most maps of a pod (labels, requests)
        }
        Map<String, V> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** {@code value} when not blank, otherwise {@code fallback}. */
    public static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
