package io.kafkarpenter.sandbox.e2e;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kafkarpenter.cli.DisruptionSimulation;

/**
 * {@code bin/kk bench scale-down}: N pods (default 1,000) on their nodes, then the Deployment scaled to M (default
 * 700) on the workshop NodePool without its cpu limit and with {@code consolidateAfter: 0s}. Reports the time from
 * the scale until the cost is stable (no node disrupting, all M pods bound, and the planner — run in-process on the
 * live state — decides no further command), the cost before and after, and the final cost against the steady state
 * {@code bin/kk simulate} plans for the state right after the scale ({@link DisruptionSimulation#eventually}).
 * Karpenter's own end-to-end threshold for this scenario is 20 minutes.
 */
public final class BenchScaleDownMain {

    private BenchScaleDownMain() {
    }

    public static void main(String[] args) throws Exception {
        int pods = 1000;
        int to = 700;
        String cpu = "250m";
        Duration timeout = Duration.ofMinutes(10);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pods" -> pods = Integer.parseInt(args[++i]);
                case "--to" -> to = Integer.parseInt(args[++i]);
                case "--cpu" -> cpu = args[++i];
                case "--timeout" -> timeout = Duration.parse("PT" + args[++i].toUpperCase());
                default -> {
                    System.err.println("kk bench scale-down: unknown option " + args[i]
                        + " (--pods N, --to M, --cpu Q, --timeout 10m)");
                    System.exit(2);
                }
            }
        }
        if (to < 0 || to > pods) {
            System.err.println("kk bench scale-down: --to must be between 0 and --pods");
            System.exit(2);
        }
        Path kkHome = Path.of(System.getProperty("kk.home", ".")).toAbsolutePath().normalize();
        Path state = Path.of(System.getProperty("kk.state", kkHome.resolve(".kk/bench-scale-down").toString()));
        System.exit(run(kkHome, state, pods, to, cpu, timeout, System.out));
    }

    static int run(Path kkHome, Path state, int pods, int to, String cpu, Duration timeout, PrintStream out)
            throws Exception {
        try (Sandbox sandbox = new Sandbox(new Sandbox.Options(kkHome, state, "kafkarpenter-demo", Duration.ofSeconds(2),
            Duration.ofSeconds(1), 3, out::println))) {
            out.println("starting (logs in " + state + ") ...");
            sandbox.start();
            String manifest = Files.readString(kkHome.resolve("deploy/demo/nodepool-default.yaml"))
                .replaceAll("(?m)^  limits:\\n    cpu: \"10\"\\n", "")
                .replace("consolidateAfter: 30s", "consolidateAfter: 0s");
            Path pool = state.resolve("nodepool-scale-down.yaml");
            Files.writeString(pool, manifest);
            try (Workloads workloads = new Workloads(sandbox.kube())) {
                workloads.applyKarpenterManifest(pool, sandbox.options().clusterName());
                workloads.awaitNodeClassesReady(Duration.ofSeconds(60));
                workloads.keepReplicas();
                Deployment inflate = Workloads.inflate();
                inflate.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
                    .put("cpu", new Quantity(cpu));
                workloads.apply(inflate);
                Instant upStart = Instant.now();
                workloads.scale(inflate, pods);
                ClusterView up = awaitBound(sandbox, pods, upStart.plus(timeout), out);
                out.printf("%d pods bound after %d s on %d nodes (%s), %s%n", up.bound(),
                    Duration.between(upStart, Instant.now()).toSeconds(), up.capacity.size(), up.byType(),
                    ClusterView.dollars(up.costPerHour()));
                if (up.bound() < pods) {
                    out.println("bench FAILED: the scale-up did not complete");
                    return 1;
                }
                // consolidateAfter 0s: the consolidator may already be at work on the scale-up's nodes; start from a
                // quiet cluster so that the figure is the scale-down's alone
                awaitStable(sandbox, pods, Instant.now().plus(timeout), out, "before the scale-down");
                ClusterView before = ClusterView.look(sandbox, "inflate");

                Instant start = Instant.now();
                workloads.scale(inflate, to);
                out.printf("scaled inflate %d -> %d%n", pods, to);
                ScenarioExport export = ScenarioExport.of(sandbox);
                Path scenario = export.write("scale-down", state.resolve("scale-down-scenario.yaml"));
                Instant planStart = Instant.now();
                DisruptionSimulation.Result plan = DisruptionSimulation.eventually(Files.readString(scenario), 200);
                out.printf("bin/kk simulate plans %s -> %s (%s) in %d passes (%d ms in-process); scenario %s%n",
                    ClusterView.dollars(plan.initialCostPerHour()), ClusterView.dollars(plan.finalCostPerHour()),
                    plan.finalNodesByType(), plan.passes().size(), Duration.between(planStart, Instant.now()).toMillis(),
                    scenario);
                Stable stable = awaitStable(sandbox, to, start.plus(timeout), out, "after the scale-down");
                ClusterView after = ClusterView.look(sandbox, "inflate");
                double gap = after.costPerHour() - plan.finalCostPerHour();
                out.println();
                out.printf("## Scale-down benchmark (%s, %d cores, bin/kk bench scale-down --pods %d --to %d --cpu %s)%n%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), pods, to, cpu);
                out.println("| measure | value |");
                out.println("|---|---|");
                out.printf("| nodes before → after | %d → %d (%s) |%n", before.capacity.size(), after.capacity.size(),
                    after.byType());
                out.printf("| cost before → after | %s → %s |%n", ClusterView.dollars(before.costPerHour()),
                    ClusterView.dollars(after.costPerHour()));
                out.printf("| bin/kk simulate's steady state for the same state | %s (%d passes) |%n",
                    ClusterView.dollars(plan.finalCostPerHour()), plan.passes().size());
                out.printf(Locale.ROOT, "| final cost − plan | %+.4f $/h (%+.1f %%) |%n", gap,
                    plan.finalCostPerHour() == 0 ? 0 : 100 * gap / plan.finalCostPerHour());
                out.printf("| scale → last cost change | %s |%n", stable.lastChange == null ? "no change"
                    : Duration.between(start, stable.lastChange).toSeconds() + " s");
                out.printf("| scale → stable (nothing more planned) | %s |%n", stable.at == null
                    ? "not within " + timeout.toSeconds() + " s" : Duration.between(start, stable.at).toSeconds() + " s");
                out.printf("| most pods pending at once | %d |%n", stable.maxPending);
                out.println();
                out.println("| service | RSS |");
                out.println("|---|---|");
                for (String service : Sandbox.SERVICES) {
                    out.printf("| %s | %d MiB |%n", service, sandbox.rssMiB(service));
                }
                return stable.at != null && after.bound() == to ? 0 : 1;
            }
        }
    }

    /** When the cost last changed, when the cluster was found stable (null: not in time), the most pods pending. */
    private record Stable(Instant lastChange, Instant at, long maxPending) {
    }

    private static ClusterView awaitBound(Sandbox sandbox, int pods, Instant deadline, PrintStream out) {
        ClusterView v = ClusterView.look(sandbox, "inflate");
        long last = -1;
        while (v.bound() < pods && Instant.now().isBefore(deadline)) {
            if (v.bound() != last) {
                out.printf("  pods %d bound, %d pending | NodeClaims %d%n", v.bound(), v.pending(), v.capacity.size());
                last = v.bound();
            }
            Sandbox.sleep(2000);
            v = ClusterView.look(sandbox, "inflate");
        }
        return v;
    }

    /**
     * Waits until the {@code pods} are bound, no node is disrupting, every NodeClaim is initialized and the planner
     * on the live state (every consolidateAfter passed) decides no command.
     */
    private static Stable awaitStable(Sandbox sandbox, int pods, Instant deadline, PrintStream out, String when) {
        Instant start = Instant.now();
        double cost = -1;
        Instant lastChange = null;
        long maxPending = 0;
        String last = "";
        ScenarioExport export = ScenarioExport.of(sandbox);
        while (Instant.now().isBefore(deadline)) {
            ClusterView v = ClusterView.look(sandbox, "inflate");
            maxPending = Math.max(maxPending, v.pending());
            if (cost >= 0 && Math.abs(v.costPerHour() - cost) > 1e-9) {
                lastChange = Instant.now();
            }
            cost = v.costPerHour();
            String progress = String.format("pods %d bound, %d pending | NodeClaims %d (%d disrupting) | %s", v.bound(),
                v.pending(), v.capacity.size(), v.disrupting(), ClusterView.dollars(cost));
            if (!progress.equals(last)) {
                out.printf("  %4ds  %s%n", Duration.between(start, Instant.now()).toSeconds(), progress);
                last = progress;
            }
            boolean quiet = v.bound() == pods && v.pending() == 0 && v.disrupting() == 0
                && v.capacity.stream().allMatch(ClusterView.Capacity::initialized);
            if (quiet && DisruptionSimulation.eventually(export.export("stable?"), 1).passes().get(0).commands().isEmpty()) {
                out.printf("  stable %s after %d s%n", when, Duration.between(start, Instant.now()).toSeconds());
                return new Stable(lastChange, Instant.now(), maxPending);
            }
            Sandbox.sleep(2000);
        }
        return new Stable(lastChange, null, maxPending);
    }
}
