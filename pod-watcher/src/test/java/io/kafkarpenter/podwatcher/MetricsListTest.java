package io.kafkarpenter.podwatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kafkarpenter.service.kafka.RetriedSend;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.testing.metrics.MetricsCatalog;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The pod-watcher's metrics, once recorded, are exported under the name, type and labels of the checked-in list (the
 * Kafka ones are recorded by service-support's KafkaClientMetrics); a pod seen Pending then Ready is timed once.
 */
class MetricsListTest {

    private static final RetriedSend RETRY = new RetriedSend(Duration.ofMillis(200), Duration.ofSeconds(30));

    @Test
    void podWatcherMetricsMatchTheList() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PendingPodPublisher(emitter(), null, RETRY, registry);
        new IgnoredPods(emitter(), RETRY, registry).ignored(new PodRef("default", "p", "u1"),
            Reason.values()[0].format("x", "y"));
        PodStartupMetrics startup = new PodStartupMetrics(registry);
        startup.observe(pod("Pending", "False", "2026-01-01T00:00:00Z"));
        startup.observe(pod("Running", "True", "2026-01-01T00:00:42Z"));
        startup.observe(pod("Running", "True", "2026-01-01T00:00:42Z"));

        assertThat(MetricsCatalog.exported(registry)).containsExactlyInAnyOrderElementsOf(MetricsCatalog.of("pod-watcher")
            .stream().filter(m -> !MetricsCatalog.SERVICE_SUPPORT_METRICS.contains(m.name())).toList());
        assertThat(registry.scrape()).contains("karpenter_pods_startup_duration_seconds_count 1.0")
            .contains("karpenter_pods_startup_duration_seconds_bucket{le=\"50.0\",} 1.0")
            .contains("karpenter_pods_startup_duration_seconds_bucket{le=\"40.0\",} 0.0");
    }

    @Test
    void aPodNeverSeenPendingIsNotTimed() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PodStartupMetrics(registry).observe(pod("Running", "True", "2026-01-01T00:00:42Z"));

        assertThat(registry.scrape()).contains("karpenter_pods_startup_duration_seconds_count 0.0");
    }

    private static Pod pod(String phase, String ready, String at) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("u1")
            .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata().withNewStatus().withPhase(phase)
            .addNewCondition().withType("Ready").withStatus(ready).withLastTransitionTime(at).endCondition()
            .endStatus().build();
    }

    /** An emitter whose sends complete at once (the records themselves are not what this test is about). */
    @SuppressWarnings("unchecked")
    private static MutinyEmitter<byte[]> emitter() {
        return (MutinyEmitter<byte[]>) Proxy.newProxyInstance(MetricsListTest.class.getClassLoader(),
            new Class<?>[] {MutinyEmitter.class}, (proxy, method, args) -> method.getReturnType() == Uni.class
                ? Uni.createFrom().voidItem() : null);
    }
}
