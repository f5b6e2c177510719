package io.kafkarpenter.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;

/**
 * A real Kafka broker for {@code @QuarkusTest}s, started <b>once per test JVM</b> and shared by every test class
 * and every Quarkus app restart in it (see {@link SharedKafkaBroker} for which broker and how to force one). Use it
 * through {@link WithKafka}.
 *
 * <p>Sets {@code kafka.bootstrap.servers} (and the SmallRye Kafka connector's {@code bootstrap.servers}) and, when
 * the broker enforces ACLs, the service principal's {@code kafka.security.protocol}, {@code kafka.sasl.mechanism}
 * and {@code kafka.sasl.jaas.config}: the {@code kafka.*} defaults every channel, the Kafka health check and
 * {@code KafkaClientService} clients take, which is what the chart sets through {@code KAFKA_*} environment
 * variables. {@link #stop()} leaves the broker running for the next app start; a JVM shutdown hook stops it.
 */
public class KafkaTestResource implements QuarkusTestResourceConfigurableLifecycleManager<WithKafka> {

    /** The init arg naming the service, for {@code @WithTestResource(initArgs = ...)} instead of {@link WithKafka}. */
    public static final String SERVICE_ARG = "service";

    private String service;

    @Override
    public void init(WithKafka annotation) {
        service = annotation.service();
    }

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey(SERVICE_ARG)) {
            service = initArgs.get(SERVICE_ARG);
        }
    }

    @Override
    public Map<String, String> start() {
        if (service == null) {
            throw new IllegalStateException("KafkaTestResource needs the service under test: @WithKafka(service = ...)");
        }
        Properties client = SharedKafkaBroker.serviceProperties(service);
        String bootstrap = client.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap);
        for (String key : new String[] {CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SaslConfigs.SASL_MECHANISM,
            SaslConfigs.SASL_JAAS_CONFIG}) {
            if (client.containsKey(key)) {
                config.put("kafka." + key, client.getProperty(key));
            }
        }
        return config;
    }

    @Override
    public void stop() {
        // shared by the whole test JVM: stopped by SharedKafkaBroker's shutdown hook
    }
}
