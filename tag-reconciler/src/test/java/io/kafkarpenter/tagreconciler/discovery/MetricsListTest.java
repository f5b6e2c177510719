package io.kafkarpenter.tagreconciler.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.testing.metrics.MetricsCatalog;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * The discovery-tag metrics are exported under the name, type and labels of the checked-in list. (The tag-reconciler's
 * other meters live in classes that need AWS and Kubernetes; TagReconcilerIT checks every metric the running service
 * serves against the list, and DisruptionIT that the list's metrics are there after an e2e run.)
 */
class MetricsListTest {

    @Test
    void discoveryMetricsAreTheListsAndNoMetricOfTheListIsOwnedTwice() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new DiscoveryMetrics(registry);

        assertThat(MetricsCatalog.exported(registry)).containsExactly(new MetricsCatalog.Metric(
            "kafkarpenter_tagreconciler_discovery_resources", "gauge", java.util.Set.of("resource_type", "state")));
        assertThat(MetricsCatalog.problems("tag-reconciler", MetricsCatalog.exported(registry), false)).isEmpty();
    }
}
