package io.kafkarpenter.sandbox.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one process) started inside this JVM from Kafka's
 * own Maven artifacts. Used by the integration tests (one per test JVM) and, through {@link KafkaBrokerMain}, by
 * {@code bin/kk kafka}.
 *
 * <pre>{@code
 * try (var broker = LocalKafkaBroker.builder().build().start()) {
 *     String bootstrap = broker.bootstrapServers();   // localhost:<random port>
 * }
 * }</pre>
 *
 * <p>Internal topics use replication factor 1 (a single broker could never create {@code __consumer_offsets}
 * with Kafka's default of 3) and consumer groups start without the initial rebalance delay.
 *
 * <h2>With {@link Builder#saslScram(String, String)}: authentication and ACLs</h2>
 *
 * <pre>{@code
 * try (var broker = LocalKafkaBroker.builder().saslScram("kafkarpenter-admin", "kafkarpenter-admin-secret").build().start()) {
 *     broker.createScramUser("kafkarpenter-launcher", "kafkarpenter-launcher-secret");
 *     Properties launcher = broker.clientProperties("kafkarpenter-launcher", "kafkarpenter-launcher-secret");
 *     Admin admin = Admin.create(broker.adminProperties());   // a super user: create topics, ACLs
 * }
 * }</pre>
 *
 * <ul>
 *   <li>The client listener ({@code bootstrapServers()}) is {@code SASL_PLAINTEXT} with {@code SCRAM-SHA-512} only:
 *       a client needs a SCRAM user of this broker. The admin's credential is written into the cluster metadata at
 *       format time ({@code kafka-storage format --add-scram}), so it exists before the broker serves anyone; other
 *       users are added with {@link #createScramUser} (Admin API {@code alterUserScramCredentials}).</li>
 *   <li>Authorization is KRaft's {@code StandardAuthorizer} (ACLs stored in the metadata log) with
 *       {@code allow.everyone.if.no.acl.found=false}: a principal may do only what an ACL allows.
 *       {@code super.users} is the admin alone.</li>
 *   <li>The broker talks to itself on two paths, both as the admin, so no other principal needs to be a super user:
 *       the inter-broker listener is the client listener, authenticating with the admin's SCRAM credential
 *       ({@code listener.name.client.scram-sha-512.sasl.jaas.config}); the KRaft controller listener is
 *       {@code SASL_PLAINTEXT} with {@code PLAIN}, whose only user is the admin, configured statically in that
 *       listener's JAAS config ({@code user_<admin>}). SCRAM cannot serve the controller listener: SCRAM
 *       credentials live in the metadata log the controller serves, so the broker could not log in to fetch them.
 *       A PLAINTEXT controller listener would make {@code User:ANONYMOUS} the principal that needs
 *       {@code CLUSTER_ACTION}, i.e. a super user open to anyone reaching the port.</li>
 *   <li>Ready means the admin can describe the cluster over the SASL listener (the authorizer has loaded the
 *       metadata).</li>
 * </ul>
 * Without {@code saslScram} the broker is PLAINTEXT with no authorizer, as before.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int requestedPort;
    private final int requestedControllerPort;
    private final Path requestedDataDir;
    private final Map<String, String> extraProperties;
    private final ScramSecurity scram;

    private KafkaRaftServer server;
    private Path dataDir;
    private boolean deleteDataDirOnClose;
    private int port;

    private LocalKafkaBroker(Builder builder) {
        this.requestedPort = builder.port;
        this.requestedControllerPort = builder.controllerPort;
        this.requestedDataDir = builder.dataDir;
        this.extraProperties = Map.copyOf(builder.extraProperties);
        this.scram = builder.scram;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory if it is new, starts the broker and waits until it answers a cluster
     * description. Idempotent: a second call on a started broker does nothing.
     */
    public synchronized LocalKafkaBroker start() {
        if (server != null) {
            return this;
        }
        try {
            if (requestedDataDir == null) {
                dataDir = Files.createTempDirectory("kk-kafka-");
                deleteDataDirOnClose = true;
            } else {
                dataDir = Files.createDirectories(requestedDataDir.toAbsolutePath());
            }
            port = requestedPort > 0 ? requestedPort : freePort();
            int controllerPort = requestedControllerPort > 0 ? requestedControllerPort : freePort(port);
            Properties props = serverProperties(port, controllerPort, dataDir.resolve("kafka"));
            formatIfNeeded(props);
            KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            raftServer.startup();
            server = raftServer;
            awaitReady();
            return this;
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("could not prepare the Kafka data directory " + dataDir, e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** {@code localhost:<port>}, usable as {@code bootstrap.servers}. */
    public String bootstrapServers() {
        if (server == null) {
            throw new IllegalStateException("the broker is not started");
        }
        return "localhost:" + port;
    }

    /** True when the broker was built with {@link Builder#saslScram(String, String)}. */
    public boolean isSaslScram() {
        return scram != null;
    }

    /**
     * What a client (producer, consumer, admin) of user {@code user} needs besides its own settings:
     * {@code bootstrap.servers}, {@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism=SCRAM-SHA-512} and
     * {@code sasl.jaas.config}. Without {@code saslScram}: only {@code bootstrap.servers} (the user is ignored).
     */
    public Properties clientProperties(String user, String password) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (isSaslScram()) {
            props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            props.put(SaslConfigs.SASL_MECHANISM, ScramSecurity.MECHANISM);
            props.put(SaslConfigs.SASL_JAAS_CONFIG,
                ScramSecurity.jaasConfig(Objects.requireNonNull(user), Objects.requireNonNull(password)));
        }
        return props;
    }

    /** {@link #clientProperties} of the admin (the super user); without {@code saslScram} only the bootstrap. */
    public Properties adminProperties() {
        return isSaslScram() ? clientProperties(scram.adminUser(), scram.adminPassword()) : clientProperties("", "");
    }

    /** The admin's user name, or null without {@code saslScram}. */
    public String adminUser() {
        return isSaslScram() ? scram.adminUser() : null;
    }

    /**
     * Creates (or replaces) the SCRAM-SHA-512 credential of {@code user} through the Admin API, as the admin.
     * The user has no rights until ACLs grant some.
     */
    public void createScramUser(String user, String password) {
        if (!isSaslScram()) {
            throw new IllegalStateException("createScramUser needs a broker built with saslScram(...)");
        }
        try (Admin admin = Admin.create(adminProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ScramSecurity.ITERATIONS), password)))
                .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create SCRAM user " + user + ": " + e.getMessage(), e);
        }
    }

    /** The folder holding the broker's log segments and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Stops the broker and waits for it; deletes the data directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        if (server != null) {
            KafkaRaftServer stopping = server;
            server = null;
            stopping.shutdown();
            stopping.awaitShutdown();
        }
        if (deleteDataDirOnClose && dataDir != null) {
            deleteRecursively(dataDir);
            dataDir = null;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // already failing; the original error is the one to report
        }
    }

    private Properties serverProperties(int brokerPort, int controllerPort, Path logDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        if (isSaslScram()) {
            p.putAll(scram.serverProperties(brokerPort, controllerPort));
        } else {
            p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
            p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
        }
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.putAll(extraProperties);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    /** Runs Kafka's own {@code kafka-storage format} unless the data directory already holds a formatted log. */
    private void formatIfNeeded(Properties props) throws IOException {
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path configFile = dataDir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(configFile)) {
            props.store(out, "written by LocalKafkaBroker for kafka-storage format");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        List<String> args = new java.util.ArrayList<>(List.of(
            "format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()));
        if (isSaslScram()) {
            // the admin's credential in the first metadata records: it exists before anyone can connect
            args.addAll(scram.formatArguments());
        }
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(args.toArray(String[]::new), printStream);
        }
        if (exit != 0) {
            throw new IllegalStateException("kafka-storage format of " + logDir + " failed (exit " + exit + "): "
                + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() {
        // as the admin: with saslScram this also proves the SCRAM login and the authorizer answer
        Properties adminProps = adminProperties();
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(adminProps)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the Kafka broker on port " + port + " did not become ready in "
                            + READY_TIMEOUT.toSeconds() + "s", e);
                    }
                }
            }
        }
    }

    private static int freePort(int... avoid) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("localhost", 0));
                int candidate = socket.getLocalPort();
                if (java.util.Arrays.stream(avoid).noneMatch(p -> p == candidate)) {
                    return candidate;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not find a free port", e);
            }
        }
        throw new IllegalStateException("could not find a free port");
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: a temp dir left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Ports (0 = pick a free one), data directory (null = a temp dir deleted on close) and extra broker properties. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private ScramSecurity scram;

        private Builder() {
        }

        /**
         * SASL/SCRAM-SHA-512 on the client listener, KRaft's {@code StandardAuthorizer}, and {@code adminUser} as the
         * only super user (see the class comment). The admin's name must be a plain identifier (letters, digits,
         * {@code - _ .}): it is also a JAAS option name.
         */
        public Builder saslScram(String adminUser, String adminPassword) {
            this.scram = new ScramSecurity(adminUser, adminPassword);
            return this;
        }

        /** The client (PLAINTEXT) port; 0, the default, picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The KRaft controller port; 0, the default, picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Keeps the data here (and across restarts); null, the default, uses a temp dir deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Any broker property, applied after the defaults. */
        public Builder property(String key, String value) {
            extraProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public LocalKafkaBroker build() {
            return new LocalKafkaBroker(this);
        }
    }
}
