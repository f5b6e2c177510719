package io.kafkarpenter.service.metrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<KafkaMetric, Gauge> gauges = new ConcurrentHashMap<>();

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
        gauges.computeIfAbsent(metric, m -> Gauge.builder("kafkarpenter.consumer.lag.records", m,
                ConsumerLagReporter::value)
            .description("Records between this consumer group's position and the partition's end (last fetch)")
            .tags("topic", topic, "partition", tags.get("partition")).strongReference(true).register(registry));
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
        Gauge gauge = gauges.remove(metric);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    @Override
    public void close() {
        List.copyOf(gauges.keySet()).forEach(this::metricRemoval);
    }

    static boolean isPartitionLag(KafkaMetric metric) {
        var name = metric.metricName();
        return LAG.equals(name.name()) && GROUP.equals(name.group()) && name.tags().containsKey("topic")
            && name.tags().containsKey("partition");
    }

    private static double value(KafkaMetric metric) {
        return metric.metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
