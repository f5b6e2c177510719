package io.kafkarpenter.sandbox.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the {@link Sandbox} starts its processes: the command line and environment of each service (JVM sizing, JIT,
 * the sandbox's endpoints and settings), the java commands of the broker and the stand-ins, free ports, and the
 * system properties that add JVM options or environment variables to one process.
 */
final class ServiceProcesses {

    /** The region every sandbox client and service uses (the simulator's zones are us-east-1a/b/c). */
    static final String REGION = "us-east-1";

    /**
     * The tag-reconciler resolves every EC2NodeClass' status (subnets, security groups, AMIs, instance profile) every
     * 10 s instead of Karpenter's minute: the consolidator sees a newly published AMI only through that status, and
     * the demo's drift phase (and the drift e2e tests) wait for it.
     */
    static final String NODE_CLASS_PERIOD = "10s";

    private ServiceProcesses() {
    }

    /** What a service's command line and environment point at. */
    record Endpoints(String bootstrapServers, String kubeUrl, URI ec2, String clusterName) {
    }

    /** The command that runs one service from its quarkus-app jar on the given HTTP port. */
    static List<String> serviceCommand(String service, Path jar, int httpPort, Endpoints endpoints) {
        // Heap sized by what the service uses (docs/benchmarks.md, "RSS"): without -Xms the initial heap is 1/64 of the
        // host's RAM, more than -Xmx here, so all 128 MiB are committed at start and every page the generations ever
        // touch stays resident (a 256 MiB container would start at 4 MiB). With -Xms16m the heap grows with the live
        // set; Min/MaxHeapFreeRatio 20/40 (defaults 40/70) keep less free heap after a GC and give back more after a
        // full GC; MaxNewSize=16m caps the young generation (a third of the heap by default, all of it touched between
        // two young GCs). Together about -30 MiB RSS per service on bench pipeline, for more collections (the
        // provisioner: ~9 full GCs per run instead of 3; MinHeapFreeRatio=40 would halve them for +8 MiB).
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx" + maxHeap(service), "-Xms16m", "-XX:MinHeapFreeRatio=20",
            "-XX:MaxHeapFreeRatio=40", "-XX:MaxNewSize=16m", "-XX:MaxMetaspaceSize=128m", "-XX:+UseSerialGC"));
        if (Runtime.version().compareTo(Runtime.Version.parse("17.0.9")) >= 0) {
            // glibc keeps what the JVM frees (compiler arenas, class loading, Netty, Kafka clients); trimming it every
            // 5 s returns ~4 MiB per service (a product flag since 17.0.9; javaBin() is this JVM's java)
            cmd.add("-XX:TrimNativeHeapInterval=5000");
        }
        cmd.addAll(jitOptions(service));
        cmd.addAll(List.of(
            "-Dquarkus.http.port=" + httpPort,
            "-Dkafka.bootstrap.servers=" + endpoints.bootstrapServers(),
            "-Dquarkus.kubernetes-client.api-server-url=" + endpoints.kubeUrl(),
            "-Dquarkus.kubernetes-client.trust-certs=true",
            // its own AWS key, found through the SDK's default chain as the Pod Identity credentials are in production;
            // the EC2 simulator enforces deploy/iam/<service>.json for it (the pod-watcher's key: no policy, no call)
            "-Daws.region=" + REGION, "-Daws.accessKeyId=" + Sandbox.accessKeyId(service),
            "-Daws.secretAccessKey=" + Sandbox.accessKeyId(service) + "-secret",
            "-jar", jar.toString()));
        return cmd;
    }

    /**
     * A service's largest heap: 128m, or system property {@code kk.sandbox.heap.<service>} (e.g. {@code 256m}:
     * {@code bin/kk bench scale} gives the launcher the heap the chart gives it, half its 512 MiB limit).
     */
    static String maxHeap(String service) {
        return System.getProperty("kk.sandbox.heap." + service, "128m");
    }

    /**
     * The web viewer (deploy/viewer) from its quarkus-app jar on the given HTTP port: the broker (its own SCRAM user,
     * {@link #kafkaEnvironment}) and the stand-in's API server; sized like a service, C1 only.
     */
    static List<String> viewerCommand(Path jar, int httpPort, Endpoints endpoints) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx128m", "-Xms16m", "-XX:MinHeapFreeRatio=20",
            "-XX:MaxHeapFreeRatio=40", "-XX:MaxNewSize=16m", "-XX:MaxMetaspaceSize=128m", "-XX:+UseSerialGC"));
        cmd.addAll(jitOptions("viewer"));
        cmd.addAll(List.of(
            "-Dquarkus.http.port=" + httpPort,
            "-Dkafka.bootstrap.servers=" + endpoints.bootstrapServers(),
            "-Dquarkus.kubernetes-client.api-server-url=" + endpoints.kubeUrl(),
            "-Dquarkus.kubernetes-client.trust-certs=true",
            "-jar", jar.toString()));
        return cmd;
    }

    /**
     * The sandbox's settings of every service as environment variables (a service ignores those it does not know;
     * system properties under its own {@code kk.<service>} prefix would fail its config validation). The simulator
     * serves EC2, EKS and IAM on one endpoint.
     */
    static Map<String, String> serviceEnvironment(Endpoints endpoints) {
        String ec2 = endpoints.ec2().toString();
        Map<String, String> env = new LinkedHashMap<>();
        // glibc's per-thread malloc arenas (up to 8 per core) hold freed native memory (JIT compiler arenas, Netty,
        // Kafka clients) as RSS; two arenas keep a service's footprint close to its Java heap + metaspace + code
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("KK_PROVISIONER_INSTANCE_TYPES_EC2_ENDPOINT", ec2);
        env.put("KK_LAUNCHER_EC2_ENDPOINT", ec2);
        env.put("KK_LAUNCHER_CLUSTER_NAME", endpoints.clusterName());
        // the launcher reads the simulator's interruption queue (named after the cluster, as Karpenter's CloudFormation
        // names it) on the EC2 endpoint, behind its Lease
        env.put("KK_LAUNCHER_INTERRUPTION_QUEUE", endpoints.clusterName());
        env.put("KK_TAG_RECONCILER_CLUSTER_NAME", endpoints.clusterName());
        env.put("KK_TAG_RECONCILER_REGION", REGION);
        env.put("KK_TAG_RECONCILER_EC2_ENDPOINT", ec2);
        env.put("KK_TAG_RECONCILER_EKS_ENDPOINT", ec2);
        env.put("KK_TAG_RECONCILER_IAM_ENDPOINT", ec2);
        env.put("KK_TAG_RECONCILER_NODE_CLASS_PERIOD", NODE_CLASS_PERIOD);
        env.put("KK_CONSOLIDATOR_EC2_ENDPOINT", ec2);
        env.put("KK_CONSOLIDATOR_CLUSTER_NAME", endpoints.clusterName());
        return env;
    }

    static final String KAFKA_SECURITY_PROTOCOL = "SASL_PLAINTEXT";
    static final String KAFKA_SASL_MECHANISM = "SCRAM-SHA-512";

    /**
     * A service's Kafka client settings as the chart sets them with {@code kafka.security.type=sasl-scram}
     * (deploy/helm/kafkarpenter/templates/_helpers.tpl, kafkaEnv): Quarkus maps {@code KAFKA_*} to {@code kafka.*},
     * the defaults of every channel and of the Kafka health check.
     */
    static Map<String, String> kafkaEnvironment(String user, String password) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_SECURITY_PROTOCOL", KAFKA_SECURITY_PROTOCOL);
        env.put("KAFKA_SASL_MECHANISM", KAFKA_SASL_MECHANISM);
        env.put("KAFKA_SASL_JAAS_CONFIG", scramJaasConfig(user, password));
        return env;
    }

    static String scramJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
            + "\" password=\"" + password + "\";";
    }

    /** The services with an IAM policy (deploy/iam); the pod-watcher calls no AWS API. */
    static final List<String> IAM_SERVICES = List.of("provisioner", "launcher", "consolidator", "tag-reconciler");

    /**
     * The EC2 simulator's {@code iam:} section (YAML): it enforces deploy/iam — each service's key
     * ({@link Sandbox#accessKeyId}) is governed by its policy file (the pod-watcher's key by none: it may call
     * nothing) — with the harness' key ({@value Sandbox#ADMIN_ACCESS_KEY}) and the kubelet stand-in's as admins, and
     * writes the statements used to {@code usageDir} (null: nowhere).
     */
    static String simulatorIam(Path kkHome, Path usageDir) {
        StringBuilder yaml = new StringBuilder("iam:\n  enforce: true\n  policies:\n");
        for (String service : IAM_SERVICES) {
            yaml.append("    ").append(Sandbox.accessKeyId(service)).append(": ")
                .append(quoted(kkHome.resolve("deploy/iam").resolve(service + ".json").toString())).append('\n');
        }
        yaml.append("  adminKeys: [").append(Sandbox.ADMIN_ACCESS_KEY).append(", kube-standin]\n");
        if (usageDir != null) {
            yaml.append("  usageDir: ").append(quoted(usageDir.toString())).append('\n');
        }
        return yaml.toString();
    }

    private static String quoted(String path) {
        return "'" + path.replace("'", "''") + "'";
    }

    /**
     * The services run C1 only (small code cache, one compiler thread) to keep their footprint and their share of
     * the two cores small. {@code -Dkk.sandbox.provisioner-c2=true} gives the provisioner the full tiered JIT (C2):
     * measured on 1,000 pods it shortens the provisioning pass (~1.5 s to ~0.8 s after the last arrival) but adds
     * ~45 MiB RSS (305 MiB against the 256 MiB target), and the p99 is set by the pods' arrival pace, not the pass.
     */
    private static List<String> jitOptions(String service) {
        if ("provisioner".equals(service) && Boolean.getBoolean("kk.sandbox.provisioner-c2")) {
            return List.of("-XX:ReservedCodeCacheSize=48m", "-Xss512k", "-XX:CICompilerCount=2");
        }
        return List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-Xss512k", "-XX:CICompilerCount=1");
    }

    /**
     * The environment of system property {@code kk.sandbox.env.<service>} (space-separated {@code KEY=VALUE}), e.g.
     * {@code -Dkk.sandbox.env.launcher=KK_LAUNCHER_MAX_LAUNCH_TTL=5m} to try a setting in a run without changing code
     * ({@link Sandbox#serviceEnv} takes precedence).
     */
    static Map<String, String> extraEnv(String service) {
        String extra = System.getProperty("kk.sandbox.env." + service, "").trim();
        Map<String, String> out = new LinkedHashMap<>();
        if (!extra.isEmpty()) {
            for (String pair : extra.split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("kk.sandbox.env." + service + ": not KEY=VALUE: " + pair);
                }
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    /**
     * Adds the JVM options of system property {@code kk.sandbox.jvm-options.<name>} (space-separated) after the java
     * binary, e.g. {@code -Dkk.sandbox.jvm-options.kube-standin=-XX:StartFlightRecording=filename=kube.jfr} to
     * profile one process of a benchmark run.
     */
    static List<String> withExtraJvmOptions(String name, List<String> command) {
        String extra = System.getProperty("kk.sandbox.jvm-options." + name, "").trim();
        if (extra.isEmpty()) {
            return command;
        }
        List<String> out = new ArrayList<>(command.subList(0, 1));
        out.addAll(List.of(extra.split("\\s+")));
        out.addAll(command.subList(1, command.size()));
        return out;
    }

    /** {@code java <jvm> -cp <classpath> <main> <args>} with this JVM's java. */
    static List<String> javaCommand(List<String> jvm, String classpath, String main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(main);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The classpath of a module built with its dependencies copied to {@code target/lib}. */
    static String classpath(Path module, String artifact) {
        File[] jars = module.resolve("target").toFile().listFiles((d, n) -> n.startsWith(artifact) && n.endsWith(".jar"));
        if (jars == null || jars.length == 0 || !Files.isDirectory(module.resolve("target/lib"))) {
            throw new IllegalStateException(module + " is not built: ./mvnw -B package -DskipTests");
        }
        return module.resolve("target/lib") + File.separator + "*" + File.pathSeparator + jars[0];
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Ports this JVM has handed out: a port is free only until its process binds it, so never hand one out twice. */
    private static final Set<Integer> HANDED_OUT_PORTS = new HashSet<>();

    static synchronized int freePort() {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (HANDED_OUT_PORTS.add(port)) {
                return port;
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
