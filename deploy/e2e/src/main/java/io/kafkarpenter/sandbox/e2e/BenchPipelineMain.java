package io.kafkarpenter.sandbox.e2e;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * {@code bin/kk bench pipeline}: a burst of N pending pods (default 1,000) through the running pipeline, every service
 * its own process; prints p50/p99/max of pending → CreateFleet answered (the launcher's LAUNCHED status) and
 * pending → bound, and each service's RSS. The workshop NodePool without its cpu limit.
 */
public final class BenchPipelineMain {

    private BenchPipelineMain() {
    }

    public static void main(String[] args) throws Exception {
        int pods = 1000;
        String cpu = "250m";
        Duration timeout = Duration.ofMinutes(5);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pods" -> pods = Integer.parseInt(args[++i]);
                case "--cpu" -> cpu = args[++i];
                case "--timeout" -> timeout = Duration.parse("PT" + args[++i].toUpperCase());
                default -> {
                    System.err.println("kk bench pipeline: unknown option " + args[i] + " (--pods N, --cpu Q, --timeout 5m)");
                    System.exit(2);
                }
            }
        }
        Path kkHome = Path.of(System.getProperty("kk.home", ".")).toAbsolutePath().normalize();
        Path state = Path.of(System.getProperty("kk.state", kkHome.resolve(".kk/bench-pipeline").toString()));
        System.exit(run(kkHome, state, pods, cpu, timeout, System.out));
    }

    static int run(Path kkHome, Path state, int pods, String cpu, Duration timeout, PrintStream out) throws Exception {
        try (Sandbox sandbox = new Sandbox(new Sandbox.Options(kkHome, state, "kafkarpenter-demo", Duration.ofSeconds(2),
            Duration.ofSeconds(1), 3, out::println))) {
            out.println("starting (logs in " + state + ") ...");
            sandbox.start();
            Workloads workloads = new Workloads(sandbox.kube());
            String manifest = Files.readString(kkHome.resolve("deploy/demo/nodepool-default.yaml"))
                .replaceAll("(?m)^  limits:\\n    cpu: \"10\"\\n", "");
            Path unlimited = state.resolve("nodepool-unlimited.yaml");
            Files.writeString(unlimited, manifest);
            workloads.applyKarpenterManifest(unlimited, sandbox.options().clusterName());
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
                while (s.bound() < pods && Instant.now().isBefore(deadline)) {
                    Sandbox.sleep(500);
                    s = observer.look();
                }
                Duration took = Duration.between(start, Instant.now());
                List<Long> launched = observer.pendingToLaunchedMillis();
                List<Long> bound = observer.pendingToBoundMillis();
                out.println();
                out.printf("## Pipeline benchmark (%s, %d cores, bin/kk bench pipeline --pods %d --cpu %s)%n%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), pods, cpu);
                out.printf("%d pods created in %d ms; %d bound after %d s on %d instances%n%n", pods, created.toMillis(),
                    s.bound(), took.toSeconds(), s.instances().size());
                out.println("| measure | p50 | p99 | max | pods |");
                out.println("|---|---|---|---|---|");
                out.printf("| pending → CreateFleet answered (LAUNCHED) | %d ms | %d ms | %d ms | %d |%n",
                    Observer.percentile(launched, 50), Observer.percentile(launched, 99), Observer.percentile(launched, 100),
                    launched.size());
                List<Long> observed = observer.observedToLaunchedMillis();
                out.printf("| seen pending by pod-watcher → CreateFleet answered | %d ms | %d ms | %d ms | %d |%n",
                    Observer.percentile(observed, 50), Observer.percentile(observed, 99),
                    Observer.percentile(observed, 100), observed.size());
                out.printf("| pending → bound | %d ms | %d ms | %d ms | %d |%n", Observer.percentile(bound, 50),
                    Observer.percentile(bound, 99), Observer.percentile(bound, 100), bound.size());
                out.println();
                out.println("| service | RSS |");
                out.println("|---|---|");
                for (String service : Sandbox.SERVICES) {
                    out.printf("| %s | %d MiB |%n", service, sandbox.rssMiB(service));
                }
                return s.bound() == pods ? 0 : 1;
            }
        }
    }
}
