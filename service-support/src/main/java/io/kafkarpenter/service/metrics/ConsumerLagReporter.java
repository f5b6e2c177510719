package io.kafkarpenter.service.metrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A Kafka metrics reporter (installed by {@link KafkaClientMetrics} on each consumer) that exports the consumer's own
 * per-partition {@code records-lag} ({@code consumer-fetch-manager-metrics}: records between the consumer's position
 * and the partition's high watermark as of the last fetch) as {@code kafkarpenter_consumer_lag_records{topic,partition}}.
 * Kafka tells it when a partition's metric appears (first fetch after assignment) and when it goes (revocation,
 * close), so the gauge exists exactly while this process consumes the partition; nothing polls.
 * Kafka writes the topic tag with '.' as '_'; the channel's topics ({@link KafkaClientMetrics#TOPICS}) map it back.
 */
public class ConsumerLagReporter implements MetricsReporter {

    static final String GROUP = "consumer-fetch-manager-metrics";
    static final String LAG = "records-lag";

    private MeterRegistry registry;
    private Map<String, String> topicsByTag = Map.of();
    /** One gauge per (topic, partition), reading the partition's newest metric (a rebalance may add one first). */
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

    private record Series(Gauge gauge, AtomicReference<KafkaMetric> metric) {
    }

    @Override
    public void configure(Map<String, ?> configs) {
        registry = (MeterRegistry) configs.get(KafkaClientMetrics.REGISTRY);
        Object topics = configs.get(KafkaClientMetrics.TOPICS);
        if (topics instanceof Collection<?> names) {
            Map<String, String> byTag = new ConcurrentHashMap<>();
            names.forEach(n -> byTag.put(String.valueOf(n).replace('.', '_'), String.valueOf(n)));
            topicsByTag = byTag;
        }
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
        metrics.forEach(this::metricChange);
    }

    @Override
    public void metricChange(KafkaMetric metric) {
        if (registry == null || !isPartitionLag(metric)) {
            return;
        }
        Map<String, String> tags = metric.metricName().tags();
        String topic = topicsByTag.getOrDefault(tags.get("topic"), tags.get("topic"));
        List<String> key = List.of(topic, tags.get("partition"));
        series.compute(key, (k, existing) -> {
            if (existing != null) {
                existing.metric().set(metric);
                return existing;
            }
            AtomicReference<KafkaMetric> current = new AtomicReference<>(metric);
            Gauge gauge = Gauge.builder("kafkarpenter.consumer.lag.records", current, ConsumerLagReporter::value)
                .description("Records between this consumer group's position and the partition's end (last fetch)")
                .tags("topic", topic, "partition", tags.get("partition")).strongReference(true).register(registry);
            return new Series(gauge, current);
        });
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
        if (registry == null || !isPartitionLag(metric)) {
            return;
        }
        series.entrySet().removeIf(e -> {
            if (e.getValue().metric().get() != metric) {
                return false; // a newer metric of the same partition took over
            }
            registry.remove(e.getValue().gauge());
            return true;
        });
    }

    @Override
    public void close() {
        series.values().forEach(s -> registry.remove(s.gauge()));
        series.clear();
    }

    static boolean isPartitionLag(KafkaMetric metric) {
        var name = metric.metricName();
        return LAG.equals(name.name()) && GROUP.equals(name.group()) && name.tags().containsKey("topic")
            && name.tags().containsKey("partition");
    }

    private static double value(AtomicReference<KafkaMetric> metric) {
        return metric.get().metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
