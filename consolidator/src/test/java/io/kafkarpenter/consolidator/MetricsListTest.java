package io.kafkarpenter.consolidator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.disruption.DisruptionCommand;
import io.kafkarpenter.model.disruption.DisruptionMethod;
import io.kafkarpenter.testing.metrics.MetricsCatalog;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * The consolidator's disruption metrics, once recorded, are exported under the name, type and labels of the
 * checked-in list; the few registered elsewhere (the pass timer and error counter of {@link DisruptionLoop}, the
 * cloud provider's of service-support's InstanceTypeProvider) are named here.
 */
class MetricsListTest {

    private static final Set<String> ELSEWHERE = Set.of("kafkarpenter_consolidator_pass_duration_seconds",
        "kafkarpenter_consolidator_pass_errors_total", "karpenter_cloudprovider_duration_seconds",
        "karpenter_cloudprovider_errors_total");

    @Test
    void disruptionMetricsMatchTheList() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DisruptionMetrics metrics = new DisruptionMetrics(registry);
        new NodeClaimStates(registry);
        metrics.eligible(DisruptionMetrics.zeroes());
        metrics.allowed("default", "Underutilized", 1);
        metrics.emitted(new DisruptionCommand(DisruptionMethod.EMPTINESS, List.of("n1", "n2"), List.of(), 0.1, Map.of(), ""),
            Map.of("n1", "default", "n2", "default"));
        metrics.failedValidation(DisruptionMethod.SINGLE_NODE_CONSOLIDATION);

        assertThat(MetricsCatalog.exported(registry)).containsExactlyInAnyOrderElementsOf(
            MetricsCatalog.of("consolidator").stream().filter(m -> !ELSEWHERE.contains(m.name())).toList());
        assertThat(registry.scrape()).contains("karpenter_nodepools_allowed_disruptions{nodepool=\"default\",reason=\"Underutilized\",} 1.0")
            .contains("karpenter_voluntary_disruption_decisions_by_nodepool_total{consolidation_type=\"empty\",decision=\"delete\",nodepool=\"default\",reason=\"empty\",} 1.0")
            .doesNotContain("karpenter_nodeclaims_disrupted");
    }
}
