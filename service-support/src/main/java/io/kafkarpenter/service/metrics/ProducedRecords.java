package io.kafkarpenter.service.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventHeaders;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A Kafka producer interceptor (installed by {@link KafkaClientMetrics}) counting
 * <ul>
 *   <li>{@code kafkarpenter_kafka_records_produced_total{topic}}: records the broker acknowledged;</li>
 *   <li>{@code kafkarpenter_decisions_total{kind,reason}}: {@code kk.decisions} records handed to the producer (kind =
 *       DecisionKind, reason = Reason name, read from the record's JSON);</li>
 *   <li>{@code kafkarpenter_dead_letter_records_total{topic}}: dead letters handed to the producer, topic = the topic
 *       the bad record came from (SmallRye's {@code dead-letter-topic} header).</li>
 * </ul>
 * Never throws into the producer: a record it cannot read is counted as produced only (and logged at DEBUG).
 */
public class ProducedRecords implements ProducerInterceptor<Object, Object> {

    private static final Logger LOG = Logger.getLogger(ProducedRecords.class);

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
        try {
            Header deadLetter = record.headers().lastHeader(EventHeaders.DEAD_LETTER_TOPIC);
            if (deadLetter != null) {
                registry.counter("kafkarpenter.dead.letter.records", "topic", new String(deadLetter.value(), UTF_8))
                    .increment();
            } else if (Topics.DECISIONS.equals(record.topic()) && record.value() instanceof byte[] json) {
                DecisionRecord decision = EventJson.read(json, DecisionRecord.class);
                registry.counter("kafkarpenter.decisions", "kind", decision.kind().name(),
                    "reason", decision.reason().name()).increment();
            }
        } catch (RuntimeException e) {
            LOG.debugf("record to %s not counted by kind: %s", record.topic(), e.getMessage());
        }
        return record;
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
