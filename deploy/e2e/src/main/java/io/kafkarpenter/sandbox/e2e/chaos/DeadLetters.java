package io.kafkarpenter.sandbox.e2e.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.sandbox.e2e.Sandbox;

/** Every record on a dead-letter topic ({@code kk.dlq.*}) must be one the run injected as malformed. */
final class DeadLetters implements AutoCloseable {

    static final String DLQ = "every DLQ record is an injected malformed one";

    private final KafkaConsumer<String, byte[]> consumer;
    private final ChaosLedger ledger;
    private final InvariantTable table;

    DeadLetters(Sandbox sandbox, ChaosLedger ledger, InvariantTable table) {
        this.ledger = ledger;
        this.table = table;
        Properties props = sandbox.adminClientProperties();
        props.put("group.id", "kk-chaos-dlq-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        props.put("metadata.max.age.ms", "5000"); // DLQ topics appear when first used
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(Pattern.compile(Pattern.quote(Topics.DLQ_PREFIX) + ".*"));
    }

    void check() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            String value = r.value() == null ? "(tombstone)" : new String(r.value(), StandardCharsets.UTF_8);
            ledger.tally("dead letters");
            table.check(DLQ, ledger.isMalformed(value) ? null
                : r.topic() + " offset " + r.offset() + ": " + (value.length() > 160 ? value.substring(0, 160) + "..."
                    : value) + " (reason " + header(r, "dead-letter-reason") + ")");
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "-" : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
