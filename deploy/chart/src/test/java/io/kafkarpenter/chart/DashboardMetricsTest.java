package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every metric the Grafana dashboards (dashboards/*.json) and the PrometheusRule alerts query is a series the services
 * export, per deploy/metrics/metrics.txt, and is read as its type allows ({@link QueryCheck}); and the dashboards
 * take their data source from the {@code ${datasource}} variable.
 */
class DashboardMetricsTest {

    private static MetricsList list;
    private static QueryCheck check;

    @BeforeAll
    static void load() {
        list = MetricsList.load();
        check = new QueryCheck(list);
    }

    private static List<String> problems(List<MonitoringQueries.Query> queries) {
        List<String> problems = new ArrayList<>();
        queries.forEach(q -> problems.addAll(check.problems(q)));
        return problems;
    }

    @Test
    void theThreeDashboardsShipWithTheChart() {
        List<Path> files = MonitoringQueries.dashboardFiles(MonitoringQueries.dashboardsDir());
        assertThat(files).extracting(p -> p.getFileName().toString())
            .containsExactly("capacity.json", "disruption.json", "pipeline.json");
        Set<String> uids = new HashSet<>();
        for (Path file : files) {
            JsonNode dashboard = MonitoringQueries.read(file);
            assertThat(dashboard.path("title").asText()).as(file.toString()).startsWith("Kafkarpenter / ");
            assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid " + dashboard.path("uid")).isTrue();
        }
    }

    @Test
    void everyDashboardQueryIsAnExportedSeriesReadAsItsTypeAllows() {
        for (Path file : MonitoringQueries.dashboardFiles(MonitoringQueries.dashboardsDir())) {
            List<MonitoringQueries.Query> queries = MonitoringQueries.ofDashboard(file.getFileName().toString(),
                MonitoringQueries.read(file));
            assertThat(queries).as(file.toString()).hasSizeGreaterThan(10);
            assertThat(problems(queries)).as(file.toString()).isEmpty();
        }
    }

    @Test
    void everyAlertQueriesAnExportedSeriesReadAsItsTypeAllows() {
        RenderedChart chart = Charts.render("metrics.prometheusRule.enabled=true");
        List<MonitoringQueries.Query> rules = MonitoringQueries.ofRules(chart);
        assertThat(rules).hasSizeGreaterThanOrEqualTo(4);
        assertThat(problems(rules)).isEmpty();
    }

    @Test
    void everyPanelAndVariableReadsTheDatasourceVariable() {
        for (Path file : MonitoringQueries.dashboardFiles(MonitoringQueries.dashboardsDir())) {
            JsonNode dashboard = MonitoringQueries.read(file);
            List<JsonNode> variables = new ArrayList<>();
            dashboard.path("templating").path("list").forEach(variables::add);
            assertThat(variables).as(file + ": the datasource variable").anySatisfy(v -> {
                assertThat(v.path("name").asText()).isEqualTo("datasource");
                assertThat(v.path("type").asText()).isEqualTo("datasource");
                assertThat(v.path("query").asText()).isEqualTo("prometheus");
            });
            variables.stream().filter(v -> "query".equals(v.path("type").asText()))
                .forEach(v -> assertThat(v.path("datasource").path("uid").asText()).as(file + " $" + v.path("name"))
                    .isEqualTo("${datasource}"));
            List<JsonNode> panels = new ArrayList<>();
            collectPanels(dashboard.path("panels"), panels);
            for (JsonNode panel : panels) {
                String where = file.getFileName() + " panel '" + panel.path("title").asText() + "'";
                assertThat(panel.path("datasource").path("uid").asText()).as(where).isEqualTo("${datasource}");
                panel.path("targets").forEach(t -> assertThat(t.path("datasource").path("uid").asText()).as(where)
                    .isEqualTo("${datasource}"));
            }
        }
    }

    @Test
    void everyVariableAQueryUsesIsDefined() {
        Pattern use = Pattern.compile("\\$\\{?(\\w+)");
        for (Path file : MonitoringQueries.dashboardFiles(MonitoringQueries.dashboardsDir())) {
            JsonNode dashboard = MonitoringQueries.read(file);
            Set<String> defined = new HashSet<>();
            dashboard.path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
            for (MonitoringQueries.Query q : MonitoringQueries.ofDashboard(file.getFileName().toString(), dashboard)) {
                Matcher m = use.matcher(q.expr());
                while (m.find()) {
                    if (!m.group(1).startsWith("__")) { // Grafana's own: $__rate_interval, $__range ...
                        assertThat(defined).as(q.where() + " uses $" + m.group(1)).contains(m.group(1));
                    }
                }
            }
        }
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode p : panels) {
            if (!"row".equals(p.path("type").asText())) {
                into.add(p);
            }
            collectPanels(p.path("panels"), into);
        }
    }

    // ---- the check catches what it should: a dashboard edited to query something the services do not export ----

    @Test
    void aDashboardQueryingAMetricNotInTheListFails() {
        Path file = MonitoringQueries.dashboardsDir().resolve("pipeline.json");
        JsonNode dashboard = MonitoringQueries.read(file);
        assertThat(problems(MonitoringQueries.ofDashboard("pipeline.json", dashboard))).isEmpty();

        ObjectNode target = (ObjectNode) firstTarget(dashboard.path("panels"));
        target.put("expr", "sum(rate(kafkarpenter_no_such_records_total[$__rate_interval]))");
        assertThat(problems(MonitoringQueries.ofDashboard("pipeline.json", dashboard)))
            .singleElement().asString()
            .contains("kafkarpenter_no_such_records_total is not a series of deploy/metrics/metrics.txt");
    }

    @Test
    void aVariableQueryingAMetricNotInTheListFails() throws Exception {
        JsonNode dashboard = MonitoringQueries.JSON.readTree("""
            {"templating": {"list": [
              {"type": "datasource", "name": "datasource", "query": "prometheus"},
              {"type": "query", "name": "pool",
               "query": {"query": "label_values(karpenter_nodes_old{zone=~\\"$z\\"}, nodepool)"}},
              {"type": "query", "name": "reason", "query": "label_values(karpenter_nodeclaims_disrupted_total, reason)"}
            ]}}""");
        // label_values reads labels, not values: a counter without rate() is fine there
        assertThat(problems(MonitoringQueries.ofDashboard("test.json", dashboard))).singleElement().asString()
            .contains("test.json variable $pool: karpenter_nodes_old is not a series");
    }

    private static JsonNode firstTarget(JsonNode panels) {
        for (JsonNode p : panels) {
            if (p.path("targets").size() > 0) {
                return p.path("targets").get(0);
            }
        }
        throw new AssertionError("no panel with targets");
    }

    @Test
    void typesAndLabelsAreChecked() {
        MetricsList small = MetricsList.parse(List.of(
            "# name type labels service",
            "kk_records_total counter topic a",
            "kk_lag gauge topic,partition a",
            "kk_window_seconds histogram close_reason a",
            "kk_startup_seconds summary - a",
            "kk_lag gauge topic,group b"));
        QueryCheck q = new QueryCheck(small);
        assertThat(q.problems("ok", "sum by (topic) (rate(kk_records_total{topic=~\"$topic\"}[$__rate_interval]))"))
            .isEmpty();
        assertThat(q.problems("ok", "max by (topic, group) (kk_lag{partition=\"0\", job=\"x\"}) > 10")).isEmpty();
        assertThat(q.problems("ok",
            "histogram_quantile(0.9, sum by (le) (rate(kk_window_seconds_bucket{le!=\"+Inf\"}[5m])))")).isEmpty();
        assertThat(q.problems("ok", "rate(kk_window_seconds_sum[5m]) / rate(kk_window_seconds_count[5m])")).isEmpty();
        assertThat(q.problems("ok",
            "max(kk_startup_seconds{quantile=\"0.99\"}) + increase(kk_startup_seconds_count[1h])")).isEmpty();

        assertThat(q.problems("w", "rate(kk_lag[5m])")).singleElement().asString()
            .isEqualTo("w: rate() of kk_lag, a gauge (not a counter)");
        assertThat(q.problems("w", "sum(kk_records_total)")).singleElement().asString()
            .isEqualTo("w: kk_records_total (counter) is read without rate()/irate()/increase()");
        assertThat(q.problems("w", "kk_records")).singleElement().asString().contains("kk_records is not a series");
        assertThat(q.problems("w", "rate(kk_window_seconds[5m])")).singleElement().asString()
            .contains("kk_window_seconds is not a series");
        assertThat(q.problems("w", "histogram_quantile(0.9, rate(kk_window_seconds_count[5m]))")).singleElement()
            .asString().isEqualTo("w: histogram_quantile() over kk_window_seconds_count, not a histogram's _bucket");
        assertThat(q.problems("w", "kk_lag{nodepool=\"x\"}")).singleElement().asString()
            .isEqualTo("w: kk_lag has no label [nodepool] (it has [group, partition, topic])");
        assertThat(q.problems("w", "rate(kk_records_total{le=\"1\"}[5m])")).singleElement().asString()
            .contains("has no label [le]");
        assertThat(q.problems("w", "{__name__=\"kk_lag\"}")).singleElement().asString()
            .contains("a selector without a metric name");
        assertThat(q.problems("w", "vector(1)")).singleElement().asString().contains("queries no metric");
        // Karpenter's capacity dashboard groups decisions by nodepool, a label that metric lacks
        assertThat(q.problems("w", "sum by (nodepool) (rate(kk_records_total[5m]))")).singleElement().asString()
            .isEqualTo("w: sum by [nodepool]: no series it aggregates has that label");
        assertThat(q.problems("w", "sum(rate(kk_records_total[5m])) by (topic, group)")).singleElement().asString()
            .isEqualTo("w: sum by [group]: no series it aggregates has that label");
        assertThat(q.problems("ok", "sum by (topic, group, job) (rate(kk_records_total[5m]) + on (topic) kk_lag)"))
            .isEmpty();
        assertThat(q.problems("ok", "sum by (x) (label_replace(kk_lag, \"x\", \"$1\", \"topic\", \"(.*)\"))"))
            .isEmpty();
    }

    @Test
    void theListReadsHistogramsSummariesAndRepeatedNames() {
        MetricsList small = MetricsList.parse(List.of("a_total counter x s1", "a_total counter y s2 event",
            "h_seconds histogram - s1"));
        assertThat(small.series("a_total")).get().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(MetricsList.Kind.COUNTER);
            assertThat(s.labels()).containsExactlyInAnyOrder("x", "y");
        });
        assertThat(small.series("h_seconds_bucket")).get().satisfies(s -> assertThat(s.labels()).containsExactly("le"));
        assertThat(small.series("h_seconds")).isEmpty();
        assertThat(small.series("a")).isEmpty();
        assertThat(list.metrics()).as(MetricsList.FILE).isNotEmpty();
    }
}
