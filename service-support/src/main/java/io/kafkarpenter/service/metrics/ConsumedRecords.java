package io.kafkarpenter.service.metrics;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A Kafka consumer interceptor (installed by {@link KafkaClientMetrics}) counting
 * {@code kafkarpenter_kafka_records_consumed_total{topic}}: every record a poll returned to the service.
 */
public class ConsumedRecords implements ConsumerInterceptor<Object, Object> {

    private MeterRegistry registry;

    @Override
    public void configure(Map<String, ?> configs) {
        registry = (MeterRegistry) configs.get(KafkaClientMetrics.REGISTRY);
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        if (registry != null) {
            for (TopicPartition tp : records.partitions()) {
                registry.counter("kafkarpenter.kafka.records.consumed", "topic", tp.topic())
                    .increment(records.records(tp).size());
            }
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }
}
