package io.kafkarpenter.service.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.metrics.JmxReporter;
import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.ClientCustomizer;

/**
 * Kafkarpenter's own Kafka metrics for every SmallRye Kafka client of a service (each channel's consumer and producer,
 * and the dead-letter producer of a channel with {@code failure-strategy=dead-letter-queue}), added once here for all
 * services: SmallRye applies every {@link ClientCustomizer} bean to each client's configuration before creating it,
 * and this one adds Kafka's own hooks to it:
 * <ul>
 *   <li>producers: {@link ProducedRecords} (a Kafka {@code ProducerInterceptor}):
 *       {@code kafkarpenter_kafka_records_produced_total{topic}}, {@code kafkarpenter_decisions_total{kind,reason}}
 *       for {@code kk.decisions}, {@code kafkarpenter_dead_letter_records_total{topic}} for dead letters;</li>
 *   <li>consumers: {@link ConsumedRecords} (a {@code ConsumerInterceptor}):
 *       {@code kafkarpenter_kafka_records_consumed_total{topic}}, and {@link ConsumerLagReporter} (a
 *       {@code MetricsReporter}): {@code kafkarpenter_consumer_lag_records{topic,partition}}, a gauge reading the
 *       consumer's own {@code records-lag} metric of each partition it has been assigned (no polling of our own).</li>
 * </ul>
 * The registry reaches the Kafka-instantiated hooks through the client configuration ({@link #REGISTRY}); Kafka logs
 * the two extra keys once per client as "supplied but not used" (INFO).
 */
@ApplicationScoped
public class KafkaClientMetrics implements ClientCustomizer<Map<String, Object>> {

    /** Config key: the {@link MeterRegistry} the hooks record into. */
    public static final String REGISTRY = "kafkarpenter.metrics.registry";
    /** Config key: the topics a consumer's channel reads (Kafka's metric tags write '.' as '_'; this maps them back). */
    public static final String TOPICS = "kafkarpenter.metrics.topics";

    private final MeterRegistry registry;

    @Inject
    public KafkaClientMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        return withHooks(config, registry, topics(channel, channelConfig));
    }

    /** {@code config} plus the hooks for its kind of client (consumer or producer; others unchanged). */
    public static Map<String, Object> withHooks(Map<String, Object> config, MeterRegistry registry,
                                                Collection<String> topics) {
        boolean consumer = config.containsKey(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        boolean producer = config.containsKey(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        if (consumer == producer) {
            return config;
        }
        Map<String, Object> out = new HashMap<>(config);
        out.put(REGISTRY, registry);
        if (consumer) {
            out.put(TOPICS, List.copyOf(topics));
            out.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG,
                append(out.get(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG), ConsumedRecords.class.getName()));
            Object reporters = out.get(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG);
            out.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, append(reporters == null
                ? JmxReporter.class.getName() : reporters, ConsumerLagReporter.class.getName())); // keep Kafka's default
        } else {
            out.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
                append(out.get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG), ProducedRecords.class.getName()));
        }
        return out;
    }

    /** The channel's topics as SmallRye reads them: {@code topics}, else {@code topic}, else the channel's name. */
    static Set<String> topics(String channel, Config channelConfig) {
        Set<String> topics = new LinkedHashSet<>();
        channelConfig.getOptionalValue("topics", String.class).ifPresent(t -> split(t, topics));
        if (topics.isEmpty()) {
            topics.add(channelConfig.getOptionalValue("topic", String.class).orElse(channel));
        }
        return topics;
    }

    /** A Kafka class-list value (String "a,b", a list of names or classes, a class, or null) with {@code name} added. */
    static String append(Object existing, String name) {
        List<String> names = new ArrayList<>();
        if (existing instanceof String s) {
            split(s, names);
        } else if (existing instanceof Collection<?> c) {
            c.forEach(o -> names.add(o instanceof Class<?> k ? k.getName() : String.valueOf(o).strip()));
        } else if (existing instanceof Class<?> k) {
            names.add(k.getName());
        }
        if (!names.contains(name)) {
            names.add(name);
        }
        return String.join(",", names);
    }

    private static void split(String value, Collection<String> into) {
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                into.add(part.strip());
            }
        }
    }
}
