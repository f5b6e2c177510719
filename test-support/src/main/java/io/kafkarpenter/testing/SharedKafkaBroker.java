package io.kafkarpenter.testing;

import java.util.Locale;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import io.kafkarpenter.sandbox.kafka.LocalKafkaBroker;

/**
 * The one Kafka broker of a test JVM, started on first use and stopped by a JVM shutdown hook.
 *
 * <p>Which broker, by the system property {@value #MODE_PROPERTY}:
 * <ul>
 *   <li>{@code auto} (default): Testcontainers' {@link KafkaContainer} when a Docker engine answers, otherwise a
 *       KRaft broker inside this JVM ({@link LocalKafkaBroker});</li>
 *   <li>{@code testcontainers}: the container, and a clear failure when there is no Docker engine;</li>
 *   <li>{@code embedded}: the in-JVM broker, never Docker.</li>
 * </ul>
 * The container image is {@value #DEFAULT_IMAGE} unless {@value #IMAGE_PROPERTY} says otherwise.
 *
 * <p>The bootstrap address is also published as the system property {@value #BOOTSTRAP_PROPERTY}: Quarkus may load
 * test resources in more than one class loader, and the property is what makes them all find the same broker.
 * Setting that property before the tests start points them at an already running broker (e.g. {@code bin/kk kafka}).
 */
public final class SharedKafkaBroker {

    public static final String MODE_PROPERTY = "kk.test.kafka";
    public static final String IMAGE_PROPERTY = "kk.test.kafka.image";
    public static final String BOOTSTRAP_PROPERTY = "kk.test.kafka.bootstrap-servers";
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.2";

    enum Mode { AUTO, TESTCONTAINERS, EMBEDDED }

    private SharedKafkaBroker() {
    }

    /** Starts the shared broker if this JVM has none yet; returns its {@code host:port}. */
    public static synchronized String bootstrapServers() {
        String running = System.getProperty(BOOTSTRAP_PROPERTY);
        if (running != null && !running.isBlank()) {
            return running;
        }
        String bootstrap = switch (mode()) {
            case EMBEDDED -> startEmbedded();
            case TESTCONTAINERS -> {
                if (!DockerClientFactory.instance().isDockerAvailable()) {
                    throw new IllegalStateException(MODE_PROPERTY + "=testcontainers but no Docker engine is available "
                        + "to Testcontainers; use -D" + MODE_PROPERTY + "=embedded (or auto) to run Kafka inside the test JVM");
                }
                yield startContainer();
            }
            case AUTO -> DockerClientFactory.instance().isDockerAvailable() ? startContainer() : startEmbedded();
        };
        System.setProperty(BOOTSTRAP_PROPERTY, bootstrap);
        return bootstrap;
    }

    static Mode mode() {
        String value = System.getProperty(MODE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto", "" -> Mode.AUTO;
            case "testcontainers", "docker", "container" -> Mode.TESTCONTAINERS;
            case "embedded", "in-jvm", "kraft" -> Mode.EMBEDDED;
            default -> throw new IllegalArgumentException("system property " + MODE_PROPERTY + "='" + value
                + "' is not one of auto, testcontainers, embedded");
        };
    }

    private static String startEmbedded() {
        LocalKafkaBroker broker = LocalKafkaBroker.builder().build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kk-test-kafka-stop"));
        return broker.bootstrapServers();
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook
    private static String startContainer() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE)));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kk-test-kafka-stop"));
        return container.getBootstrapServers();
    }
}
