package io.kafkarpenter.sandbox.e2e;

import static io.kafkarpenter.sandbox.e2e.ServiceProcesses.classpath;
import static io.kafkarpenter.sandbox.e2e.ServiceProcesses.deleteRecursively;
import static io.kafkarpenter.sandbox.e2e.ServiceProcesses.freePort;
import static io.kafkarpenter.sandbox.e2e.ServiceProcesses.javaCommand;
import static io.kafkarpenter.sandbox.e2e.ServiceProcesses.withExtraJvmOptions;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kafkarpenter.chart.HelmChart;
import io.kafkarpenter.chart.KafkaAccess;
import io.kafkarpenter.chart.KafkaAccessApplier;
import io.kafkarpenter.sandbox.kube.rbac.RbacUsage;
import io.kafkarpenter.sandbox.kube.rbac.StandinTokens;
import io.kafkarpenter.sandbox.usage.UsageSuites;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The whole system on one machine, every part its own process: a KRaft broker ({@code deploy/local-kafka}), the EC2
 * simulator (also serving EKS and IAM) laid out like the workshop's cluster before its §1.7 — an EKS cluster, three
 * public and three private subnets in three zones, the cluster security group, the node role, and no discovery tag
 * anywhere: the tag-reconciler writes them —, the Kubernetes stand-in with its kubelet and kube-scheduler, and the
 * five services from their {@code target/quarkus-app/quarkus-run.jar} (their settings: {@link ServiceProcesses}).
 * Ports are picked free; logs go to the state directory. {@link #close()} stops every process it started.
 *
 * <p>The stand-in enforces the RBAC of the chart ({@code helm template} of deploy/helm/kafkarpenter, written to
 * {@code chart.yaml} in the state directory): each service sends its ServiceAccount's token
 * ({@code kube-system/kafkarpenter-<service>}) and may do only what its ClusterRole and Role allow; {@link #kube()}
 * (the harness, the workloads, the demo) is the cluster admin. With a {@link #rbacUsageDir usage directory} the
 * stand-in writes the grants it saw used there when it stops.
 */
public final class Sandbox implements AutoCloseable {

    public static final List<String> SERVICES = List.of("pod-watcher", "provisioner", "launcher", "consolidator",
        "tag-reconciler");
    /** The web viewer (deploy/viewer): started after the services by a sandbox {@link #withViewer with} it. */
    public static final String VIEWER = "viewer";
    public static final String NAMESPACE = "default";
    /** The namespace the services run in, the chart's release namespace (their ServiceAccounts, Roles and Leases). */
    public static final String SERVICE_NAMESPACE = HelmChart.NAMESPACE;
    /** The broker's super user: the sandbox sets up topics and ACLs with it, the Observer and tests read with it. */
    public static final String KAFKA_ADMIN_USER = "kafkarpenter-admin";
    public static final String KAFKA_ADMIN_PASSWORD = "kafkarpenter-admin-secret";

    /** The harness' AWS key (its own clients, {@link #ec2()}): an admin of the simulator. */
    public static final String ADMIN_ACCESS_KEY = "sandbox";
    static final String FULL_CATALOG = "common-model/src/main/resources/io/kafkarpenter/model/catalog/aws-us-east-1.json";

    /** How to run it. */
    public record Options(Path kkHome, Path stateDir, String clusterName, Duration bootDelay, Duration initDelay,
                          int podsPendingPartitions, PrintLog log) {

        public static Options defaults(Path kkHome, Path stateDir) {
            return new Options(kkHome, stateDir, "kafkarpenter-demo", Duration.ofSeconds(2), Duration.ofSeconds(1), 3,
                line -> System.out.println(line));
        }

        public Options withLog(PrintLog newLog) {
            return new Options(kkHome, stateDir, clusterName, bootDelay, initDelay, podsPendingPartitions, newLog);
        }
    }

    /** Where progress lines go. */
    @FunctionalInterface
    public interface PrintLog {
        void println(String line);
    }

    /** A process and its log, which it appends to from {@code logOffset} on (earlier runs' output comes before). */
    private record Running(String name, List<String> command, Path logFile, long logOffset, Process process) {
    }

    private final Options options;
    private final Map<String, Running> processes = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    /** service → environment variables set on top of the defaults at every (re)start, see {@link #serviceEnv}. */
    private final Map<String, Map<String, String>> envOverrides = new LinkedHashMap<>();
    /** Processes stopped with {@link #pause} and not resumed yet. */
    private final java.util.Set<String> paused = new java.util.LinkedHashSet<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int kafkaPort;
    private int kafkaControllerPort;
    private int ec2Port;
    private int kubePort;
    private KubernetesClient kube;
    private Ec2Client ec2;
    private boolean keep;
    /** Services {@link #start()} leaves out (see {@link #withhold}). */
    private final java.util.Set<String> withheld = new java.util.LinkedHashSet<>();
    private java.util.function.Consumer<Sandbox> beforeServices = s -> { };
    private Path rbacUsageDir = RbacUsage.configuredDir().orElse(null);
    private Path iamUsageDir = UsageSuites.IAM.configuredDir().orElse(null);
    private boolean viewer;
    private boolean kubelet = true;
    private String extraSimulatorState = "";

    public Sandbox(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    // -- start ---------------------------------------------------------------------------------------------------------

    /**
     * {@link #start()} does not start this service; start it later with {@link #restart} (e.g. the tag-reconciler, to
     * see the cluster as it is before anyone tagged it). Call before {@link #start()}.
     */
    public Sandbox withhold(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("not a service: " + service + " (" + SERVICES + ")");
        }
        withheld.add(service);
        return this;
    }

    /**
     * {@link #start()} also starts the web viewer ({@value #VIEWER}, deploy/viewer) with the services:
     * Kafka principal {@code kafkarpenter-viewer} (read kk.decisions only) and the stand-in's admin token, as a user
     * runs it with a kubeconfig. Call before {@link #start()}.
     */
    public Sandbox withViewer() {
        viewer = true;
        return this;
    }

    /**
     * The Kubernetes stand-in runs without its kubelet: no instance ever registers as a Node (NodeClaims stay
     * launched, not registered). For {@code bin/kk bench scale}, whose thousands of instances would otherwise each
     * become a Node the stand-in and every informer must carry. Call before {@link #start()}.
     */
    public Sandbox withoutKubelet() {
        kubelet = false;
        return this;
    }

    /**
     * YAML lines added to the EC2 simulator's state file (its {@code Ec2SimulatorConfig}), e.g.
     * {@code subnetPrefixLength: 19} for subnets that hold thousands of instances. Call before {@link #start()}.
     */
    public Sandbox simulatorState(String yaml) {
        extraSimulatorState = yaml.endsWith("\n") ? yaml : yaml + "\n";
        return this;
    }

    /**
     * Runs {@code hook} in {@link #start()} once the broker, the EC2 simulator and the Kubernetes stand-in are up and
     * before any service starts (e.g. {@code bin/kk demo} prints the discovery-tag check of the untouched cluster).
     * If it throws, the start fails.
     */
    public Sandbox beforeServices(java.util.function.Consumer<Sandbox> hook) {
        beforeServices = hook;
        return this;
    }

    /**
     * Where the Kubernetes stand-in writes the RBAC grants it saw used when it stops (null: nowhere). Defaults to
     * {@value RbacUsage#DIR_PROPERTY} / {@code $}{@value RbacUsage#DIR_ENV}. Call before {@link #start()}.
     */
    public Sandbox rbacUsageDir(Path dir) {
        rbacUsageDir = dir;
        return this;
    }

    /**
     * Where the EC2 simulator writes the IAM statements (of deploy/iam) it saw allow a call (null: nowhere). Defaults to
     * {@code kk.iam.usage-dir} / {@code $KK_IAM_USAGE_DIR}. Call before {@link #start()}.
     */
    public Sandbox iamUsageDir(Path dir) {
        iamUsageDir = dir;
        return this;
    }

    /** The AWS access key id {@code service} signs with: the simulator maps it to deploy/iam/{@code <service>}.json. */
    public static String accessKeyId(String service) {
        return HelmChart.RELEASE + "-" + service;
    }

    /** The ServiceAccount token {@code service} runs with (the stand-in maps it to the chart's ServiceAccount). */
    public static String serviceToken(String service) {
        return StandinTokens.serviceAccount(SERVICE_NAMESPACE, HelmChart.RELEASE + "-" + service);
    }

    /** Starts everything (but the {@link #withhold withheld} services) and waits until every part is ready. */
    public Sandbox start() {
        try {
            Files.createDirectories(options.stateDir());
            startKafka();
            applyKafkaAccess();
            startEc2Simulator();
            startKube();
            beforeServices.accept(this);
            List<String> services = SERVICES.stream().filter(s -> !withheld.contains(s)).toList();
            for (String service : services) {
                startService(service);
            }
            if (viewer) {
                startViewer();
            }
            for (String service : services) {
                awaitReady(service, Duration.ofSeconds(90));
            }
            if (viewer) {
                awaitReady(VIEWER, Duration.ofSeconds(90));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public URI ec2Endpoint() {
        return URI.create("http://127.0.0.1:" + ec2Port);
    }

    public String kubeUrl() {
        return "http://127.0.0.1:" + kubePort;
    }

    public int httpPort(String service) {
        return httpPorts.get(service);
    }

    /** The web viewer's page (a sandbox {@link #withViewer with} it). */
    public URI viewerUrl() {
        return URI.create("http://127.0.0.1:" + httpPorts.get(VIEWER) + "/");
    }

    private void startViewer() {
        Path jar = options.kkHome().resolve("deploy/viewer/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B package -DskipTests)");
        }
        int port = httpPorts.computeIfAbsent(VIEWER, s -> freePort());
        List<String> cmd = ServiceProcesses.viewerCommand(jar, port, new ServiceProcesses.Endpoints(bootstrapServers(),
            kubeUrl(), ec2Endpoint(), options.clusterName()));
        Map<String, String> env = new LinkedHashMap<>(ServiceProcesses.kafkaEnvironment(kafkaUser(VIEWER),
            kafkaPassword(VIEWER)));
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("QUARKUS_KUBERNETES_CLIENT_TOKEN", StandinTokens.ADMIN);
        start(VIEWER, cmd, env);
    }

    public Path logOf(String name) {
        return processes.get(name).logFile();
    }

    private void startKafka() throws IOException {
        kafkaPort = freePort();
        kafkaControllerPort = freePort();
        deleteRecursively(kafkaDataDir());
        launchKafka();
        writeAdminCommandConfig();
        options.log().println("  kafka broker        " + bootstrapServers() + " (SASL/SCRAM, ACLs; admin client: "
            + adminCommandConfig() + ")");
    }

    private Path kafkaDataDir() {
        return options.stateDir().resolve("kafka");
    }

    /** Starts the broker on {@link #kafkaPort} with {@link #kafkaDataDir} (formatted only if it is empty). */
    private void launchKafka() {
        Path module = options.kkHome().resolve("deploy/local-kafka");
        List<String> cmd = javaCommand(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            classpath(module, "local-kafka"), "io.kafkarpenter.sandbox.kafka.KafkaBrokerMain",
            "--port", Integer.toString(kafkaPort), "--controller-port", Integer.toString(kafkaControllerPort),
            "--data-dir", kafkaDataDir().toString(),
            "--sasl-scram", "--admin-user", KAFKA_ADMIN_USER, "--admin-password", KAFKA_ADMIN_PASSWORD);
        start("kafka", cmd);
        awaitLine("kafka", "kafka broker ready", Duration.ofSeconds(60));
    }

    /**
     * Kills the broker (SIGKILL: a crash, nothing flushed beyond what the OS holds) and starts it again on the same
     * port with the same data directory: topics, committed offsets, SCRAM users and ACLs survive; clients see their
     * connections drop and reconnect. Returns when the broker answers again.
     */
    public void restartKafka() {
        kill("kafka");
        launchKafka();
        options.log().println("  kafka broker restarted on " + bootstrapServers() + " (same data directory, pid "
            + pid("kafka") + ")");
    }

    /**
     * The chart's topics, a SCRAM user per service ({@code kafkarpenter-<service>}, password
     * {@code kafkarpenter-<service>-secret}) and the ACLs of the chart's KafkaUsers, through {@link KafkaAccessApplier}
     * (the code path of {@code bin/kk topics apply}); the sandbox's own partition count for kk.pods.pending (pods of a
     * workload meet in one partition) and a short segment.ms so its compaction shows within a run.
     */
    private void applyKafkaAccess() {
        Map<String, String> values = Map.of(
            "kafka.topics.list.kk\\.pods\\.pending.partitions", Integer.toString(options.podsPendingPartitions()),
            "kafka.topics.list.kk\\.pods\\.pending.config.segment\\.ms", "60000");
        KafkaAccess access = KafkaAccess.fromChart(values);
        Map<String, String> users = new LinkedHashMap<>();
        SERVICES.forEach(service -> users.put(kafkaUser(service), kafkaPassword(service)));
        users.put(kafkaUser(VIEWER), kafkaPassword(VIEWER));
        try (Admin admin = Admin.create(adminClientProperties())) {
            KafkaAccessApplier.scramUsers(admin, users);
            KafkaAccessApplier.apply(admin, access, 1);
        }
    }

    /**
     * A Kafka client properties file of the broker's super user ({@code --command-config} of {@code bin/kk
     * decisions}, {@code bin/kk topics apply} and Kafka's own tools), written when the broker is up.
     */
    public Path adminCommandConfig() {
        return options.stateDir().resolve("kafka-admin.properties");
    }

    private void writeAdminCommandConfig() throws IOException {
        Properties props = adminClientProperties();
        try (var out = Files.newBufferedWriter(adminCommandConfig(), UTF_8)) {
            props.store(out, "the sandbox broker's super user");
        }
    }

    /** The Kafka principal of a service: {@code User:kafkarpenter-<service>}. */
    public static String kafkaUser(String service) {
        return HelmChart.RELEASE + "-" + service;
    }

    /** The sandbox's SCRAM password of a service's Kafka user. */
    public static String kafkaPassword(String service) {
        return kafkaUser(service) + "-secret";
    }

    /** Client settings (bootstrap, SASL/SCRAM) of the broker's super user: the sandbox's and the tests' own clients. */
    public Properties adminClientProperties() {
        return clientProperties(KAFKA_ADMIN_USER, KAFKA_ADMIN_PASSWORD);
    }

    /** Client settings (bootstrap, SASL/SCRAM) of a service's own Kafka principal, e.g. to show what its ACLs deny. */
    public Properties clientProperties(String service) {
        return clientProperties(kafkaUser(service), kafkaPassword(service));
    }

    private Properties clientProperties(String user, String password) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        props.put("security.protocol", ServiceProcesses.KAFKA_SECURITY_PROTOCOL);
        props.put("sasl.mechanism", ServiceProcesses.KAFKA_SASL_MECHANISM);
        props.put("sasl.jaas.config", ServiceProcesses.scramJaasConfig(user, password));
        return props;
    }

    private void startEc2Simulator() throws IOException {
        ec2Port = freePort();
        Path state = options.stateDir().resolve("ec2-state.yaml");
        Files.writeString(state, """
            clusterName: %s
            discoveryTagKey: karpenter.sh/discovery
            zones: [us-east-1a, us-east-1b, us-east-1c]
            kubernetesVersion: "1.34"
            publicSubnets: true
            discoveryTags: false
            pendingDuration: PT1S
            shuttingDownDuration: PT2S
            terminatedRetention: PT15M
            ipsPerInstance: 1
            """.formatted(options.clusterName()) + extraSimulatorState
            + ServiceProcesses.simulatorIam(options.kkHome(), iamUsageDir));
        Path module = options.kkHome().resolve("deploy/ec2-simulator");
        List<String> cmd = javaCommand(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            classpath(module, "ec2-simulator"), "io.kafkarpenter.sandbox.ec2.Ec2SimulatorMain",
            "--port", Integer.toString(ec2Port), "--state", state.toString(), "--quiet",
            // the full built-in catalog (1,345 types), the one the provisioner and bin/kk simulate plan with
            "--catalog", options.kkHome().resolve(FULL_CATALOG).toString());
        start("ec2-simulator", cmd);
        awaitLine("ec2-simulator", "EC2 simulator listening on", Duration.ofSeconds(60));
        options.log().println("  EC2 simulator       " + ec2Endpoint() + " (EC2, EKS, IAM, SQS; EKS cluster " + options.clusterName()
            + ", public and private subnets in us-east-1a/b/c, no discovery tags; interruption queue "
            + options.clusterName() + "; IAM: deploy/iam enforced per service)");
    }

    private void startKube() throws IOException {
        kubePort = freePort();
        // the RBAC the stand-in enforces: the chart's Roles, ClusterRoles and bindings, as `helm install` creates them
        Path chart = options.stateDir().resolve("chart.yaml");
        Files.writeString(chart, HelmChart.template(Map.of("settings.clusterName", options.clusterName(),
            "settings.interruptionQueue", options.clusterName())).yaml());
        Path module = options.kkHome().resolve("deploy/kube-standin");
        List<String> cmd = new ArrayList<>(javaCommand(List.of("-Xmx384m", "-XX:+UseSerialGC"), // full JIT: it serves every API call
            classpath(module, "kube-standin"), "io.kafkarpenter.sandbox.kube.KubeStandinMain",
            "--port", Integer.toString(kubePort), "--crds", options.kkHome().resolve("deploy/crds").toString(),
            "--ec2-endpoint", ec2Endpoint().toString(), "--cluster", options.clusterName(),
            "--boot-delay", options.bootDelay().toMillis() + "ms", "--init-delay", options.initDelay().toMillis() + "ms",
            "--poll-interval", "500ms", "--rbac", chart.toString(), "--kubeconfig", kubeconfig().toString(),
            // kubectl sends no token over plain HTTP: a request without one is the admin (the services send theirs)
            "--unauthenticated-admin"));
        if (rbacUsageDir != null) {
            cmd.addAll(List.of("--rbac-usage-dir", rbacUsageDir.toString()));
        }
        if (!kubelet) {
            cmd.add("--no-kubelet");
        }
        start("kube-standin", cmd);
        awaitLine("kube-standin", "kube-standin ready at", Duration.ofSeconds(60));
        options.log().println("  Kubernetes stand-in " + kubeUrl() + " (API server enforcing the chart's RBAC, admin token "
            + StandinTokens.ADMIN + (kubelet ? "; kubelet, kube-scheduler)" : "; kube-scheduler, no kubelet: no Node registers)"));
        options.log().println("  Nodes, live         bin/kk nodes --kubeconfig " + kubeconfig() + " (in another terminal)");
    }

    /** The stand-in's kubeconfig (admin token), written by the stand-in when it starts. */
    public Path kubeconfig() {
        return options.stateDir().resolve("kubeconfig");
    }

    /** Starts (or restarts) one service from its quarkus-app, on its HTTP port. */
    public void startService(String service) {
        Path jar = options.kkHome().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B package -DskipTests)");
        }
        int port = httpPorts.computeIfAbsent(service, s -> freePort());
        ServiceProcesses.Endpoints endpoints = new ServiceProcesses.Endpoints(bootstrapServers(), kubeUrl(),
            ec2Endpoint(), options.clusterName());
        List<String> cmd = ServiceProcesses.serviceCommand(service, jar, port, endpoints);
        Map<String, String> env = ServiceProcesses.serviceEnvironment(endpoints);
        env.put("QUARKUS_KUBERNETES_CLIENT_TOKEN", serviceToken(service));
        env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", SERVICE_NAMESPACE);
        env.putAll(ServiceProcesses.kafkaEnvironment(kafkaUser(service), kafkaPassword(service)));
        Map<String, String> overrides = new LinkedHashMap<>(ServiceProcesses.extraEnv(service));
        overrides.putAll(envOverrides.getOrDefault(service, Map.of()));
        env.putAll(overrides);
        if (!overrides.isEmpty()) {
            options.log().println("  " + service + " environment: " + overrides);
        }
        start(service, cmd, env);
    }

    /**
     * An environment variable for one service, set after the sandbox's defaults at every later {@link #startService}
     * and {@link #restart} (it survives restarts), e.g. {@code serviceEnv("provisioner", "KK_PROVISIONER_LAUNCH_TTL",
     * "20s")}. A null value removes the override (the default, if any, applies again). The running process is not
     * changed: restart it.
     */
    public void serviceEnv(String service, String key, String value) {
        if (value == null) {
            Map<String, String> env = envOverrides.get(service);
            if (env != null) {
                env.remove(key);
                if (env.isEmpty()) {
                    envOverrides.remove(service);
                }
            }
        } else {
            envOverrides.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
        }
    }

    /** The environment overrides of a service (a copy; empty when none). */
    public Map<String, String> serviceEnv(String service) {
        return Map.copyOf(envOverrides.getOrDefault(service, Map.of()));
    }

    /** Waits until the service answers {@code /q/health/ready} with 200. */
    public void awaitReady(String service, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        URI ready = URI.create("http://127.0.0.1:" + httpPorts.get(service) + "/q/health/ready");
        while (Instant.now().isBefore(deadline)) {
            if (!processes.get(service).process().isAlive()) {
                throw new IllegalStateException(service + " exited during start; see " + logOf(service));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    options.log().println("  " + String.format("%-19s", service) + " http://127.0.0.1:"
                        + httpPorts.get(service) + " ready (pid " + pid(service) + ")");
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException(service + " not ready within " + timeout + "; see " + logOf(service));
    }

    /**
     * The HTTP status of the service's {@code /q/health/<check>} ({@code live}, {@code ready} or {@code started}):
     * 200 when UP, 503 when DOWN, -1 when it does not answer within 2 s (not running, paused, not listening).
     */
    public int health(String service, String check) {
        URI uri = URI.create("http://127.0.0.1:" + httpPorts.get(service) + "/q/health/" + check);
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // -- control -------------------------------------------------------------------------------------------------------

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. Works on a paused process too. */
    public void kill(String name) {
        Running r = processes.get(name);
        r.process().destroyForcibly();
        try {
            r.process().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paused.remove(name);
        options.log().println("  killed " + name + " (SIGKILL, pid " + r.process().pid() + ")");
    }

    /**
     * SIGSTOP: the process is frozen as it is (threads, sockets, Kafka session and all) until {@link #resume}. Its
     * peers see a process that does not answer: TCP connections stay open, its consumer group session times out.
     */
    public void pause(String name) {
        Running r = processes.get(name);
        if (!r.process().isAlive()) {
            throw new IllegalStateException(name + " is not running (pid " + r.process().pid() + ")");
        }
        signal(r, "STOP");
        paused.add(name);
        awaitState(r, true);
        options.log().println("  paused " + name + " (SIGSTOP, pid " + r.process().pid() + ")");
    }

    /** SIGCONT: a process stopped with {@link #pause} goes on where it stopped. */
    public void resume(String name) {
        Running r = processes.get(name);
        signal(r, "CONT");
        paused.remove(name);
        awaitState(r, false);
        options.log().println("  resumed " + name + " (SIGCONT, pid " + r.process().pid() + ")");
    }

    public boolean isPaused(String name) {
        return paused.contains(name);
    }

    /** The process runs (it may be paused). */
    public boolean isAlive(String name) {
        Running r = processes.get(name);
        return r != null && r.process().isAlive();
    }

    /**
     * Starts the service again (or for the first time, a {@link #withhold withheld} one) and waits until it is ready.
     * A service still running is stopped first (resumed if paused, then SIGTERM, SIGKILL after 15 s), e.g. to restart
     * it with other {@link #serviceEnv} settings.
     */
    public void restart(String service) {
        Running r = processes.get(service);
        if (r != null && r.process().isAlive()) {
            if (paused.remove(service)) {
                signal(r, "CONT");
            }
            stopAll(List.of(r));
            options.log().println("  stopped " + service + " (SIGTERM, pid " + r.process().pid() + ")");
        }
        startService(service);
        awaitReady(service, Duration.ofSeconds(90));
    }

    private static void signal(Running r, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(r.process().pid()))
                .redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), UTF_8).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + r.process().pid() + " (" + r.name()
                    + ") failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + signal + " to " + r.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits (up to 5 s) until Linux reports the process stopped ({@code T}) or not stopped; elsewhere returns. */
    private static void awaitState(Running r, boolean stopped) {
        Path stat = Path.of("/proc/" + r.process().pid() + "/stat");
        Instant deadline = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(deadline) && r.process().isAlive()) {
            String state;
            try {
                String line = Files.readString(stat);
                state = line.substring(line.lastIndexOf(')') + 2, line.lastIndexOf(')') + 3);
            } catch (IOException | RuntimeException e) {
                return; // no procfs: trust the signal
            }
            if ("T".equals(state) == stopped) {
                return;
            }
            sleep(20);
        }
    }

    public long pid(String name) {
        return processes.get(name).process().pid();
    }

    /** Resident set size of the process in MiB (Linux), -1 when unknown. */
    public long rssMiB(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid(name) + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * CPU time (user + system) the process has used so far, in seconds (Linux: {@code /proc/<pid>/stat} in clock
     * ticks of 1/100 s, the kernel's USER_HZ); -1 when unknown.
     */
    public double cpuSeconds(String name) {
        try {
            String line = Files.readString(Path.of("/proc/" + pid(name) + "/stat"));
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // after the command: state is field 3 of stat(5), utime 14 and stime 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A client of the Kubernetes stand-in as the cluster admin (token {@link StandinTokens#ADMIN}). */
    public KubernetesClient kube() {
        if (kube == null) {
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(kubeUrl()).withTrustCerts(true)
                .withOauthToken(StandinTokens.ADMIN).withRequestRetryBackoffLimit(2).build();
            kube = new KubernetesClientBuilder().withConfig(config).build();
        }
        return kube;
    }

    public Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(ec2Endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ADMIN_ACCESS_KEY, "sandbox")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        }
        return ec2;
    }

    /** Leave the processes running at {@link #close()} (the demo's {@code --keep}). */
    public void keepRunning() {
        keep = true;
    }

    public Map<String, Long> pids() {
        Map<String, Long> out = new LinkedHashMap<>();
        processes.forEach((name, r) -> out.put(name, r.process().pid()));
        return out;
    }

    @Override
    public void close() {
        if (kube != null) {
            kube.close();
        }
        if (ec2 != null) {
            ec2.close();
        }
        // a stopped process keeps SIGTERM pending until it is continued (and one left behind should run): resume the
        // paused ones first
        for (String name : List.copyOf(paused)) {
            Running r = processes.get(name);
            try {
                if (r != null && r.process().isAlive()) {
                    signal(r, "CONT");
                }
            } catch (RuntimeException e) {
                options.log().println("  cannot resume " + name + ": " + e.getMessage());
            }
            paused.remove(name);
        }
        if (keep) {
            return;
        }
        // the services first (they still reach the broker while they shut down), then the broker and the stand-ins
        List<Running> services = processes.values().stream().filter(r -> isService(r.name())).toList();
        List<Running> infrastructure = processes.values().stream().filter(r -> !isService(r.name())).toList();
        stopAll(services);
        stopAll(infrastructure);
    }

    private static boolean isService(String name) {
        return SERVICES.contains(name) || VIEWER.equals(name);
    }

    private static void stopAll(List<Running> running) {
        running.forEach(r -> r.process().destroy());
        for (Running r : running) {
            try {
                if (!r.process().waitFor(15, TimeUnit.SECONDS)) {
                    r.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                r.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    // -- helpers -------------------------------------------------------------------------------------------------------

    private void start(String name, List<String> command) {
        start(name, command, Map.of());
    }

    private void start(String name, List<String> givenCommand, Map<String, String> env) {
        Path log = options.stateDir().resolve(name + ".log");
        List<String> command = withExtraJvmOptions(name, givenCommand);
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            // the header first, then the process appends (a truncating redirect lost the first start's header)
            Files.writeString(log, "---- " + Instant.now() + " starting " + String.join(" ", command) + "\n", UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            long offset = Files.size(log);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            processes.put(name, new Running(name, command, log, offset, pb.start()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until this start of the process has written {@code text} (an earlier start's line in the log is not it). */
    private void awaitLine(String name, String text, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Path log = logOf(name);
        long offset = processes.get(name).logOffset();
        while (Instant.now().isBefore(deadline)) {
            try {
                byte[] written = Files.readAllBytes(log);
                if (new String(written, (int) Math.min(offset, written.length),
                    (int) Math.max(0, written.length - offset), UTF_8).contains(text)) {
                    return;
                }
            } catch (IOException e) {
                // not written yet
            }
            if (!processes.get(name).process().isAlive()) {
                throw new IllegalStateException(name + " exited during start; see " + log);
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
