package io.kafkarpenter.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker for {@code @QuarkusTest}s, started <b>once per test JVM</b> and shared by every test class
 * and every Quarkus app restart in it (see {@link SharedKafkaBroker} for which broker and how to force one).
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
 * class MyServiceIT { ... }
 * }</pre>
 *
 * Sets {@code kafka.bootstrap.servers} and the SmallRye Kafka connector's {@code bootstrap.servers}. {@link #stop()}
 * leaves the broker running for the next app start; a JVM shutdown hook stops it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        return Map.of(
            "kafka.bootstrap.servers", bootstrap,
            "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        // shared by the whole test JVM: stopped by SharedKafkaBroker's shutdown hook
    }
}
