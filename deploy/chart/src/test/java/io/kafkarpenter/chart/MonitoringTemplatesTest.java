package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** templates/dashboards-configmap.yaml and templates/prometheusrule.yaml (values metrics.*). */
class MonitoringTemplatesTest {

    private static final List<String> ALERTS = List.of("KafkarpenterDeadLetterRecords", "KafkarpenterLaunchFailures",
        "KafkarpenterLaunchesFailing", "KafkarpenterNodeClassNotReady", "KafkarpenterConsumerLag");

    @Test
    void neitherIsRenderedByDefault() {
        RenderedChart chart = Charts.render();
        assertThat(chart.ofKind(ConfigMap.class)).isEmpty();
        assertThat(Charts.generic(chart, "PrometheusRule")).isEmpty();
    }

    @Test
    void eachDashboardIsAConfigMapForTheGrafanaSidecar() throws Exception {
        RenderedChart chart = Charts.render("metrics.dashboards.enabled=true",
            "metrics.dashboards.additionalLabels.team=platform",
            "metrics.dashboards.annotations.grafana_folder=Kafkarpenter");
        List<ConfigMap> maps = chart.ofKind(ConfigMap.class);
        assertThat(maps).extracting(m -> m.getMetadata().getName()).containsExactlyInAnyOrder(
            "kafkarpenter-dashboard-capacity", "kafkarpenter-dashboard-disruption", "kafkarpenter-dashboard-pipeline");
        for (ConfigMap map : maps) {
            String dashboard = map.getMetadata().getName().substring("kafkarpenter-dashboard-".length());
            assertThat(map.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
            assertThat(map.getMetadata().getLabels())
                .containsEntry("grafana_dashboard", "1")
                .containsEntry("team", "platform")
                .containsEntry("app.kubernetes.io/name", "kafkarpenter")
                .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
                .containsEntry("app.kubernetes.io/component", "dashboards");
            assertThat(map.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Kafkarpenter");
            assertThat(map.getData()).containsOnlyKeys("kafkarpenter-" + dashboard + ".json");
            JsonNode rendered = MonitoringQueries.JSON.readTree(
                map.getData().get("kafkarpenter-" + dashboard + ".json"));
            Path file = MonitoringQueries.dashboardsDir().resolve(dashboard + ".json");
            assertThat(rendered).as("the file as it is").isEqualTo(MonitoringQueries.read(file));
        }
        assertThat(Charts.lint("metrics.dashboards.enabled=true")).doesNotContain("[ERROR]", "[WARNING]");
    }

    @Test
    void theDashboardLabelAndNamespaceAreConfigurable() {
        RenderedChart chart = Charts.render("metrics.dashboards.enabled=true",
            "metrics.dashboards.namespace=monitoring", "metrics.dashboards.label=kafkarpenter_dashboard",
            "metrics.dashboards.labelValue=yes");
        assertThat(chart.ofKind(ConfigMap.class)).hasSize(3).allSatisfy(m -> {
            assertThat(m.getMetadata().getNamespace()).isEqualTo("monitoring");
            assertThat(m.getMetadata().getLabels()).containsEntry("kafkarpenter_dashboard", "yes")
                .doesNotContainKey("grafana_dashboard");
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(GenericKubernetesResource rule) {
        List<Map<String, Object>> groups = (List<Map<String, Object>>) Charts.spec(rule).get("groups");
        assertThat(groups).singleElement().satisfies(g -> assertThat(g.get("name")).isEqualTo("kafkarpenter"));
        return (List<Map<String, Object>>) groups.get(0).get("rules");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAlertsAreOnePrometheusRuleWithConfigurableLabels() {
        RenderedChart chart = Charts.render("metrics.prometheusRule.enabled=true",
            "metrics.prometheusRule.additionalLabels.release=prom", "metrics.prometheusRule.alertLabels.team=platform",
            "metrics.prometheusRule.consumerLag.threshold=5000", "metrics.prometheusRule.consumerLag.for=20m");
        GenericKubernetesResource rule = Charts.generic(chart, "PrometheusRule").stream().findFirst().orElseThrow();
        assertThat(Charts.generic(chart, "PrometheusRule")).hasSize(1);
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getMetadata().getName()).isEqualTo("kafkarpenter");
        assertThat(rule.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prom")
            .containsEntry("app.kubernetes.io/component", "alerts");
        List<Map<String, Object>> rules = rules(rule);
        assertThat(rules).extracting(r -> r.get("alert")).containsExactlyElementsOf(ALERTS);
        for (Map<String, Object> r : rules) {
            Map<String, Object> labels = (Map<String, Object>) r.get("labels");
            assertThat(labels).containsEntry("team", "platform").containsKey("severity");
            assertThat(labels.get("severity")).isIn("warning", "critical");
            Map<String, Object> annotations = (Map<String, Object>) r.get("annotations");
            assertThat(annotations).containsKeys("summary", "description");
            assertThat((String) annotations.get("description")).doesNotContain("\n");
        }
        Map<String, Object> lag = rules.get(ALERTS.indexOf("KafkarpenterConsumerLag"));
        assertThat((String) lag.get("expr")).endsWith("> 5000");
        assertThat(lag.get("for")).isEqualTo("20m");
        assertThat((String) ((Map<String, Object>) lag.get("annotations")).get("summary"))
            .isEqualTo("{{ $labels.job }} is {{ $value | humanize }} records behind on {{ $labels.topic }}");
        assertThat(Charts.lint("metrics.prometheusRule.enabled=true")).doesNotContain("[ERROR]", "[WARNING]");
    }

    @Test
    void theNodeClassAlertCanBeLeftOutAndItsDelaySet() {
        RenderedChart without = Charts.render("metrics.prometheusRule.enabled=true",
            "metrics.prometheusRule.nodeClassNotReady.enabled=false");
        assertThat(rules(Charts.generic(without, "PrometheusRule").get(0))).extracting(r -> r.get("alert"))
            .doesNotContain("KafkarpenterNodeClassNotReady").hasSize(ALERTS.size() - 1);
        RenderedChart slow = Charts.render("metrics.prometheusRule.enabled=true",
            "metrics.prometheusRule.nodeClassNotReady.for=1h", "metrics.prometheusRule.namespace=monitoring");
        GenericKubernetesResource rule = Charts.generic(slow, "PrometheusRule").get(0);
        assertThat(rule.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(rules(rule)).filteredOn(r -> "KafkarpenterNodeClassNotReady".equals(r.get("alert")))
            .singleElement().satisfies(r -> assertThat(r.get("for")).isEqualTo("1h"));
    }
}
