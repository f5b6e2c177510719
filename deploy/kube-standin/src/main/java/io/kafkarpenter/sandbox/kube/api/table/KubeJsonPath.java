package io.kafkarpenter.sandbox.kube.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CRD printer column's JSONPath ({@code .status.conditions[?(@.type=="Ready")].status},
 * {@code .metadata.labels.node\.kubernetes\.io/instance-type}), evaluated with Jayway JsonPath over a Jackson tree.
 *
 * <p>Kubernetes' dialect differs from Jayway's in two ways handled here: the optional {@code {...}} wrapper and
 * backslash-escaped dots inside a name, which become a bracketed name ({@code ['node.kubernetes.io/instance-type']}).
 * Filters, indexes and wildcards are passed on as they are.
 */
public final class KubeJsonPath {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Configuration CONFIGURATION = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final String expression;
    private final JsonPath compiled;

    private KubeJsonPath(String expression) {
        this.expression = expression;
        this.compiled = JsonPath.compile(toJayway(expression));
    }

    /** @throws IllegalArgumentException when the path cannot be parsed */
    public static KubeJsonPath compile(String kubernetesPath) {
        try {
            return new KubeJsonPath(kubernetesPath);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid JSONPath " + kubernetesPath + ": " + e.getMessage(), e);
        }
    }

    /** The first non-null result, as the API server's printer takes it; empty when the path finds nothing. */
    public Optional<JsonNode> first(JsonNode object) {
        JsonNode results = compiled.read(object, CONFIGURATION);
        if (results == null) {
            return Optional.empty();
        }
        for (JsonNode result : results) {
            if (result != null && !result.isNull()) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return expression;
    }

    /** Kubernetes JSONPath → Jayway: {@code {.a.b\.c[0]}} → {@code $.a['b.c'][0]}. */
    static String toJayway(String kubernetesPath) {
        String path = kubernetesPath.trim();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1).trim();
        }
        if (path.startsWith("$")) {
            path = path.substring(1);
        }
        List<String> segments = new ArrayList<>();
        List<Boolean> escaped = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        boolean segmentEscaped = false;
        int depth = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length() && depth == 0) {
                segment.append(path.charAt(++i));
                segmentEscaped = true;
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (c == '.' && depth == 0) {
                segments.add(segment.toString());
                escaped.add(segmentEscaped);
                segment.setLength(0);
                segmentEscaped = false;
            } else {
                segment.append(c);
            }
        }
        segments.add(segment.toString());
        escaped.add(segmentEscaped);
        StringBuilder out = new StringBuilder("$");
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.isEmpty()) {
                continue;
            }
            int bracket = s.indexOf('[');
            String name = bracket < 0 ? s : s.substring(0, bracket);
            String suffix = bracket < 0 ? "" : s.substring(bracket);
            if (name.isEmpty() || name.equals("*")) {
                out.append(name.isEmpty() ? "" : ".*");
            } else if (!escaped.get(i) && PLAIN_NAME.matcher(name).matches()) {
                out.append('.').append(name);
            } else {
                out.append("['").append(name.replace("'", "\\'")).append("']");
            }
            out.append(suffix);
        }
        return out.toString();
    }
}
