package io.kafkarpenter.sandbox.ec2;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of one EC2 Query request ({@code Action=...&Version=...&InstanceId.1=...}), with the accessors the
 * protocol needs: 1-based lists {@code X.N}, lists of structures {@code X.N.Field}, and filters
 * {@code Filter.N.Name} / {@code Filter.N.Value.M}. A {@link #struct(String) struct view} strips a prefix so nested
 * structures read like top-level ones.
 */
final class QueryRequest {
    private static final Pattern INDEXED = Pattern.compile("(\\d+)(?:\\.(.*))?");

    private final SortedMap<String, String> params;

    private QueryRequest(SortedMap<String, String> params) {
        this.params = params;
    }

    /** Decodes an {@code application/x-www-form-urlencoded} body (or query string). */
    static QueryRequest parse(String form) {
        SortedMap<String, String> params = new TreeMap<>();
        if (form != null && !form.isEmpty()) {
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            }
        }
        return new QueryRequest(params);
    }

    static QueryRequest of(Map<String, String> params) {
        return new QueryRequest(new TreeMap<>(params));
    }

    /** All parameters, sorted by name (for idempotency fingerprints and the request log). */
    SortedMap<String, String> asMap() {
        return Collections.unmodifiableSortedMap(params);
    }

    boolean isEmpty() {
        return params.isEmpty();
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(params.get(name));
    }

    String string(String name) {
        return params.get(name);
    }

    String required(String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw Ec2Error.missingParameter(name);
        }
        return value;
    }

    Integer integer(String name) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw Ec2Error.invalidParameterValue("Value (" + value + ") for parameter " + name + " is invalid. Expected an integer.");
        }
    }

    Double decimal(String name) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw Ec2Error.invalidParameterValue("Value (" + value + ") for parameter " + name + " is invalid. Expected a number.");
        }
    }

    boolean bool(String name) {
        String value = params.get(name);
        if (value == null) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw Ec2Error.invalidParameterValue("Value (" + value + ") for parameter " + name + " is invalid. Expected 'true' or 'false'.");
    }

    /** The values of a flattened list {@code prefix.1, prefix.2, ...} in index order. */
    List<String> list(String prefix) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<Integer, SortedMap<String, String>> entry : indexed(prefix).entrySet()) {
            String value = entry.getValue().get("");
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** The structures of a flattened list {@code prefix.N.Field=...}, each as its own view, in index order. */
    List<QueryRequest> structs(String prefix) {
        List<QueryRequest> structs = new ArrayList<>();
        for (SortedMap<String, String> fields : indexed(prefix).values()) {
            SortedMap<String, String> copy = new TreeMap<>(fields);
            copy.remove("");
            structs.add(new QueryRequest(copy));
        }
        return structs;
    }

    /** A nested structure {@code prefix.Field=...} as its own view (empty when absent). */
    QueryRequest struct(String prefix) {
        String start = prefix + ".";
        SortedMap<String, String> fields = new TreeMap<>();
        for (Map.Entry<String, String> e : params.tailMap(start).entrySet()) {
            if (!e.getKey().startsWith(start)) {
                break;
            }
            fields.put(e.getKey().substring(start.length()), e.getValue());
        }
        return new QueryRequest(fields);
    }

    /** {@code Filter.N.Name} / {@code Filter.N.Value.M}. */
    List<Filter> filters() {
        List<Filter> filters = new ArrayList<>();
        int position = 0;
        for (QueryRequest f : structs("Filter")) {
            position++;
            String name = f.string("Name");
            if (name == null || name.isEmpty()) {
                throw Ec2Error.missingParameter("Filter." + position + ".Name");
            }
            filters.add(new Filter(name, f.list("Value")));
        }
        return filters;
    }

    /** index → (rest of the key after {@code prefix.N.}, or "" for {@code prefix.N} itself) → value. */
    private SortedMap<Integer, SortedMap<String, String>> indexed(String prefix) {
        String start = prefix + ".";
        SortedMap<Integer, SortedMap<String, String>> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> e : params.tailMap(start).entrySet()) {
            if (!e.getKey().startsWith(start)) {
                break;
            }
            Matcher m = INDEXED.matcher(e.getKey().substring(start.length()));
            if (!m.matches()) {
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(m.group(1));
            } catch (NumberFormatException tooLarge) {
                throw Ec2Error.invalidParameterValue("Invalid list index in parameter " + e.getKey());
            }
            String rest = m.group(2) == null ? "" : m.group(2);
            byIndex.computeIfAbsent(index, i -> new TreeMap<>()).put(rest, e.getValue());
        }
        return byIndex;
    }
}
