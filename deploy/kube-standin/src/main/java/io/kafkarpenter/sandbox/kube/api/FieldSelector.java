package io.kafkarpenter.sandbox.kube.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes field selector ({@code spec.nodeName=node-1,status.phase!=Succeeded}) as the API server parses it:
 * comma-separated requirements, each {@code field=value}, {@code field==value} or {@code field!=value}; all must hold.
 *
 * <p>A field missing from the object compares as the empty string, so {@code spec.nodeName=} selects unbound pods,
 * as on a real API server.
 */
public record FieldSelector(List<Requirement> requirements) {

    /** One {@code field op value} term. */
    public record Requirement(String field, boolean equals, String value) {

        boolean matches(JsonNode object) {
            return equals == value.equals(valueAt(object, field));
        }

        @Override
        public String toString() {
            return field + (equals ? "=" : "!=") + value;
        }
    }

    /** Parses a decoded {@code fieldSelector} query value; a blank one selects everything. */
    public static FieldSelector parse(String selector) {
        var requirements = new ArrayList<Requirement>();
        if (selector == null || selector.isBlank()) {
            return new FieldSelector(requirements);
        }
        for (String term : selector.split(",")) {
            int notEquals = term.indexOf("!=");
            int doubleEquals = term.indexOf("==");
            int equals = term.indexOf('=');
            if (notEquals >= 0) {
                requirements.add(new Requirement(term.substring(0, notEquals).trim(), false, term.substring(notEquals + 2).trim()));
            } else if (doubleEquals >= 0) {
                requirements.add(new Requirement(term.substring(0, doubleEquals).trim(), true, term.substring(doubleEquals + 2).trim()));
            } else if (equals >= 0) {
                requirements.add(new Requirement(term.substring(0, equals).trim(), true, term.substring(equals + 1).trim()));
            } else {
                throw new IllegalArgumentException("invalid field selector term '" + term + "': expected field=value or field!=value");
            }
        }
        return new FieldSelector(List.copyOf(requirements));
    }

    public boolean matches(JsonNode object) {
        return requirements.stream().allMatch(r -> r.matches(object));
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** The textual value at a dotted path ({@code spec.nodeName}), or "" when absent. */
    static String valueAt(JsonNode object, String dottedPath) {
        JsonNode node = object;
        for (String part : dottedPath.split("\\.")) {
            if (node == null) {
                return "";
            }
            node = node.get(part);
        }
        return node == null || node.isNull() ? "" : node.asText();
    }

    @Override
    public String toString() {
        return String.join(",", requirements.stream().map(Requirement::toString).toList());
    }
}
