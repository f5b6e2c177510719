package io.kafkarpenter.cli;

import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.DisruptionCommand;
import io.kafkarpenter.model.disruption.DisruptionPlan;
import io.kafkarpenter.model.disruption.DisruptionPlanner;
import io.kafkarpenter.model.disruption.fixtures.FirstFitConsolidation;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.requirements.Labels;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kk bench disruption}: one pass of the disruption planner ({@code io.kafkarpenter.model.disruption}, the code
 * the consolidator and {@code kk simulate} run) over generated clusters of half-used nodes
 * ({@link DisruptionBenchCluster}), for several cluster sizes.
 *
 * <p>Harness: each cluster is generated once (fixed seed); the pass is run a few times to warm the JIT (once from
 * {@value #LARGE_NODES} nodes, where the timed runs are also halved), then timed over several runs, each a fresh
 * {@code plan(snapshot)} (indexing the snapshot and building the simulation are part
 * of the measured pass). The median wall-clock time and the median CPU time of the planning thread (the pass is
 * single-threaded) are reported, with what the last pass decided: nodes removed, replacement NodeClaims and savings
 * per hour. For comparison, the naive first-fit consolidation ({@link FirstFitConsolidation}: delete the emptiest
 * node while its pods fit elsewhere by resources) on the same cluster: nodes it removes, their price, its time.
 */
public final class DisruptionBenchmark {

    static final long DEFAULT_SEED = 42;
    /** From this many nodes a pass takes tens of seconds: one warm-up (else 3) and half the runs (rounded up). */
    static final int LARGE_NODES = 5000;
    /** Above this many nodes the first-fit comparison is skipped (its time grows with the square of the nodes). */
    static final int FIRST_FIT_MAX_NODES = 10_000;

    private DisruptionBenchmark() {
    }

    /** Options; bad values are reported as usage errors (exit 2). */
    record Options(List<Integer> sizes, int runs, long seed, boolean firstFit) {
        static Options parse(String[] args) {
            List<Integer> sizes = new ArrayList<>(List.of(100, 1000, 5000));
            int runs = 5;
            long seed = DEFAULT_SEED;
            boolean firstFit = true;
            for (String a : args) {
                if (a.startsWith("--sizes=")) {
                    sizes.clear();
                    for (String s : a.substring(8).split(",")) {
                        sizes.add(positive(s.trim(), "--sizes"));
                    }
                } else if (a.startsWith("--runs=")) {
                    runs = positive(a.substring(7), "--runs");
                } else if (a.startsWith("--seed=")) {
                    try {
                        seed = Long.parseLong(a.substring(7).trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed must be an integer, got '" + a.substring(7) + "'");
                    }
                } else if (a.equals("--no-first-fit")) {
                    firstFit = false;
                } else {
                    throw new IllegalArgumentException("unknown option " + a);
                }
            }
            return new Options(List.copyOf(sizes), runs, seed, firstFit);
        }

        private static int positive(String text, String option) {
            try {
                int v = Integer.parseInt(text.trim());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " takes positive integers, got '" + text + "'");
        }
    }

    /** One size's figures. */
    record Row(int nodes, int pods, double wallMs, double cpuMs, int removed, int replacements, double savings,
            String method, Integer firstFitRemoved, Double firstFitSavings, Double firstFitMs, double load) {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("kk bench disruption: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        out.printf("kk bench disruption — one planner pass over half-used c6a/m6a/r6a nodes (about 20 pods each), "
                + "seed %d, %d CPU cores, %s, Java %s%n", options.seed(), Runtime.getRuntime().availableProcessors(),
                LocalDate.now(), System.getProperty("java.version"));
        out.println(header());
        for (int size : options.sizes()) {
            Row row = measure(DisruptionBenchCluster.generate(size, options.seed()), options.runs(),
                    options.firstFit() && size <= FIRST_FIT_MAX_NODES);
            out.println(format(row));
        }
        out.println("wall/cpu: median ms of one pass (cpu: the planning thread); removed (nodes in the commands, "
                + "those a replacement replaces included), replaced (new NodeClaims), saves: what the pass decides; "
                + "ff: first-fit, delete the emptiest node while its pods fit elsewhere (resources only); "
                + "load: 1-minute load average after the runs");
        return 0;
    }

    static String usage() {
        return "usage: kk bench disruption [--sizes=100,1000,5000] [--runs=5] [--seed=42] [--no-first-fit]";
    }

    static String header() {
        return String.format("%7s %8s %9s %9s %8s %8s %10s  %-26s %9s %10s %9s %5s", "nodes", "pods", "wall ms",
                "cpu ms", "removed", "replaced", "saves $/h", "method", "ff remove", "ff $/h", "ff ms", "load");
    }

    static String format(Row r) {
        return String.format("%7d %8d %9.1f %9.1f %8d %8d %10.2f  %-26s %9s %10s %9s %5.1f", r.nodes(), r.pods(),
                r.wallMs(), r.cpuMs(), r.removed(), r.replacements(), r.savings(), r.method(),
                r.firstFitRemoved() == null ? "-" : r.firstFitRemoved().toString(),
                r.firstFitSavings() == null ? "-" : String.format("%.2f", r.firstFitSavings()),
                r.firstFitMs() == null ? "-" : String.format("%.0f", r.firstFitMs()), r.load());
    }

    static Row measure(ClusterSnapshot cluster, int runs, boolean firstFit) {
        int nodes = cluster.nodes().size();
        int pods = 0;
        for (ClusterNode n : cluster.nodes()) {
            pods += n.pods().size();
        }
        DisruptionPlanner planner = new DisruptionPlanner();
        boolean large = nodes >= LARGE_NODES;
        for (int i = 0; i < (large ? 1 : 3); i++) {
            planner.plan(cluster);
        }
        int timed = large ? Math.max(1, (runs + 1) / 2) : runs;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[timed];
        long[] cpu = new long[timed];
        DisruptionPlan plan = null;
        for (int i = 0; i < timed; i++) {
            plan = null;
            System.gc();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            plan = planner.plan(cluster);
            nanos[i] = System.nanoTime() - start;
            cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        int removed = 0;
        int replacements = 0;
        double savings = 0;
        for (DisruptionCommand c : plan.commands()) {
            removed += c.nodes().size();
            replacements += c.replacements().size();
            savings += c.savingsPerHour();
        }
        String method = plan.actingMethod() == null ? "none" : plan.actingMethod().title();
        Integer ffRemoved = null;
        Double ffSavings = null;
        Double ffMs = null;
        if (firstFit) {
            long start = System.nanoTime();
            List<String> deleted = FirstFitConsolidation.deletions(cluster);
            ffMs = (System.nanoTime() - start) / 1e6;
            ffRemoved = deleted.size();
            ffSavings = priceOf(cluster, deleted);
        }
        return new Row(nodes, pods, nanos[timed / 2] / 1e6, cpu[timed / 2] / 1e6, removed, replacements, savings,
                method, ffRemoved, ffSavings, ffMs, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The hourly price of these nodes: their instance type's offering in their zone and capacity type. */
    static double priceOf(ClusterSnapshot cluster, List<String> names) {
        Map<String, Double> offering = new HashMap<>();
        for (InstanceType t : cluster.nodePools().get(0).instanceTypes()) {
            for (Offering o : t.offerings()) {
                offering.put(t.name() + "/" + o.zone() + "/" + o.capacityType(), o.price());
            }
        }
        java.util.Set<String> wanted = new java.util.HashSet<>(names);
        double sum = 0;
        for (ClusterNode n : cluster.nodes()) {
            if (wanted.contains(n.name())) {
                String ct = n.capacityType() == null ? Labels.CAPACITY_TYPE_ON_DEMAND : n.capacityType();
                sum += offering.getOrDefault(n.instanceType() + "/" + n.zone() + "/" + ct, 0.0);
            }
        }
        return Math.round(sum * 1e4) / 1e4;
    }
}
