package io.kafkarpenter.sandbox.e2e;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kafkarpenter.model.crd.NodePool;

/**
 * {@code bin/kk bench pipeline}: a burst of N pending pods (default 1,000) through the running pipeline, every service
 * its own process; prints p50/p99/max per pod of pending (kube-scheduler marked it Unschedulable) → the CreateFleet
 * call that launched its capacity, of created → that call, and of pending → bound, the burst's spread, and each
 * service's RSS. The workshop NodePool without its cpu limit.
 */
public final class BenchPipelineMain {

    private BenchPipelineMain() {
    }

    public static void main(String[] args) throws Exception {
        int pods = 1000;
        int warmup = 20;
        String cpu = "250m";
        Duration timeout = Duration.ofMinutes(5);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pods" -> pods = Integer.parseInt(args[++i]);
                case "--cpu" -> cpu = args[++i];
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--timeout" -> timeout = Duration.parse("PT" + args[++i].toUpperCase());
                default -> {
                    System.err.println("kk bench pipeline: unknown option " + args[i] + " (--pods N, --cpu Q, --warmup N, --timeout 5m)");
                    System.exit(2);
                }
            }
        }
        Path kkHome = Path.of(System.getProperty("kk.home", ".")).toAbsolutePath().normalize();
        Path state = Path.of(System.getProperty("kk.state", kkHome.resolve(".kk/bench-pipeline").toString()));
        System.exit(run(kkHome, state, pods, warmup, cpu, timeout, System.out));
    }

    private static void row(PrintStream out, String measure, List<Long> sortedMillis) {
        out.printf("| %s | %d ms | %d ms | %d ms | %d |%n", measure, Observer.percentile(sortedMillis, 50),
            Observer.percentile(sortedMillis, 99), Observer.percentile(sortedMillis, 100), sortedMillis.size());
    }

    /**
     * A first, unmeasured burst through every service, so the measured one meets a running system rather than cold
     * JVMs (code not compiled yet, first Kafka fetches, EC2 lookups not cached): {@code count} pods of a
     * {@code warmup} Deployment on a NodePool of their own, tainted so that the measured pods cannot use its node.
     */
    private static void warmUp(Sandbox sandbox, int count, PrintStream out) {
        String taintKey = "kafkarpenter.io/bench-warmup";
        NodePool pool = sandbox.kube().resources(NodePool.class).withName("default").get();
        pool.setMetadata(new ObjectMetaBuilder().withName("warmup").build());
        pool.setStatus(null);
        pool.getSpec().getTemplate().getSpec().setTaints(List.of(new TaintBuilder().withKey(taintKey).withValue("true")
            .withEffect("NoSchedule").build()));
        sandbox.kube().resources(NodePool.class).resource(pool).create();
        Deployment warm = Workloads.inflate();
        warm.getMetadata().setName("warmup");
        warm.getSpec().getSelector().setMatchLabels(Map.of("app", "warmup"));
        warm.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "warmup"));
        warm.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("karpenter.sh/nodepool", "warmup"));
        warm.getSpec().getTemplate().getSpec().setTolerations(List.of(new TolerationBuilder().withKey(taintKey)
            .withOperator("Exists").withEffect("NoSchedule").build()));
        warm.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
            .put("cpu", new Quantity("100m"));
        Workloads workloads = new Workloads(sandbox.kube());
        workloads.apply(warm);
        Instant start = Instant.now();
        workloads.scale(warm, count);
        Instant deadline = start.plus(Duration.ofMinutes(2));
        while (boundPods(sandbox, "warmup") < count && Instant.now().isBefore(deadline)) {
            Sandbox.sleep(250);
        }
        out.printf("warm-up: %d pods on NodePool warmup bound after %d ms%n", boundPods(sandbox, "warmup"),
            Duration.between(start, Instant.now()).toMillis());
    }

    private static long boundPods(Sandbox sandbox, String app) {
        return sandbox.kube().pods().inNamespace(Sandbox.NAMESPACE).withLabel("app", app).list().getItems().stream()
            .filter(p -> p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty()).count();
    }

    /** The workshop NodePool and EC2NodeClass (deploy/demo/nodepool-default.yaml) without the NodePool's cpu limit. */
    static void applyUnlimitedDefaultNodePool(Sandbox sandbox, Workloads workloads, Path kkHome, Path state)
            throws java.io.IOException {
        String manifest = Files.readString(kkHome.resolve("deploy/demo/nodepool-default.yaml"))
            .replaceAll("(?m)^  limits:\\n    cpu: \"10\"\\n", "");
        Path unlimited = state.resolve("nodepool-unlimited.yaml");
        Files.writeString(unlimited, manifest);
        workloads.applyKarpenterManifest(unlimited, sandbox.options().clusterName());
    }

    static int run(Path kkHome, Path state, int pods, int warmup, String cpu, Duration timeout, PrintStream out)
            throws Exception {
        try (Sandbox sandbox = new Sandbox(new Sandbox.Options(kkHome, state, "kafkarpenter-demo", Duration.ofSeconds(2),
            Duration.ofSeconds(1), 3, out::println))) {
            out.println("starting (logs in " + state + ") ...");
            sandbox.start();
            Workloads workloads = new Workloads(sandbox.kube());
            applyUnlimitedDefaultNodePool(sandbox, workloads, kkHome, state);
            // measured from a Ready EC2NodeClass on: the tag-reconciler's first reconcile is not part of a burst
            workloads.awaitNodeClassesReady(Duration.ofSeconds(60));
            if (warmup > 0) {
                warmUp(sandbox, warmup, out);
            }
            Deployment burst = Workloads.inflate();
            burst.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
                .put("cpu", new Quantity(cpu));
            try (Observer observer = new Observer(sandbox, workloads)) {
                workloads.apply(burst);
                Instant start = Instant.now();
                workloads.scale(burst, pods);
                Duration created = Duration.between(start, Instant.now());
                Instant deadline = start.plus(timeout);
                Observer.Snapshot s = observer.look();
                while (observer.boundWithLabel("app", "inflate") < pods && Instant.now().isBefore(deadline)) {
                    Sandbox.sleep(500);
                    s = observer.look();
                }
                Duration took = Duration.between(start, Instant.now());
                List<Long> toCreateFleet = observer.pendingToCreateFleetMillis();
                List<Long> createdToCreateFleet = observer.createdToCreateFleetMillis();
                List<Long> toBound = observer.pendingToBoundMillis();
                Instant[] pendingSpan = observer.pendingSpan();
                out.println();
                out.printf("## Pipeline benchmark (%s, %d cores, bin/kk bench pipeline --pods %d --cpu %s --warmup %d)%n%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), pods, cpu, warmup);
                out.printf("%d pods created in %d ms; %d bound after %d s on %d instances (the warm-up's included)%n",
                    pods, created.toMillis(), observer.boundWithLabel("app", "inflate"), took.toSeconds(),
                    s.instances().size());
                if (pendingSpan != null) {
                    Instant firstCall = observer.firstCreateFleetCallAfter(pendingSpan[1]);
                    Instant seen = observer.seenByPodWatcher(observer.lastPendingPod());
                    out.printf("marked pending by kube-scheduler over %d ms (first → last pod); last pod pending → next "
                        + "CreateFleet call: %s (pod-watcher saw it after %s)%n",
                        Duration.between(pendingSpan[0], pendingSpan[1]).toMillis(),
                        firstCall == null ? "none" : Duration.between(pendingSpan[1], firstCall).toMillis() + " ms",
                        seen == null ? "?" : Duration.between(pendingSpan[1], seen).toMillis() + " ms");
                }
                out.println();
                out.println("| measure (per pod) | p50 | p99 | max | pods |");
                out.println("|---|---|---|---|---|");
                row(out, "pending → CreateFleet call", toCreateFleet);
                row(out, "created → CreateFleet call", createdToCreateFleet);
                row(out, "pending → bound", toBound);
                out.println();
                out.println("| service | RSS |");
                out.println("|---|---|");
                for (String service : Sandbox.SERVICES) {
                    out.printf("| %s | %d MiB |%n", service, sandbox.rssMiB(service));
                }
                return observer.boundWithLabel("app", "inflate") == pods ? 0 : 1;
            }
        }
    }
}
