package io.kafkarpenter.sandbox.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.sandbox.kube.controllers.WorkloadControllers;
import io.kafkarpenter.sandbox.kube.kubelet.CatalogInstanceTypeFacts;
import io.kafkarpenter.sandbox.kube.kubelet.Ec2CloudInstances;
import io.kafkarpenter.sandbox.kube.kubelet.Ec2InstanceTypeFacts;
import io.kafkarpenter.sandbox.kube.kubelet.KubeletSettings;
import io.kafkarpenter.sandbox.kube.kubelet.KubeletStandin;
import io.kafkarpenter.sandbox.kube.rbac.RbacPolicy;
import io.kafkarpenter.sandbox.kube.scheduler.SchedulerStandin;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Kubernetes stand-in as its own process: the API server stand-in and, inside the same process, the
 * kubelet stand-in (when an EC2 endpoint is given), the kube-scheduler stand-in and the Deployment/ReplicaSet
 * controllers ({@link WorkloadControllers}), all talking to the API over HTTP like the real ones.
 *
 * <pre>
 * java -cp 'target/lib/*:target/kube-standin.jar' io.kafkarpenter.sandbox.kube.KubeStandinMain
 *     [--port 18443] [--crds deploy/crds]
 *     [--ec2-endpoint http://127.0.0.1:18500] [--region us-east-1] [--cluster kafkarpenter-demo]
 *     [--boot-delay 5s] [--init-delay 3s] [--poll-interval 1s] [--unregistered-taint]
 *     [--no-kubelet] [--no-scheduler] [--no-controllers] [--rbac rendered-chart.yaml [--unauthenticated-admin]] [--rbac-usage-dir DIR] [--kubeconfig FILE]
 * </pre>
 *
 * Durations are {@code 500ms}, {@code 5s}, {@code 2m} or ISO-8601 ({@code PT5S}). Prints
 * {@code kube-standin ready at http://127.0.0.1:PORT} when it accepts requests; stops on SIGTERM.
 *
 * <p>{@code --rbac FILE} enforces the RBAC objects of a multi-document YAML file (e.g. {@code helm template} output;
 * other kinds are ignored): clients need a bearer token ({@code StandinTokens}). {@code --rbac-usage-dir DIR} (or
 * {@code -Dkk.rbac.usage-dir} / {@code $KK_RBAC_USAGE_DIR}) makes the stand-in write the grants it saw used to
 * {@code DIR/<random>.used} when it stops, SIGTERM included. {@code --kubeconfig FILE} writes a kubeconfig for the
 * stand-in (admin token) before the ready line, e.g. for {@code bin/kk nodes --kubeconfig FILE}.
 */
public final class KubeStandinMain {

    static final String USAGE = "options: --port N, --crds DIR, --ec2-endpoint URL, --region R, --cluster NAME, "
            + "--boot-delay D, --init-delay D, --poll-interval D, --unregistered-taint, --no-kubelet, --no-scheduler, --no-controllers, --rbac FILE, --unauthenticated-admin, --rbac-usage-dir DIR, --kubeconfig FILE";

    /** Parsed command line. */
    record Options(int port, Path crds, URI ec2Endpoint, String region, KubeletSettings kubelet,
                   boolean runKubelet, boolean runScheduler, boolean runControllers, Path rbac,
                   boolean unauthenticatedAdmin, Path rbacUsageDir, Path kubeconfig) {

        static Options parse(String... args) {
            int port = 18443;
            Path crds = null;
            URI ec2 = null;
            String region = "us-east-1";
            KubeletSettings kubelet = KubeletSettings.defaults();
            boolean runKubelet = true;
            boolean runScheduler = true;
            boolean runControllers = true;
            Path rbac = null;
            boolean unauthenticatedAdmin = false;
            Path rbacUsageDir = null;
            Path kubeconfig = null;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--port" -> port = Integer.parseInt(value(args, ++i, option));
                    case "--crds" -> crds = Path.of(value(args, ++i, option));
                    case "--ec2-endpoint" -> ec2 = URI.create(value(args, ++i, option));
                    case "--region" -> region = value(args, ++i, option);
                    case "--cluster" -> kubelet = kubelet.withCluster(value(args, ++i, option));
                    case "--boot-delay" -> kubelet = kubelet.withBootDelay(duration(value(args, ++i, option), option));
                    case "--init-delay" -> kubelet = kubelet.withInitDelay(duration(value(args, ++i, option), option));
                    case "--poll-interval" -> kubelet = kubelet.withPollInterval(duration(value(args, ++i, option), option));
                    case "--unregistered-taint" -> kubelet = kubelet.withUnregisteredTaint(true);
                    case "--no-kubelet" -> runKubelet = false;
                    case "--no-scheduler" -> runScheduler = false;
                    case "--no-controllers" -> runControllers = false;
                    case "--rbac" -> rbac = Path.of(value(args, ++i, option));
                    case "--unauthenticated-admin" -> unauthenticatedAdmin = true;
                    case "--rbac-usage-dir" -> rbacUsageDir = Path.of(value(args, ++i, option));
                    case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i, option));
                    default -> throw new IllegalArgumentException("unknown option " + option + " (" + USAGE + ")");
                }
            }
            if (rbacUsageDir != null && rbac == null) {
                throw new IllegalArgumentException("--rbac-usage-dir needs --rbac");
            }
            return new Options(port, crds, ec2, region, kubelet, runKubelet, runScheduler, runControllers, rbac, unauthenticatedAdmin, rbacUsageDir,
                    kubeconfig);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, a bare number of seconds, or ISO-8601. */
    static Duration duration(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a duration (e.g. 500ms, 5s, 2m, PT5S)");
        }
    }

    /**
     * The mock web server logs every request at INFO through java.util.logging: thousands of console lines (and their
     * lock) in a burst of pods. Held here so the level is not lost when the logger is garbage-collected.
     */
    private static final java.util.logging.Logger REQUEST_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

    public static void main(String[] args) throws InterruptedException {
        REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("kube-standin: " + e.getMessage());
            System.exit(2);
            return;
        }
        RbacPolicy policy = options.rbac() == null ? null : RbacPolicy.fromYaml(options.rbac());
        KubeStandin standin = KubeStandin.start(options.port(), options.crds(), policy, options.rbacUsageDir(),
                options.unauthenticatedAdmin());
        System.out.println(rbacLine(options, standin));
        // the hook goes in before the kubelet and scheduler start (which takes seconds on a loaded machine), so a
        // SIGTERM at any point from here on still closes the stand-in and writes its RBAC usage
        List<AutoCloseable> parts = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("kube-standin: closing " + part + ": " + e);
                }
            }
            standin.close();
            stopped.countDown();
        }, "kube-standin-shutdown"));
        KubernetesClient client = standin.client();
        parts.add(client);
        if (options.runKubelet() && options.ec2Endpoint() != null) {
            Ec2Client ec2 = Ec2Client.builder()
                    .region(Region.of(options.region()))
                    .endpointOverride(options.ec2Endpoint())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("kube-standin", "kube-standin")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            parts.add(0, ec2);
            parts.add(0, new KubeletStandin(client, new Ec2CloudInstances(ec2, options.kubelet().cluster()),
                    new CatalogInstanceTypeFacts("aws", new Ec2InstanceTypeFacts(ec2)), options.kubelet(),
                    Clock.systemUTC()).start());
            System.out.println("kubelet stand-in: polling " + options.ec2Endpoint() + " every "
                    + options.kubelet().pollInterval() + " for cluster " + options.kubelet().cluster()
                    + " (boot delay " + options.kubelet().bootDelay() + ", init delay " + options.kubelet().initDelay() + ")");
        } else {
            System.out.println("kubelet stand-in: off" + (options.runKubelet() ? " (no --ec2-endpoint)" : ""));
        }
        if (options.runScheduler()) {
            parts.add(0, new SchedulerStandin(client, Clock.systemUTC(), Duration.ofSeconds(2)).start());
            System.out.println("scheduler stand-in: on");
        } else {
            System.out.println("scheduler stand-in: off");
        }
        if (options.runControllers()) {
            parts.add(0, new WorkloadControllers(client, Clock.systemUTC(), Duration.ofSeconds(10)).start());
            System.out.println("deployment and replicaset controllers: on");
        } else {
            System.out.println("deployment and replicaset controllers: off");
        }
        if (options.kubeconfig() != null) {
            standin.writeKubeconfig(options.kubeconfig());
            System.out.println("kubeconfig: " + options.kubeconfig() + " (server " + standin.kubectlUrl()
                    + ", the port that streams watches for kubectl get -w)");
        }
        System.out.println("kube-standin ready at " + standin.url());
        System.out.flush();
        stopped.await();
    }

    static String rbacLine(Options options, KubeStandin standin) {
        if (!standin.enforcesRbac()) {
            return "rbac: off (every request allowed, with or without a token)";
        }
        return "rbac: enforced, " + standin.rbacUsage().policy().grants().size() + " grants from " + options.rbac()
                + standin.rbacUsage().dir().map(d -> ", usage written to " + d + " on stop").orElse(", usage not written")
                + (options.unauthenticatedAdmin() ? "; requests without a token are the admin (kubectl over HTTP)" : "");
    }

    private KubeStandinMain() {
    }
}
