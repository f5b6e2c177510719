package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Prometheus' own parser over every dashboard and alert expression: {@code promtool check rules} (Debian package
 * {@code prometheus}) on a rule file holding the PrometheusRule's groups and one recording rule per dashboard query
 * (Grafana's {@code $__rate_interval}, {@code $__interval} and {@code $__range} replaced by durations). The PromQL
 * tokenizer of {@link DashboardMetricsTest} finds names but checks no syntax; this does. Skipped where promtool is
 * not installed.
 */
class PromtoolCheckTest {

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = Optional.ofNullable(System.getProperty("kk.promtool")).map(Path::of)
            .or(() -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, "promtool")).filter(Files::isExecutable).findFirst())
            .orElse(null);
    }

    private static String grafanaToPromQl(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h");
    }

    /** promtool's exit code and output for a rule file with these groups. */
    private static Map.Entry<Integer, String> check(Path dir, List<Map<String, Object>> groups)
            throws IOException, InterruptedException {
        Path file = dir.resolve("rules.yaml");
        // a rule file is YAML; JSON is YAML
        Files.writeString(file, MonitoringQueries.JSON.writeValueAsString(Map.of("groups", groups)));
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Map.entry(p.exitValue(), out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusParsesEveryDashboardAndAlertExpression(@TempDir Path dir) throws Exception {
        assumeTrue(promtool != null, "promtool is not installed (Debian package prometheus)");
        List<Map<String, Object>> recording = new ArrayList<>();
        for (Path file : MonitoringQueries.dashboardFiles(MonitoringQueries.dashboardsDir())) {
            for (MonitoringQueries.Query q : MonitoringQueries.ofDashboard(file.getFileName().toString(),
                    MonitoringQueries.read(file))) {
                recording.add(Map.of("record", "dashboard:query" + recording.size(), "expr", grafanaToPromQl(q.expr()),
                    "labels", Map.of("where", q.where())));
            }
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        groups.add(Map.of("name", "dashboards", "rules", recording));
        RenderedChart chart = Charts.render("metrics.prometheusRule.enabled=true");
        for (GenericKubernetesResource rule : Charts.generic(chart, "PrometheusRule")) {
            groups.addAll((List<Map<String, Object>>) Charts.spec(rule).get("groups"));
        }
        Map.Entry<Integer, String> result = check(dir, groups);
        assertThat(result.getKey()).as(result.getValue()).isZero();
        assertThat(result.getValue()).contains("SUCCESS: " + (recording.size() + MonitoringQueries.ofRules(chart).size())
            + " rules found");
    }

    @Test
    void aSyntaxErrorFails(@TempDir Path dir) throws Exception {
        assumeTrue(promtool != null, "promtool is not installed (Debian package prometheus)");
        Map<String, Object> broken = Map.of("record", "x:broken", "expr", "sum(rate(kafkarpenter_decisions_total[5m])");
        Map.Entry<Integer, String> result = check(dir, List.of(Map.of("name", "broken", "rules", List.of(broken))));
        assertThat(result.getKey()).as(result.getValue()).isNotZero();
    }
}
