package io.kafkarpenter.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A position in the scenario's YAML tree with its path, for error messages that name the field. */
record Node(JsonNode json, String path) {

    static Node root(JsonNode json) {
        return new Node(json, "");
    }

    boolean missing() {
        return json == null || json.isMissingNode() || json.isNull();
    }

    Node get(String field) {
        String p = path.isEmpty() ? field : path + "." + field;
        return new Node(json == null || !json.isObject() ? null : json.get(field), p);
    }

    List<Node> list() {
        List<Node> out = new ArrayList<>();
        if (missing()) {
            return out;
        }
        if (!json.isArray()) {
            throw new InputException(path, "must be a list");
        }
        for (int i = 0; i < json.size(); i++) {
            out.add(new Node(json.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    String text() {
        if (missing()) {
            return null;
        }
        if (json.isContainerNode()) {
            throw new InputException(path, "must be a scalar");
        }
        return json.asText();
    }

    String text(String def) {
        String t = text();
        return t == null ? def : t;
    }

    String requiredText() {
        String t = text();
        if (t == null || t.isEmpty()) {
            throw new InputException(path, "is required");
        }
        return t;
    }

    Integer integer() {
        String t = text();
        if (t == null) {
            return null;
        }
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            throw new InputException(path, "must be an integer, got '" + t + "'");
        }
    }

    Double number() {
        String t = text();
        if (t == null) {
            return null;
        }
        try {
            return Double.parseDouble(t.trim());
        } catch (NumberFormatException e) {
            throw new InputException(path, "must be a number, got '" + t + "'");
        }
    }

    boolean bool(boolean def) {
        if (missing()) {
            return def;
        }
        return json.isBoolean() ? json.booleanValue() : Boolean.parseBoolean(json.asText());
    }

    /** A mapping of scalars to strings (labels, annotations, node selectors). */
    Map<String, String> strings() {
        Map<String, String> out = new LinkedHashMap<>();
        if (missing()) {
            return out;
        }
        if (!json.isObject()) {
            throw new InputException(path, "must be a mapping");
        }
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isContainerNode()) {
                throw new InputException(path + "." + e.getKey(), "must be a scalar");
            }
            out.put(e.getKey(), v.isNull() ? "" : v.asText());
        }
        return out;
    }

    List<String> stringList() {
        List<String> out = new ArrayList<>();
        for (Node n : list()) {
            out.add(n.text(""));
        }
        return out;
    }
}
