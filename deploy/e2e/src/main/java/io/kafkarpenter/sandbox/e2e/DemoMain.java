package io.kafkarpenter.sandbox.e2e;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.reasons.ReasonCategory;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * {@code bin/kk demo}: starts the sandbox, applies the workshop NodePool/EC2NodeClass, creates the {@code inflate}
 * Deployment and scales it 0 → N, shows progress, and ends with a summary. Exit 0 when the system behaved as
 * expected (every pod bound or pending with a reason, no duplicate instances, NodePool limits respected), 1 with the
 * reason otherwise, 2 on bad options.
 */
public final class DemoMain {

    /** Command-line options. */
    record Options(int pods, Path workload, boolean keep, Duration timeout, Path stateDir, Path kkHome) {

        static Options parse(String[] args, Path kkHome, Path defaultState) {
            int pods = 30;
            Path workload = null;
            boolean keep = false;
            Duration timeout = Duration.ofMinutes(3);
            Path state = defaultState;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--pods" -> pods = Integer.parseInt(value(args, ++i));
                    case "--workload" -> workload = Path.of(value(args, ++i));
                    case "--keep" -> keep = true;
                    case "--timeout" -> timeout = Duration.parse("PT" + value(args, ++i).toUpperCase());
                    case "--state" -> state = Path.of(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--pods N, --workload FILE, --keep, --timeout 3m, --state DIR)");
                }
            }
            if (pods < 0) {
                throw new IllegalArgumentException("--pods must not be negative");
            }
            return new Options(pods, workload, keep, timeout, state, kkHome);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    private DemoMain() {
    }

