package io.kafkarpenter.service.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

import io.kafkarpenter.model.events.EventHeaders;
import io.kafkarpenter.model.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A Kafka producer interceptor (installed by {@link KafkaClientMetrics}) counting
 * <ul>
 *   <li>{@code kafkarpenter_kafka_records_produced_total{topic}}: records the broker acknowledged;</li>
 *   <li>{@code kafkarpenter_decisions_total{kind,reason}}: {@code kk.decisions} records handed to the producer (kind =
 *       DecisionKind, reason = Reason name, from the {@code kk-decision-kind}/{@code kk-decision-reason} headers
 *       {@code EventMessages.message} sets, so the payload is not read a second time);</li>
 *   <li>{@code kafkarpenter_dead_letter_records_total{topic}}: dead letters handed to the producer, topic = the topic
 *       the bad record came from (SmallRye's {@code dead-letter-topic} header).</li>
 * </ul>
 * Reads only headers, never the payload; a {@code kk.decisions} record without those headers is counted as produced only.
 */
public class ProducedRecords implements ProducerInterceptor<Object, Object> {

    private MeterRegistry registry;

    @Override
    public void configure(Map<String, ?> configs) {
        registry = (MeterRegistry) configs.get(KafkaClientMetrics.REGISTRY);
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (registry == null) {
            return record;
        }
        String deadLetterTopic = header(record, EventHeaders.DEAD_LETTER_TOPIC);
        if (deadLetterTopic != null) {
            registry.counter("kafkarpenter.dead.letter.records", "topic", deadLetterTopic).increment();
        } else if (Topics.DECISIONS.equals(record.topic())) {
            String kind = header(record, EventHeaders.DECISION_KIND);
            String reason = header(record, EventHeaders.DECISION_REASON);
            if (kind != null && reason != null) {
                registry.counter("kafkarpenter.decisions", "kind", kind, "reason", reason).increment();
            }
        }
        return record;
    }

    /** The last value of header {@code name}, or null when it is absent or has no value. */
    private static String header(ProducerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (registry != null && exception == null && metadata != null) {
            registry.counter("kafkarpenter.kafka.records.produced", "topic", metadata.topic()).increment();
        }
    }

    @Override
    public void close() {
    }
}
