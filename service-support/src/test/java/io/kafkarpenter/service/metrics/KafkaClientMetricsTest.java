package io.kafkarpenter.service.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Value;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.service.EventMessages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

class KafkaClientMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void consumersGetTheCountingInterceptorAndTheLagReporterNextToWhatTheyHad() {
        Map<String, Object> config = KafkaClientMetrics.withHooks(Map.of("key.deserializer", "x",
            "interceptor.classes", "a.B"), registry, Set.of("kk.pods.pending"));

        assertThat(config).containsEntry("interceptor.classes", "a.B," + ConsumedRecords.class.getName())
            .containsEntry("metric.reporters", "org.apache.kafka.common.metrics.JmxReporter,"
                + ConsumerLagReporter.class.getName())
            .containsEntry(KafkaClientMetrics.REGISTRY, registry)
            .containsEntry(KafkaClientMetrics.TOPICS, List.of("kk.pods.pending"));
    }

    @Test
    void producersGetTheProducerInterceptorAndOtherClientsNothing() {
        Map<String, Object> producer = KafkaClientMetrics.withHooks(Map.of("key.serializer", "x",
            "interceptor.classes", List.of(String.class)), registry, Set.of());
        Map<String, Object> admin = Map.of("bootstrap.servers", "b:9092");

        assertThat(producer).containsEntry("interceptor.classes", "java.lang.String," + ProducedRecords.class.getName())
            .doesNotContainKey("metric.reporters");
        assertThat(KafkaClientMetrics.withHooks(admin, registry, Set.of())).isSameAs(admin);
    }

    @Test
    void producedRecordsCountsAcknowledgedRecordsDecisionsByKindAndReasonAndDeadLettersByTheirSourceTopic() {
        ProducedRecords interceptor = new ProducedRecords();
        interceptor.configure(Map.of(KafkaClientMetrics.REGISTRY, registry));
        DecisionRecord decision = new DecisionRecord("s1", "d1", "provisioner", DecisionKind.PROVISIONING, List.of(),
            Reason.values()[0], "why", List.of(), Instant.EPOCH);
        var sent = EventMessages.message("s1", decision, Correlation.NONE);
        var metadata = sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        interceptor.onSend(new ProducerRecord<>("kk.decisions", null, "s1", sent.getPayload(), metadata.getHeaders()));
        interceptor.onSend(new ProducerRecord<>("kk.decisions", "s2", "not json".getBytes(UTF_8)));
        ProducerRecord<Object, Object> dead = new ProducerRecord<>("kk.dlq.launcher", "k", new byte[] {1});
        dead.headers().add("dead-letter-topic", "kk.nodeclaims.launch".getBytes(UTF_8));
        interceptor.onSend(dead);
        interceptor.onAcknowledgement(new RecordMetadata(new TopicPartition("kk.decisions", 0), 0, 0, 0, 0, 0), null);
        interceptor.onAcknowledgement(new RecordMetadata(new TopicPartition("kk.decisions", 0), 0, 0, 0, 0, 0),
            new RuntimeException("not written"));

        assertThat(registry.get("kafkarpenter.decisions").tags("kind", "PROVISIONING", "reason",
            Reason.values()[0].name()).counter().count()).isEqualTo(1.0);
        assertThat(registry.find("kafkarpenter.decisions").counters()).hasSize(1);
        assertThat(registry.get("kafkarpenter.dead.letter.records").tags("topic", "kk.nodeclaims.launch").counter()
            .count()).isEqualTo(1.0);
        assertThat(registry.get("kafkarpenter.kafka.records.produced").tags("topic", "kk.decisions").counter().count())
            .isEqualTo(1.0);
    }

    @Test
    void consumedRecordsCountsEveryPolledRecordByTopic() {
        ConsumedRecords interceptor = new ConsumedRecords();
        interceptor.configure(Map.of(KafkaClientMetrics.REGISTRY, registry));
        TopicPartition p0 = new TopicPartition("kk.pods.pending", 0);
        TopicPartition p1 = new TopicPartition("kk.pods.pending", 1);
        interceptor.onConsume(new ConsumerRecords<>(Map.of(
            p0, List.of(new ConsumerRecord<>(p0.topic(), 0, 0, "a", "x"), new ConsumerRecord<>(p0.topic(), 0, 1, "b", "y")),
            p1, List.of(new ConsumerRecord<>(p1.topic(), 1, 0, "c", "z"))), Map.of()));

        assertThat(registry.get("kafkarpenter.kafka.records.consumed").tags("topic", "kk.pods.pending").counter().count())
            .isEqualTo(3.0);
    }

    @Test
    void theLagGaugeFollowsTheConsumersOwnPartitionMetricWithTheRealTopicName() {
        ConsumerLagReporter reporter = new ConsumerLagReporter();
        reporter.configure(Map.of(KafkaClientMetrics.REGISTRY, registry, KafkaClientMetrics.TOPICS,
            List.of("kk.pods.pending")));
        try (Metrics kafkaMetrics = new Metrics()) {
            kafkaMetrics.addReporter(reporter);
            Sensor sensor = kafkaMetrics.sensor("kk.pods.pending-2.records-lag");
            sensor.add(kafkaMetrics.metricName("records-lag", "consumer-fetch-manager-metrics",
                Map.of("client-id", "c", "topic", "kk_pods_pending", "partition", "2")), new Value());
            sensor.record(42);

            assertThat(registry.get("kafkarpenter.consumer.lag.records").tags("topic", "kk.pods.pending",
                "partition", "2").gauge().value()).isEqualTo(42.0);
            sensor.record(7);
            assertThat(registry.get("kafkarpenter.consumer.lag.records").gauge().value()).isEqualTo(7.0);

            kafkaMetrics.removeSensor("kk.pods.pending-2.records-lag");
            assertThat(registry.find("kafkarpenter.consumer.lag.records").gauges()).isEmpty();
        }
    }

    @Test
    void aPartitionsNewerMetricTakesOverTheGaugeAndTheOldOnesRemovalLeavesIt() {
        ConsumerLagReporter reporter = new ConsumerLagReporter();
        reporter.configure(Map.of(KafkaClientMetrics.REGISTRY, registry));
        try (Metrics first = new Metrics(); Metrics second = new Metrics()) {
            first.addReporter(reporter);
            second.addReporter(reporter);
            Sensor old = first.sensor("lag");
            old.add(first.metricName("records-lag", "consumer-fetch-manager-metrics",
                Map.of("topic", "kk_nodes_terminate", "partition", "0")), new Value());
            old.record(5);
            Sensor now = second.sensor("lag");
            now.add(second.metricName("records-lag", "consumer-fetch-manager-metrics",
                Map.of("topic", "kk_nodes_terminate", "partition", "0")), new Value());
            now.record(9);
            first.removeSensor("lag");

            assertThat(registry.get("kafkarpenter.consumer.lag.records").tags("topic", "kk_nodes_terminate",
                "partition", "0").gauge().value()).isEqualTo(9.0);
        }
    }

    @Test
    void aConsumerChannelThatDeadLettersHasItsDeadLetterCounterAtZeroFromTheStart() {
        KafkaClientMetrics metrics = new KafkaClientMetrics(registry);
        Map<String, Object> config = metrics.customize("pods-pending", channelConfig(Map.of("topic", "kk.pods.pending",
            "failure-strategy", "dead-letter-queue")), Map.of("key.deserializer", "x"));
        metrics.customize("other", channelConfig(Map.of("topics", "kk.a, kk.b")), Map.of("key.deserializer", "x"));

        assertThat(registry.get("kafkarpenter.dead.letter.records").tags("topic", "kk.pods.pending").counter().count())
            .isZero();
        assertThat(registry.find("kafkarpenter.dead.letter.records").counters()).hasSize(1);
        assertThat(config).containsEntry(KafkaClientMetrics.TOPICS, List.of("kk.pods.pending"));
    }

    /** A channel's configuration with these values (only getOptionalValue is used). */
    private static org.eclipse.microprofile.config.Config channelConfig(Map<String, String> values) {
        return (org.eclipse.microprofile.config.Config) java.lang.reflect.Proxy.newProxyInstance(
            KafkaClientMetricsTest.class.getClassLoader(), new Class<?>[] {org.eclipse.microprofile.config.Config.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getOptionalValue")) {
                    return java.util.Optional.ofNullable(values.get((String) args[0]));
                }
                throw new UnsupportedOperationException(method.getName());
            });
    }
}
