package io.kafkarpenter.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.testing.metrics.MetricsCatalog;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * The provisioner's metrics, once recorded, are exported under the name, type and labels of the checked-in list;
 * the cloud provider's (service-support's InstanceTypeProvider, {@code controller="provisioner"}) are recorded there.
 */
class MetricsListTest {

    private static final Set<String> ELSEWHERE = new java.util.HashSet<>(Set.of(
        "karpenter_cloudprovider_duration_seconds", "karpenter_cloudprovider_errors_total"));

    static {
        ELSEWHERE.addAll(MetricsCatalog.SERVICE_SUPPORT_METRICS);
    }

    @Test
    void provisionerMetricsMatchTheList() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProvisionerMetrics metrics = new ProvisionerMetrics(registry);
        new PendingPods(registry);
        new UnavailableOfferings(registry);
        metrics.pass(Duration.ofMillis(120).toNanos(), 2);
        metrics.decided(Duration.ofSeconds(-1));
        metrics.passError();
        metrics.pendingRecord("pending");
        metrics.launcherBacklog(new int[] {3, 7}, a -> a[0], a -> a[1]);
        BatchWindow window = new BatchWindow(Duration.ofSeconds(1), Duration.ofSeconds(10));
        window.trigger("pod-1", java.time.Instant.EPOCH);
        window.closeIfDue(java.time.Instant.EPOCH.plusSeconds(1));
        metrics.batchWindowClosed(window.lastCloseReason(), window.lastLength());

        assertThat(MetricsCatalog.exported(registry)).containsExactlyInAnyOrderElementsOf(
            MetricsCatalog.of("provisioner").stream().filter(m -> !ELSEWHERE.contains(m.name())).toList());
        assertThat(registry.scrape())
            .contains("karpenter_scheduler_scheduling_duration_seconds_bucket{controller=\"provisioner\",le=\"0.15\",} 1.0")
            .contains("karpenter_scheduler_scheduling_duration_seconds_bucket{controller=\"provisioner\",le=\"0.1\",} 0.0")
            .contains("karpenter_pods_scheduling_decision_duration_seconds_bucket{le=\"1.0\",} 1.0")
            .contains("karpenter_scheduler_unschedulable_pods_count{controller=\"provisioner\",} 2.0")
            .contains("kafkarpenter_provisioner_batch_window_duration_seconds_bucket{close_reason=\"idle\",le=\"1.0\",} 1.0")
            .contains("kafkarpenter_provisioner_batch_window_duration_seconds_bucket{close_reason=\"idle\",le=\"0.9\",} 0.0")
            .doesNotContain("karpenter_nodeclaims_created").doesNotContain("karpenter_provisioner_scheduling");
    }
}
