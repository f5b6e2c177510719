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
import io.kafkarpenter.sandbox.kube.rbac.StandinTokens;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * {@code bin/kk demo}: starts the sandbox (the workshop's cluster before its §1.7: no discovery tags) and shows that
 * step done by the tag-reconciler ({@link WorkshopTagsStep}: the check before and after), applies the workshop
 * NodePool/EC2NodeClass (or {@code --manifests FILE}) and waits until each EC2NodeClass is Ready,
 * creates the {@code inflate} Deployment and plays the workshop's chapter in phases ({@link DemoPhases}): scale-up,
 * right-sizing, scale-to-0, drift; {@code --phase NAME} plays one (after setting up what it needs), or the spot
 * interruption ({@link SpotPhase}, on the spot/on-demand split NodePools of {@value SpotPhase#MANIFEST}). Each phase prints
 * its progress and one summary line with its timing. Exit 0 when every phase behaved, 1 with the reasons otherwise,
 * 2 on bad options.
 */
public final class DemoMain {

    /** Command-line options. */
    record Options(int pods, Path workload, boolean keep, Duration timeout, Path stateDir, Path kkHome, String phase,
                   Path manifests) {

        static Options parse(String[] args, Path kkHome, Path defaultState) {
            int pods = 30;
            Path workload = null;
            boolean keep = false;
            Duration timeout = Duration.ofSeconds(150);
            Path state = defaultState;
            String phase = null;
            Path manifests = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--pods" -> pods = Integer.parseInt(value(args, ++i));
                    case "--workload" -> workload = Path.of(value(args, ++i));
                    case "--keep" -> keep = true;
                    case "--timeout" -> timeout = Duration.parse("PT" + value(args, ++i).toUpperCase());
                    case "--state" -> state = Path.of(value(args, ++i));
                    case "--phase" -> phase = value(args, ++i);
                    case "--manifests" -> manifests = Path.of(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--phase NAME, --manifests FILE, --pods N, --workload FILE, --keep, --timeout 150s, --state DIR)");
                }
            }
            if (pods < 0) {
                throw new IllegalArgumentException("--pods must not be negative");
            }
            if (phase != null && !DemoPhases.ALL.contains(phase)) {
                throw new IllegalArgumentException("--phase: one of " + String.join(", ", DemoPhases.ALL)
                    + ", was " + phase);
            }
            if (workload != null && !"scale-up".equals(phase)) {
                throw new IllegalArgumentException("--workload plays its Deployments in the scale-up phase only: "
                    + "add --phase scale-up");
            }
            if (manifests != null && !java.nio.file.Files.isRegularFile(manifests)) {
                throw new IllegalArgumentException("--manifests: no such file " + manifests);
            }
            return new Options(pods, workload, keep, timeout, state, kkHome, phase, manifests);
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
        // this JVM (the harness, and the `bin/kk tags check` it runs in-process) is the simulator account's admin
        System.setProperty("aws.accessKeyId", Sandbox.ADMIN_ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", "sandbox");
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
            Duration.ofSeconds(2), Duration.ofSeconds(1), 3, out::println)).withViewer();
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
            // the drift phase: the consolidator sees a newly published AMI in the EC2NodeClass status, which the
            // tag-reconciler resolves again every 10 s in the sandbox (ServiceProcesses.NODE_CLASS_PERIOD)
            WorkshopTagsStep tags = new WorkshopTagsStep(out);
            Instant[] servicesStarted = {null};
            sandbox.beforeServices(s -> {
                tags.before(s);
                servicesStarted[0] = Instant.now();
            });
            Instant started = Instant.now();
            sandbox.start();
            out.println("started in " + Duration.between(started, Instant.now()).toSeconds() + " s");
            out.println(VIEWER_LINE + sandbox.viewerUrl() + "  (nodes and cost, pending pods and why, kk.decisions live)");
            Files.writeString(options.stateDir().resolve("pids"), sandbox.pids().values().stream()
                .map(String::valueOf).collect(Collectors.joining("\n")) + "\n");
            if (!tags.after(sandbox, servicesStarted[0])) {
                out.println("demo FAILED: the tag-reconciler did not tag the cluster (§1.7)");
                return 1;
            }
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
                out.println("kubectl against it (kubectl get nodes, get nodeclaims, scale deployment inflate --replicas 5):");
                out.println(kubeconfigExport(sandbox));
            }
        }
    }

    private static int play(Sandbox sandbox, Options options, PrintStream out) throws Exception {
        Files.writeString(options.stateDir().resolve("ec2-endpoint"), sandbox.ec2Endpoint() + "\n");
        Path manifest = options.manifests() != null ? options.manifests()
            : options.kkHome().resolve(SpotPhase.NAME.equals(options.phase()) ? SpotPhase.MANIFEST
                : "deploy/demo/nodepool-default.yaml");
        KarpenterManifests applied = KarpenterManifests.read(Files.readString(manifest)
            .replace("${CLUSTER_NAME}", sandbox.options().clusterName()));
        if (applied.nodePools().isEmpty()) {
            throw new IllegalArgumentException(manifest + ": no NodePool in the file");
        }
        try (Workloads workloads = new Workloads(sandbox.kube())) {
            workloads.applyKarpenterManifest(manifest, sandbox.options().clusterName());
            for (NodePool pool : applied.nodePools()) {
                out.println("applied NodePool " + pool.getMetadata().getName() + " (limits " + pool.getSpec().getLimits()
                    + ", consolidateAfter " + (pool.getSpec().getDisruption() == null ? "-"
                        : pool.getSpec().getDisruption().getConsolidateAfter()) + ")");
            }
            applied.ec2NodeClasses().forEach(c -> out.println("applied EC2NodeClass " + c.getMetadata().getName()));
            out.println("  from " + manifest);
            if (!new WorkshopTagsStep(out).nodeClassesReady(workloads)) {
                out.println("demo FAILED: an EC2NodeClass is not Ready, nothing would launch");
                return 1;
            }
            workloads.keepReplicas();
            try (Observer observer = new Observer(sandbox, workloads)) {
                if (options.workload() != null) {
                    return playWorkload(sandbox, workloads, observer, applied.nodePools(), options, out);
                }
                Deployment inflate = Workloads.inflate();
                workloads.apply(inflate);
                DemoPhases phases = new DemoPhases(sandbox, workloads, observer, applied.nodePools(),
                    applied.ec2NodeClasses(), inflate, options.pods(), options.timeout(), options.stateDir(), out);
                List<String> toPlay = options.phase() == null ? DemoPhases.NAMES : List.of(options.phase());
                List<DemoPhases.Result> results = new ArrayList<>();
                for (String phase : toPlay) {
                    DemoPhases.Result r = phases.run(phase, options.phase() != null);
                    out.println(r.line());
                    results.add(r);
                }
                out.println();
                out.println("phases:");
                results.forEach(r -> out.println(r.line()));
                whereToLook(sandbox, out);
                List<String> failed = results.stream().filter(r -> !r.ok()).map(DemoPhases.Result::phase).toList();
                if (failed.isEmpty()) {
                    out.println("demo OK: every phase behaved (" + String.join(", ", toPlay) + ")");
                    return 0;
                }
                out.println("demo FAILED: " + String.join(", ", failed));
                return 1;
            }
        }
    }

    /** {@code --workload FILE --phase scale-up}: the file's Deployments instead of inflate, to their replicas. */
    private static int playWorkload(Sandbox sandbox, Workloads workloads, Observer observer, List<NodePool> pools,
                                    Options options, PrintStream out) throws Exception {
        List<Deployment> deployments = Workloads.fromFile(sandbox.kube(), options.workload());
        Instant start = Instant.now();
        int expected = 0;
        for (Deployment d : deployments) {
            int replicas = deployments.size() == 1 || d.getSpec().getReplicas() == null ? options.pods()
                : d.getSpec().getReplicas();
            workloads.apply(d);
            workloads.scale(d, replicas);
            expected += replicas;
            out.println("scaled Deployment " + d.getMetadata().getName() + " 0 -> " + replicas);
        }
        Instant lastChange = Instant.now();
        Observer.Snapshot last = null;
        while (Instant.now().isBefore(start.plus(options.timeout()))) {
            Observer.Snapshot s = observer.look();
            if (last == null || s.bound() != last.bound() || s.pending() != last.pending() || s.nodes() != last.nodes()) {
                lastChange = Instant.now();
                out.printf("  %4ds  pods %d: %d bound, %d pending | nodes %d%n",
                    Duration.between(start, Instant.now()).toSeconds(), s.pods(), s.bound(), s.pending(), s.nodes());
            }
            last = s;
            if (s.pods() >= expected && (s.pending() == 0 || (observer.pendingPodsAllExplainedBy(
                ReasonCategory.UNSCHEDULABLE) && Duration.between(lastChange, Instant.now()).toSeconds() >= 12))
                && s.nodes() >= s.instances().size()) {
                break;
            }
            Sandbox.sleep(1000);
        }
        List<String> problems = summarize(sandbox, observer, pools, Duration.between(start, Instant.now()), out);
        whereToLook(sandbox, out);
        out.println(problems.isEmpty() ? "demo OK: every pod is bound or pending with its reason"
            : "demo FAILED: " + String.join("; ", problems));
        return problems.isEmpty() ? 0 : 1;
    }

    /** How the demo prints the web viewer's URL (DemoIT opens it in a browser). */
    static final String VIEWER_LINE = "web viewer: ";

    private static void whereToLook(Sandbox sandbox, PrintStream out) {
        out.println("where to look:");
        out.println("  " + VIEWER_LINE + sandbox.viewerUrl() + " (nodes, cost, pending pods, kk.decisions live; log "
            + sandbox.logOf(Sandbox.VIEWER) + ")");
        out.println("  decisions:  bin/kk decisions --bootstrap " + sandbox.bootstrapServers() + " --command-config "
            + sandbox.adminCommandConfig() + " --from-beginning");
        out.println("  topics:     " + String.join(", ", Topics.ALL) + " on " + sandbox.bootstrapServers()
            + " (SASL/SCRAM and the chart's ACLs: each service its own user kafkarpenter-<service>)");
        for (String service : Sandbox.SERVICES) {
            out.printf("  %-15s http://127.0.0.1:%d/q/metrics  (log %s)%n", service, sandbox.httpPort(service),
                sandbox.logOf(service));
        }
        out.println("  Kubernetes: " + sandbox.kubeUrl() + " (the chart's RBAC enforced; admin token "
            + StandinTokens.ADMIN + ")   EC2, EKS, IAM: " + sandbox.ec2Endpoint()
            + " (bin/kk ec2sim publish-ami, images, instances, interrupt)");
        out.println("  tags:       " + String.join(" ", WorkshopTagsStep.command(sandbox)));
        out.println("  kubectl:    " + kubeconfigExport(sandbox));
    }

    /** The line that points kubectl at the stand-in: the kubeconfig the stand-in wrote (admin token). */
    static String kubeconfigExport(Sandbox sandbox) {
        return "export KUBECONFIG=" + sandbox.kubeconfig().toAbsolutePath();
    }

    /** Prints what the scale-up reached and returns the problems (none: it behaved). */
    static List<String> summarize(Sandbox sandbox, Observer observer, List<NodePool> pools, Duration took,
                                  PrintStream out) {
        Observer.Snapshot s = observer.look();
        List<Instance> instances = s.instances();
        out.println();
        out.println("after " + took.toSeconds() + " s:");
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
        for (NodePool pool : pools) {
            var limits = pool.getSpec().getLimits();
            if (limits != null && limits.containsKey("cpu")) {
                double limit = Double.parseDouble(limits.get("cpu").getAmount());
                int used = instances.stream().filter(i -> pool.getMetadata().getName().equals(
                    Observer.tag(i, "karpenter.sh/nodepool"))).mapToInt(i -> observer.vcpu(i.instanceTypeAsString())).sum();
                if (used > limit) {
                    problems.add("NodePool " + pool.getMetadata().getName() + " cpu limit " + limit + " exceeded: " + used);
                }
            }
        }
        if (s.nodes() < instances.size()) {
            problems.add(instances.size() - s.nodes() + " instance(s) never registered a node");
        }
        return problems;
    }

    private static String capacityType(Instance i) {
        return i.instanceLifecycleAsString() == null || "null".equals(i.instanceLifecycleAsString()) ? "on-demand"
            : i.instanceLifecycleAsString();
    }
}
