package io.kafkarpenter.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The PromQL expressions of the chart's monitoring: each Grafana dashboard's panel targets (rows' panels too) and
 * query variables, and each PrometheusRule rule; every one with where it comes from.
 */
final class MonitoringQueries {

    /**
     * An expression and where it is (file, panel or variable, refId; or the alert's name). {@code labelsOnly}: only
     * the series' labels are read (Grafana's {@code label_values}), not their values, so any type will do.
     */
    record Query(String where, String expr, boolean labelsOnly) {
        Query(String where, String expr) {
            this(where, expr, false);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    /** Grafana's {@code label_values(<series selector>, <label>)}: the selector is PromQL, the call is not. */
    private static final Pattern LABEL_VALUES = Pattern.compile(
        "^\\s*label_values\\((.*),\\s*([a-zA-Z_]\\w*)\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

    private MonitoringQueries() {
    }

    /** The dashboards directory of the packaged chart. */
    static Path dashboardsDir() {
        return ChartFiles.chart(HelmChart.CHART).resolve("dashboards");
    }

    /** Every {@code *.json} of the directory, by file name. */
    static List<Path> dashboardFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** The expressions of one dashboard. */
    static List<Query> ofDashboard(String file, JsonNode dashboard) {
        List<Query> out = new ArrayList<>();
        panels(dashboard.path("panels"), file, out);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            JsonNode q = variable.path("query");
            String query = q.isObject() ? q.path("query").asText() : q.asText();
            String where = file + " variable $" + variable.path("name").asText();
            Matcher lv = LABEL_VALUES.matcher(query);
            out.add(lv.matches() ? new Query(where, lv.group(1), true) : new Query(where, variableExpr(query)));
        }
        return out;
    }

    private static void panels(JsonNode panels, String file, List<Query> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(new Query(file + " panel '" + panel.path("title").asText() + "' "
                        + target.path("refId").asText(), target.get("expr").asText()));
                }
            }
            panels(panel.path("panels"), file, out); // a collapsed row holds its panels
        }
    }

    /** The PromQL inside a Grafana variable query ({@code label_values(selector, label)}, {@code query_result(q)}). */
    static String variableExpr(String query) {
        Matcher lv = LABEL_VALUES.matcher(query);
        if (lv.matches()) {
            return lv.group(1);
        }
        Matcher qr = QUERY_RESULT.matcher(query);
        return qr.matches() ? qr.group(1) : query;
    }

    /** The rules of the rendered PrometheusRules: alert (or record) name and expression. */
    @SuppressWarnings("unchecked")
    static List<Query> ofRules(RenderedChart chart) {
        List<Query> out = new ArrayList<>();
        for (GenericKubernetesResource rule : Charts.generic(chart, "PrometheusRule")) {
            List<Map<String, Object>> groups = (List<Map<String, Object>>) Charts.spec(rule).get("groups");
            for (Map<String, Object> group : groups) {
                for (Map<String, Object> r : (List<Map<String, Object>>) group.get("rules")) {
                    Object name = r.containsKey("alert") ? r.get("alert") : r.get("record");
                    out.add(new Query(rule.getMetadata().getName() + " " + group.get("name") + "/" + name,
                        String.valueOf(r.get("expr"))));
                }
            }
        }
        return out;
    }
}
