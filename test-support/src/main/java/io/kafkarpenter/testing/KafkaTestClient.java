package io.kafkarpenter.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces and reads records in tests with plain kafka-clients (no Docker, no Quarkus).
 *
 * <pre>{@code
 * try (var kafka = KafkaTestClient.forSharedBroker()) {
 *     kafka.send("kk.pods.pending", "uid-1", json, Map.of("pod", "default/web-1"));
 *     var decision = kafka.awaitRecord("kk.decisions", r -> r.value().contains("uid-1"), Duration.ofSeconds(20));
 * }
 * }</pre>
 *
 * Reads assign every partition of the topic and start from the beginning (no consumer group, so no rebalance wait);
 * tests share one broker per JVM, so match on something unique to the test (a key, an id).
 */
public final class KafkaTestClient implements AutoCloseable {

    private final Map<String, Object> connection;
    private final KafkaProducer<String, byte[]> producer;

    /** A client of a PLAINTEXT broker without authentication. */
    public KafkaTestClient(String bootstrapServers) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A client with these connection settings ({@code bootstrap.servers} and any security settings). */
    public KafkaTestClient(Map<String, ?> connection) {
        this.connection = Map.copyOf(connection);
        Map<String, Object> producerConfig = new HashMap<>(this.connection);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A client for the test JVM's shared broker (starting it if needed), as its super user
     * ({@link SharedKafkaBroker#adminProperties()}): fixtures and assertions are not bound by the services' ACLs.
     */
    public static KafkaTestClient forSharedBroker() {
        return new KafkaTestClient(toMap(SharedKafkaBroker.adminProperties()));
    }

    /** A client of the shared broker as the service's own principal, e.g. to show what its ACLs allow. */
    public static KafkaTestClient forSharedBrokerAs(String service) {
        return new KafkaTestClient(toMap(SharedKafkaBroker.serviceProperties(service)));
    }

    public String bootstrapServers() {
        return (String) connection.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /**
     * This client's connection settings ({@code bootstrap.servers} and security), for the test's own producers,
     * consumers and {@code Admin}: {@code Admin.create(kafka.connection())}.
     */
    public Map<String, Object> connection() {
        return new HashMap<>(connection);
    }

    private static Map<String, Object> toMap(Properties props) {
        Map<String, Object> map = new HashMap<>();
        props.forEach((key, value) -> map.put((String) key, value));
        return map;
    }

    /** Sends a UTF-8 string value (null = tombstone) and waits for the broker's ack. */
    public RecordMetadata send(String topic, String key, String value, Map<String, String> headers) {
        return sendBytes(topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), headers);
    }

    public RecordMetadata send(String topic, String key, String value) {
        return send(topic, key, value, Map.of());
    }

    /** Sends raw bytes (e.g. something that is not JSON at all) and waits for the broker's ack. */
    public RecordMetadata sendBytes(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic + " at " + bootstrapServers(), e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until a record matches, and returns it.
     *
     * @throws AssertionError naming the topic and what was seen when nothing matched within {@code timeout}
     */
    public ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> matches,
                                                      Duration timeout) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean assigned = false;
            while (System.nanoTime() < deadline) {
                if (!assigned) {
                    assigned = assignAll(consumer, topic);
                    if (!assigned) {
                        sleep(100);
                        continue;
                    }
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (matches.test(record)) {
                        return record;
                    }
                    seen.add(record);
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout.toMillis() + " ms; saw "
            + seen.size() + " other record(s)" + describe(seen));
    }

    /** Every record currently on {@code topic} (reads until {@code quiet} passes with nothing new). */
    public List<ConsumerRecord<String, String>> readAll(String topic, Duration quiet) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            if (!assignAll(consumer, topic)) {
                return records;
            }
            while (true) {
                var batch = consumer.poll(quiet);
                if (batch.isEmpty()) {
                    return records;
                }
                batch.forEach(records::add);
            }
        }
    }

    /** The last value of the header {@code name} as UTF-8, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private KafkaConsumer<String, String> newConsumer() {
        Map<String, Object> config = connection();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kk-test-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static boolean assignAll(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (partitions == null || partitions.isEmpty()) {
            return false;
        }
        List<TopicPartition> assignment = partitions.stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assignment);
        consumer.seekToBeginning(assignment);
        return true;
    }

    private static String describe(List<ConsumerRecord<String, String>> records) {
        StringBuilder text = new StringBuilder();
        records.stream().limit(10).forEach(r -> text.append("\n  key=").append(r.key()).append(" value=").append(r.value()));
        return text.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