    public static void main(String[] args) {
        Path kkHome = Path.of(System.getProperty("kk.home", ".")).toAbsolutePath().normalize();
        Path state = Path.of(System.getProperty("kk.state", kkHome.resolve(".kk/demo").toString()));
        Options options;
        try {
            options = Options.parse(args, kkHome, state);
        } catch (IllegalArgumentException e) {
            System.err.println("kk demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out));
    }

    static int run(Options options, PrintStream out) {
        Sandbox sandbox = new Sandbox(new Sandbox.Options(options.kkHome(), options.stateDir(), "kafkarpenter-demo",
            Duration.ofSeconds(2), Duration.ofSeconds(1), 3, out::println));
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread stopper = new Thread(() -> {
            stopping.set(true);
            if (!options.keep()) {
                out.println("stopping every process the demo started ...");
            }
            sandbox.close();
        }, "kk-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            out.println("starting (logs in " + options.stateDir() + ") ...");
            sandbox.start();
            Files.writeString(options.stateDir().resolve("pids"), sandbox.pids().values().stream()
                .map(String::valueOf).collect(Collectors.joining("\n")) + "\n");
            return play(sandbox, options, out);
        } catch (Exception e) {
            if (stopping.get()) {
                out.println("demo interrupted");
                return 130;
            }
            out.println("demo FAILED: " + e.getMessage());
            return 1;
        } finally {
            if (options.keep()) {
                sandbox.keepRunning();
                out.println("everything keeps running (--keep); stop it with: bin/kk demo stop");
            }
        }
    }

    private static int play(Sandbox sandbox, Options options, PrintStream out) throws Exception {
        Workloads workloads = new Workloads(sandbox.kube());
        Path manifest = options.kkHome().resolve("deploy/demo/nodepool-default.yaml");
        workloads.applyKarpenterManifest(manifest, sandbox.options().clusterName());
        NodePool pool = KarpenterManifests.read(Files.readString(manifest)).nodePools().get(0);
        out.println("applied NodePool " + pool.getMetadata().getName() + " (limits " + pool.getSpec().getLimits()
            + ") and EC2NodeClass from " + options.kkHome().relativize(manifest));

        List<Deployment> deployments = options.workload() == null ? List.of(Workloads.inflate())
            : Workloads.fromFile(sandbox.kube(), options.workload());
        try (Observer observer = new Observer(sandbox, workloads)) {
            Instant start = Instant.now();
            for (Deployment d : deployments) {
                int replicas = deployments.size() == 1 || d.getSpec().getReplicas() == null ? options.pods()
                    : d.getSpec().getReplicas();
                workloads.apply(d);
                workloads.scale(d, replicas);
                out.println("scaled Deployment " + d.getMetadata().getName() + " 0 -> " + replicas);
            }
            int expected = 0;
            for (Deployment d : deployments) {
                expected += deployments.size() == 1 || d.getSpec().getReplicas() == null ? options.pods()
                    : d.getSpec().getReplicas();
            }
            Observer.Snapshot last = null;
            Instant lastChange = Instant.now();
            Instant deadline = start.plus(options.timeout());
            while (Instant.now().isBefore(deadline)) {
                Observer.Snapshot s = observer.look();
                if (!sameProgress(s, last)) {
                    lastChange = Instant.now();
                    out.printf("  %4ds  pods %d: %d bound, %d pending | NodeClaims %d | instances %d | nodes %d%n",
                        Duration.between(start, Instant.now()).toSeconds(), s.pods(), s.bound(), s.pending(),
                        s.nodeClaims(), s.instances().size(), s.nodes());
                }
                last = s;
                // the observer's pod informer may not have seen every pod yet: nothing is settled before it has
                boolean settled = s.pods() >= expected && (s.pending() == 0
                    || (observer.pendingPodsAllExplainedBy(ReasonCategory.UNSCHEDULABLE)
                        && Duration.between(lastChange, Instant.now()).toSeconds() >= 12));
                if (settled && s.nodes() >= s.instances().size()) {
                    break;
                }
                Sandbox.sleep(1000);
            }
            return summarize(sandbox, observer, pool, Duration.between(start, Instant.now()), out);
        }
    }

    private static boolean sameProgress(Observer.Snapshot a, Observer.Snapshot b) {
        return b != null && a.bound() == b.bound() && a.pending() == b.pending() && a.nodeClaims() == b.nodeClaims()
            && a.instances().size() == b.instances().size() && a.nodes() == b.nodes();
    }

    static int summarize(Sandbox sandbox, Observer observer, NodePool pool, Duration took, PrintStream out) {
        Observer.Snapshot s = observer.look();
        List<Instance> instances = s.instances();
        out.println();
        out.println("summary after " + took.toSeconds() + " s:");
        Map<String, Integer> byTypeZone = new TreeMap<>();
        double cost = 0;
        int vcpu = 0;
        for (Instance i : instances) {
            String type = i.instanceTypeAsString();
            byTypeZone.merge(type + " in " + i.placement().availabilityZone() + " (" + capacityType(i) + ")", 1,
                Integer::sum);
            cost += observer.pricePerHour(type);
            vcpu += observer.vcpu(type);
        }
        out.println("  NodeClaims (instances) by type and zone:");
        byTypeZone.forEach((k, n) -> out.printf("    %2d x %s%n", n, k));
        out.printf("  cost: $%.4f/hour for %d vCPU on %d instances%n", cost, vcpu, instances.size());
        out.printf("  pods: %d bound, %d pending%n", s.bound(), s.pending());
        Map<String, Integer> reasons = observer.pendingReasons();
        reasons.forEach((why, n) -> out.printf("    %2d pending: %s%n", n, why));
        List<Long> bound = observer.pendingToBoundMillis();
        out.printf("  pending -> bound: p50 %d ms, p99 %d ms (%d pods)%n", Observer.percentile(bound, 50),
            Observer.percentile(bound, 99), bound.size());
        out.println("  where to look:");
        out.println("    decisions:  bin/kk decisions --bootstrap " + sandbox.bootstrapServers() + " --from-beginning");
        out.println("    topics:     " + String.join(", ", Topics.ALL) + " on " + sandbox.bootstrapServers());
        for (String service : Sandbox.SERVICES) {
            out.printf("    %-15s http://127.0.0.1:%d/q/metrics  (log %s)%n", service, sandbox.httpPort(service),
                sandbox.logOf(service));
        }
        out.println("    Kubernetes: " + sandbox.kubeUrl() + "   EC2: " + sandbox.ec2Endpoint());

        List<String> problems = new ArrayList<>();
        List<String> claimTags = instances.stream().map(i -> Observer.tag(i, "karpenter.sh/nodeclaim"))
            .filter(Objects::nonNull).toList();
        if (claimTags.size() != claimTags.stream().distinct().count()) {
            problems.add("a NodeClaim has more than one instance: " + claimTags);
        }
        if (s.bound() == 0 && s.pods() > 0) {
            problems.add("no pod was bound");
        }
        if (!observer.pendingPodsAllExplainedBy(ReasonCategory.UNSCHEDULABLE)) {
            problems.add("pods stay pending without a reason: " + reasons);
        }
        var limits = pool.getSpec().getLimits();
        if (limits != null && limits.containsKey("cpu")) {
            double limit = Double.parseDouble(limits.get("cpu").getAmount());
            if (vcpu > limit) {
                problems.add("NodePool " + pool.getMetadata().getName() + " cpu limit " + limit + " exceeded: " + vcpu);
            }
        }
        if (s.nodes() < instances.size()) {
            problems.add(instances.size() - s.nodes() + " instance(s) never registered a node");
        }
        if (problems.isEmpty()) {
            out.println("demo OK: every pod is bound or pending with its reason; no duplicate instances; limits held");
            return 0;
        }
        out.println("demo FAILED: " + String.join("; ", problems));
        return 1;
    }

    private static String capacityType(Instance i) {
        return i.instanceLifecycleAsString() == null || "null".equals(i.instanceLifecycleAsString()) ? "on-demand"
            : i.instanceLifecycleAsString();
    }
}
