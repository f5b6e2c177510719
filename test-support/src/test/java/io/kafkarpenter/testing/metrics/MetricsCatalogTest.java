package io.kafkarpenter.testing.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

class MetricsCatalogTest {

    @Test
    void exportedNamesTypesAndLabelsAsPrometheusShowsThem() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("karpenter.nodes.created", "nodepool", "a", "zone", "z").increment();
        Gauge.builder("kafkarpenter.things", () -> 1).register(registry);
        Timer.builder("karpenter.x.duration").serviceLevelObjectives(java.time.Duration.ofSeconds(1)).register(registry)
            .record(java.time.Duration.ofMillis(5));
        Timer.builder("karpenter.y.duration").register(registry).record(java.time.Duration.ofMillis(5));
        registry.counter("jvm.other").increment();

        assertThat(MetricsCatalog.exported(registry)).containsExactlyInAnyOrder(
            new MetricsCatalog.Metric("karpenter_nodes_created_total", "counter", Set.of("nodepool", "zone")),
            new MetricsCatalog.Metric("kafkarpenter_things", "gauge", Set.of()),
            new MetricsCatalog.Metric("karpenter_x_duration_seconds", "histogram", Set.of()),
            new MetricsCatalog.Metric("karpenter_y_duration_seconds", "summary", Set.of()));
    }

    @Test
    void differentLabelsAreDifferentMetrics() {
        assertThat(Set.of(new MetricsCatalog.Metric("m", "counter", Set.of("a"))))
            .doesNotContain(new MetricsCatalog.Metric("m", "counter", Set.of("a", "b")));
    }

    @Test
    void listLinesAreNameTypeLabelsService(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.txt");
        Files.writeString(file, "# comment\n\nkarpenter_a_total counter b,a launcher\nkafkarpenter_b gauge - pod-watcher event\n");

        assertThat(MetricsCatalog.entries(file)).containsExactly(
            new MetricsCatalog.Entry(new MetricsCatalog.Metric("karpenter_a_total", "counter", Set.of("a", "b")), "launcher"),
            new MetricsCatalog.Entry(new MetricsCatalog.Metric("kafkarpenter_b", "gauge", Set.of()), "pod-watcher", true));
        Files.writeString(file, "karpenter_a_total counter launcher\n");
        assertThatThrownBy(() -> MetricsCatalog.entries(file)).isInstanceOf(IllegalArgumentException.class);
        Files.writeString(file, "karpenter_a_total counter - launcher often\n");
        assertThatThrownBy(() -> MetricsCatalog.entries(file)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCheckedInListHasOneOwnerPerKarpenterMetricExceptTheCloudProviders() {
        assertThat(MetricsCatalog.entries()).allSatisfy(e -> assertThat(MetricsCatalog.listed(e.metric().name()))
            .as(e.metric().name()).isTrue());
        var owners = MetricsCatalog.entries().stream()
            .filter(e -> e.metric().name().startsWith("karpenter_"))
            .filter(e -> !e.metric().name().startsWith("karpenter_cloudprovider_"))
            .collect(java.util.stream.Collectors.groupingBy(e -> e.metric().name(), java.util.stream.Collectors.counting()));
        assertThat(owners).allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1L));
        assertThat(owners).doesNotContainKeys("karpenter_nodeclaims_launched_total",
            "karpenter_nodeclaims_registered_total", "karpenter_nodeclaims_initialized_total",
            "karpenter_provisioner_scheduling_duration_seconds");
    }

    @Test
    void aScrapeReadsAsTheRegistryItCameFrom() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("karpenter.nodes.created", "nodepool", "a \"quoted\", {odd} value", "zone", "z").increment();
        Gauge.builder("kafkarpenter.things", () -> 1).register(registry);
        Gauge.builder("kafkarpenter.lag", () -> 1).tags("topic", "kk.x", "partition", "0").register(registry);
        Timer.builder("karpenter.x.duration").serviceLevelObjectives(java.time.Duration.ofSeconds(1)).tag("reason", "r")
            .register(registry).record(java.time.Duration.ofMillis(5));
        registry.counter("jvm.other").increment();

        Set<MetricsCatalog.Metric> parsed = MetricsCatalog.parse(registry.scrape());

        assertThat(parsed).isEqualTo(MetricsCatalog.exported(registry)).contains(
            new MetricsCatalog.Metric("karpenter_x_duration_seconds", "histogram", Set.of("reason")),
            new MetricsCatalog.Metric("kafkarpenter_lag", "gauge", Set.of("partition", "topic")));
    }

    @Test
    void sumAddsTheValuesOfTheSamplesWithTheGivenLabels() {
        io.micrometer.prometheus.PrometheusMeterRegistry registry =
            new io.micrometer.prometheus.PrometheusMeterRegistry(io.micrometer.prometheus.PrometheusConfig.DEFAULT);
        registry.counter("karpenter.x.messages", "message_type", "spot_interrupted", "queue", "a").increment(2);
        registry.counter("karpenter.x.messages", "message_type", "spot_interrupted", "queue", "b").increment();
        registry.counter("karpenter.x.messages", "message_type", "no_op", "queue", "a").increment(5);
        registry.counter("kafkarpenter.malformed").increment(3);
        String scrape = registry.scrape();

        assertThat(MetricsCatalog.sum(scrape, "karpenter_x_messages_total", java.util.Map.of("message_type",
            "spot_interrupted"))).isEqualTo(3.0);
        assertThat(MetricsCatalog.sum(scrape, "karpenter_x_messages_total", java.util.Map.of())).isEqualTo(8.0);
        assertThat(MetricsCatalog.sum(scrape, "kafkarpenter_malformed_total", java.util.Map.of())).isEqualTo(3.0);
        assertThat(MetricsCatalog.sum(scrape, "karpenter_x_messages_total", java.util.Map.of("queue", "c"))).isZero();
        assertThat(MetricsCatalog.sum(scrape, "karpenter_none_total", java.util.Map.of())).isZero();
    }

    @Test
    void problemsNameUnlistedMetricsWrongLabelsAndMissingOnes() {
        Set<MetricsCatalog.Metric> exported = Set.of(
            new MetricsCatalog.Metric("kafkarpenter_podwatcher_pending_pods", "gauge", Set.of("x")),
            new MetricsCatalog.Metric("kafkarpenter_nobody", "gauge", Set.of()));

        assertThat(MetricsCatalog.problems("pod-watcher", exported, true))
            .anyMatch(p -> p.contains("kafkarpenter_podwatcher_pending_pods gauge x") && p.contains("lists "
                + "kafkarpenter_podwatcher_pending_pods gauge -"))
            .anyMatch(p -> p.contains("kafkarpenter_nobody") && p.contains("nothing by that name"))
            .anyMatch(p -> p.contains("does not export karpenter_pods_state gauge phase,state"))
            .noneMatch(p -> p.contains("does not export kafkarpenter_podwatcher_ignored_pods_total"));
        assertThat(MetricsCatalog.problems("pod-watcher", Set.of(), false)).isEmpty();
    }
}
