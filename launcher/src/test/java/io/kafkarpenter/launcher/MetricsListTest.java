package io.kafkarpenter.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.launcher.interruption.InterruptionMetrics;
import io.kafkarpenter.model.interruption.MessageType;
import io.kafkarpenter.testing.metrics.MetricsCatalog;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/** Every launcher metric, once recorded, is exported under the name, type and labels of the checked-in list. */
class MetricsListTest {

    @Test
    void launcherMetricsMatchTheList() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LauncherMetrics metrics = new LauncherMetrics(registry);
        metrics.nodeClaimCreated("default", "provisioned");
        metrics.nodeClaimTerminated("default", "spot", "us-east-1a");
        metrics.nodeClaimDisrupted("insufficient_capacity", "default", null);
        metrics.nodeCreated("default", "us-east-1a");
        metrics.nodeTerminated("default", null);
        metrics.cloudProviderError("Create", "InsufficientInstanceCapacity");
        metrics.request("launched");
        metrics.requestAge(Duration.ofMillis(-5));
        metrics.transientFailure("kubernetes");
        metrics.unavailableOffering();
        metrics.nodeTerminationDuration("default", Duration.ofSeconds(40));
        assertThat(metrics.cloudProvider("Delete", () -> true)).isTrue();
        metrics.batch("create_fleet", 7, Duration.ofMillis(40));
        InterruptionMetrics interruption = new InterruptionMetrics(registry);
        interruption.registerAtZero();
        interruption.received(MessageType.SPOT_INTERRUPTED);
        interruption.deleted();
        interruption.malformed();
        interruption.queueDuration(Duration.ofSeconds(3));

        assertThat(MetricsCatalog.exported(registry)).containsExactlyInAnyOrderElementsOf(MetricsCatalog.of("launcher")
            .stream().filter(m -> !MetricsCatalog.SERVICE_SUPPORT_METRICS.contains(m.name())
                || m.name().equals("kafkarpenter_decisions_total")).toList());
        assertThat(registry.scrape())
            .contains("kafkarpenter_launcher_launch_requests_total{outcome=\"refused\",} 0.0")
            .contains("kafkarpenter_decisions_total{kind=\"LAUNCH\",reason=\"INSUFFICIENT_CAPACITY\",} 0.0")
            .contains("karpenter_nodes_termination_duration_seconds_bucket{nodepool=\"default\",le=\"40.0\",} 1.0")
            .contains("karpenter_nodes_termination_duration_seconds_bucket{nodepool=\"default\",le=\"30.0\",} 0.0")
            .contains("karpenter_cloudprovider_duration_seconds_bucket{controller=\"launcher\",method=\"Delete\","
                + "provider=\"aws\",le=\"10.0\",} 1.0")
            .contains("karpenter_cloudprovider_batcher_batch_size_bucket{batcher=\"create_fleet\",le=\"10.0\",} 1.0")
            .contains("karpenter_cloudprovider_batcher_batch_size_bucket{batcher=\"create_fleet\",le=\"5.0\",} 0.0")
            .contains("karpenter_cloudprovider_batcher_batch_time_seconds_bucket{batcher=\"create_fleet\",le=\"0.05\",} 1.0")
            .contains("karpenter_interruption_received_messages_total{message_type=\"spot_interrupted\",} 1.0")
            .contains("karpenter_interruption_received_messages_total{message_type=\"no_op\",} 0.0")
            .contains("karpenter_interruption_message_queue_duration_seconds_bucket{le=\"3.0\",} 1.0");
    }

    @Test
    void requestAgeIsAHistogramWithKarpentersDurationBuckets() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new LauncherMetrics(registry).requestAge(Duration.ofSeconds(2));

        assertThat(registry.scrape()).contains("# TYPE kafkarpenter_launcher_launch_request_age_seconds histogram")
            .contains("kafkarpenter_launcher_launch_request_age_seconds_bucket{le=\"0.005\",} 0.0")
            .contains("kafkarpenter_launcher_launch_request_age_seconds_bucket{le=\"2.0\",} 1.0")
            .contains("kafkarpenter_launcher_launch_request_age_seconds_bucket{le=\"600.0\",} 1.0");
    }
}
