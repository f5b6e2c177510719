package io.kafkarpenter.testing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SaslConfigs;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import io.kafkarpenter.chart.KafkaAccess;
import io.kafkarpenter.chart.KafkaAccessApplier;
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
 * <h2>Authentication and ACLs</h2>
 * The in-JVM broker runs with SASL/SCRAM-SHA-512 and KRaft's {@code StandardAuthorizer}: the chart's topics
 * ({@code kafka.topics.list}), a SCRAM user {@code kafkarpenter-<service>} (password
 * {@code kafkarpenter-<service>-secret}) per service and the ACLs of the chart's {@code KafkaUser}s are applied once
 * per JVM by {@link KafkaAccessApplier}, the code path of {@code bin/kk topics apply} and the sandbox. A service under
 * test connects as its own principal ({@link #serviceProperties}), so a topic or group its ACLs do not grant fails
 * the test with a {@code TopicAuthorizationException}/{@code GroupAuthorizationException}; the test's own clients
 * connect as the super user {@value #ADMIN_USER} ({@link #adminProperties}). ACL enforcement is proven with this
 * broker. {@code -D}{@value #ACLS_PROPERTY}{@code =off} starts it PLAINTEXT without an authorizer (to tell an
 * authorization failure from another one while debugging); the chart's topics are created either way.
 *
 * <p>The container runs PLAINTEXT without ACLs (SCRAM users would have to be created in the container's KRaft
 * metadata before it serves, which the Testcontainers module does not offer): it gets the chart's topics only.
 *
 * <p>The bootstrap address is also published as the system property {@value #BOOTSTRAP_PROPERTY}, and whether the
 * broker authenticates as {@value #SECURITY_PROPERTY} ({@code sasl-scram} or {@code plaintext}): Quarkus may load
 * test resources in more than one class loader, and the properties are what make them all find the same broker.
 * Setting the bootstrap property before the tests start points them at an already running PLAINTEXT broker (e.g.
 * {@code bin/kk kafka}); add {@code -D}{@value #SECURITY_PROPERTY}{@code =sasl-scram} for one started with
 * {@code --sasl-scram} and this class's users and ACLs.
 */
public final class SharedKafkaBroker {

    public static final String MODE_PROPERTY = "kk.test.kafka";
    public static final String IMAGE_PROPERTY = "kk.test.kafka.image";
    public static final String BOOTSTRAP_PROPERTY = "kk.test.kafka.bootstrap-servers";
    public static final String SECURITY_PROPERTY = "kk.test.kafka.security";
    /** {@code off}: the in-JVM broker runs without SCRAM and ACLs. */
    public static final String ACLS_PROPERTY = "kk.test.kafka-acls";
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.2";

    /** The test harness' identity: the broker's super user. */
    public static final String ADMIN_USER = "kafkarpenter-admin";
    public static final String ADMIN_PASSWORD = "kafkarpenter-admin-secret";
    public static final Set<String> SERVICES = Set.of("pod-watcher", "provisioner", "launcher", "consolidator",
        "tag-reconciler");

    static final String SASL_SCRAM = "sasl-scram";
    static final String PLAINTEXT = "plaintext";

    enum Mode { AUTO, TESTCONTAINERS, EMBEDDED }

    private SharedKafkaBroker() {
    }

    /** Starts the shared broker if this JVM has none yet; returns its {@code host:port}. */
    public static synchronized String bootstrapServers() {
        String running = System.getProperty(BOOTSTRAP_PROPERTY);
        if (running != null && !running.isBlank()) {
            return running;
        }
        String bootstrap = start();
        System.setProperty(BOOTSTRAP_PROPERTY, bootstrap);
        return bootstrap;
    }

    private static String start() {
        return switch (mode()) {
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
    }

    /** True when the shared broker authenticates clients and enforces the chart's ACLs (starting it if needed). */
    public static boolean aclsEnforced() {
        bootstrapServers();
        return SASL_SCRAM.equals(System.getProperty(SECURITY_PROPERTY, PLAINTEXT));
    }

    /** Client settings of the super user {@value #ADMIN_USER}: {@code bootstrap.servers} and, with ACLs, SASL. */
    public static Properties adminProperties() {
        return clientProperties(ADMIN_USER, ADMIN_PASSWORD);
    }

    /** Client settings of the service's own principal {@code User:kafkarpenter-<service>}. */
    public static Properties serviceProperties(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("service must be one of " + SERVICES + ", not " + service);
        }
        return clientProperties(user(service), password(service));
    }

    /** The SCRAM user name of a service: {@code kafkarpenter-<service>}. */
    public static String user(String service) {
        return "kafkarpenter-" + service;
    }

    /** The test password of a service's SCRAM user: {@code kafkarpenter-<service>-secret}. */
    public static String password(String service) {
        return user(service) + "-secret";
    }

    private static Properties clientProperties(String user, String password) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (aclsEnforced()) {
            props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
            props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + user + "\" password=\"" + password + "\";");
        }
        return props;
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
        boolean acls = !"off".equals(System.getProperty(ACLS_PROPERTY));
        LocalKafkaBroker.Builder builder = LocalKafkaBroker.builder();
        if (acls) {
            builder.saslScram(ADMIN_USER, ADMIN_PASSWORD);
        }
        LocalKafkaBroker broker = builder.build().start();
        try {
            applyChart(broker.adminProperties(), acls);
        } catch (RuntimeException e) {
            broker.close(); // no half-set-up broker left running: the next call starts afresh (and fails alike)
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kk-test-kafka-stop"));
        System.setProperty(SECURITY_PROPERTY, acls ? SASL_SCRAM : PLAINTEXT);
        return broker.bootstrapServers();
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook
    private static String startContainer() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE)));
        container.start();
        Properties admin = new Properties();
        admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, container.getBootstrapServers());
        try {
            applyChart(admin, false);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kk-test-kafka-stop"));
        System.setProperty(SECURITY_PROPERTY, PLAINTEXT);
        return container.getBootstrapServers();
    }

    /** The chart's topics (one replica); with ACLs also the services' SCRAM users and the KafkaUsers' ACLs. */
    private static void applyChart(Properties adminProps, boolean acls) {
        KafkaAccess access = KafkaAccess.fromChart(Map.of());
        try (Admin admin = Admin.create(adminProps)) {
            if (acls) {
                Map<String, String> users = new LinkedHashMap<>();
                SERVICES.stream().sorted().forEach(service -> users.put(user(service), password(service)));
                KafkaAccessApplier.scramUsers(admin, users);
                KafkaAccessApplier.apply(admin, access, 1);
            } else {
                KafkaAccessApplier.apply(admin, access.topicsOnly(), 1);
            }
        }
    }
}
