package io.kafkarpenter.viewer.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.kafkarpenter.viewer.ViewerConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * {@code kk.viewer.kafka-properties=FILE}: a Kafka client properties file as Kafka's own tools take it
 * ({@code --command-config}: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.*},
 * even {@code bootstrap.servers}), given to the {@code decisions} channel (its {@code kafka-configuration},
 * {@value #NAME}); without it the channel has only what {@code kafka.*} / {@code KAFKA_*} configure.
 */
@ApplicationScoped
public class KafkaClientFile {

    public static final String NAME = "kk-viewer-kafka-properties";

    @Produces
    @Identifier(NAME)
    Map<String, Object> kafkaProperties(ViewerConfig config) {
        return read(config.kafkaProperties());
    }

    static Map<String, Object> read(Optional<Path> file) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (file.isEmpty()) {
            return out;
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file.get())) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("kk.viewer.kafka-properties: cannot read " + file.get(), e);
        }
        props.stringPropertyNames().forEach(key -> out.put(key, props.getProperty(key)));
        return out;
    }
}
