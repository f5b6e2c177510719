package io.kafkarpenter.cli;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.scheduling.LabelSelector;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.PodAffinityTerm;
import io.kafkarpenter.model.scheduling.Scheduler;
import io.kafkarpenter.model.scheduling.SchedulerOptions;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.SchedulingResult;
import io.kafkarpenter.model.scheduling.SpreadConstraint;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code kk bench scheduling}: Karpenter's scheduling benchmark workload ({@code scheduling_benchmark_test.go},
 * karpenter-core reference §7.1) against this engine. 400 synthetic instance types ({@code fake-it-i}: i+1 vCPU,
 * 2(i+1) GiB, 10(i+1) pods, spot in zones 1–2 and on-demand in zones 1–3, price 0.1/vCPU + 0.1/GiB), one NodePool
 * with huge limits, and the diverse pod mix (generic; zonal spread; hostname spread; zonal pod affinity; hostname
 * anti-affinity; remainder generic) with requests drawn from the same value sets with a fixed seed.
 *
 * <p>Harness: each size is solved a few times to warm the JIT, then timed over several runs on a fresh scheduler
 * each time (building the scheduler is part of the measured solve); the median wall-clock time is reported, and
 * the median CPU time of the solving thread (a fairer figure on a machine shared with other work: the solve is
 * single-threaded). Pods are built once.
 */
public final class SchedulingBenchmark {

    private static final int[] CPU_MILLI = {100, 250, 500, 1000, 1500};
    private static final int[] MEMORY_MI = {100, 256, 512, 1024, 2048, 4096};
    private static final String[] LABEL_VALUES = {"a", "b", "c", "d", "e", "f", "g"};

    private SchedulingBenchmark() {
    }

    public static int run(String[] args, PrintStream out) {
        boolean large = Arrays.asList(args).contains("--large");
        int runs = 5;
        List<Integer> sizes = new ArrayList<>(List.of(1000, 5000, 20000));
        if (large) {
            sizes.add(100000);
        }
        for (String a : args) {
            if (a.startsWith("--sizes=")) {
                sizes.clear();
                for (String s : a.substring(8).split(",")) {
                    sizes.add(Integer.parseInt(s.trim()));
                }
            } else if (a.startsWith("--runs=")) {
                runs = Integer.parseInt(a.substring(7));
            }
        }
        List<InstanceType> types = instanceTypes(400);
        NodePoolTemplate pool = new NodePoolTemplate("default", 0, new Requirements(), Map.of(), List.of(), List.of(),
                ResourceList.parse(Map.of("cpu", "10000000", "memory", "10000000Gi")), types, null);
        out.printf("kk bench scheduling — Karpenter's diverse workload, 400 instance types, %d CPU cores, %s, Java %s%n",
                Runtime.getRuntime().availableProcessors(), LocalDate.now(), System.getProperty("java.version"));
        out.printf("%8s %12s %12s %12s %8s %12s %10s%n", "pods", "median ms", "median cpu", "pods/s", "nodes",
                "cost $/h", "pending");
        for (int size : sizes) {
            List<SchedulingPod> pods = diversePods(size, new Random(42));
            int warmups = size >= 50000 ? 1 : 3;
            for (int i = 0; i < warmups; i++) {
                solve(pool, pods);
            }
            int n = size >= 50000 ? Math.max(1, runs / 2) : runs;
            long[] nanos = new long[n];
            long[] cpu = new long[n];
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            SchedulingResult last = null;
            for (int i = 0; i < n; i++) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                last = solve(pool, pods);
                nanos[i] = System.nanoTime() - start;
                cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
            }
            Arrays.sort(nanos);
            Arrays.sort(cpu);
            double medianMs = nanos[n / 2] / 1e6;
            out.printf("%8d %12.1f %12.1f %12.0f %8d %12.2f %10d%n", size, medianMs, cpu[n / 2] / 1e6,
                    size / (medianMs / 1000), last.nodeClaims().size(), last.costPerHour(),
                    last.unschedulable().size());
            if (!last.unschedulable().isEmpty()) {
                out.println("         first pending pod: " + last.unschedulable().get(0).pod().key() + ": "
                        + last.unschedulable().get(0).message());
            }
        }
        return 0;
    }

    static SchedulingResult solve(NodePoolTemplate pool, List<SchedulingPod> pods) {
        return new Scheduler(List.of(pool), List.of(), List.of(), SchedulerOptions.DEFAULT, Set.of()).solve(pods);
    }

    /** Karpenter's fake instance types: fake-it-i with i+1 vCPU, 2(i+1) GiB, 10(i+1) pods. */
    static List<InstanceType> instanceTypes(int count) {
        List<InstanceType> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int cpu = i + 1;
            int memGi = 2 * (i + 1);
            int pods = 10 * (i + 1);
            double price = 0.1 * cpu + 0.1 * memGi;
            List<Offering> offerings = List.of(
                    new Offering("test-zone-1", Labels.CAPACITY_TYPE_SPOT, price, true),
                    new Offering("test-zone-2", Labels.CAPACITY_TYPE_SPOT, price, true),
                    new Offering("test-zone-1", Labels.CAPACITY_TYPE_ON_DEMAND, price, true),
                    new Offering("test-zone-2", Labels.CAPACITY_TYPE_ON_DEMAND, price, true),
                    new Offering("test-zone-3", Labels.CAPACITY_TYPE_ON_DEMAND, price, true));
            ResourceList capacity = ResourceList.parse(Map.of("cpu", Integer.toString(cpu), "memory", memGi + "Gi",
                    "pods", Integer.toString(pods)));
            ResourceList allocatable = ResourceList.parse(Map.of("cpu", (cpu * 1000 - 100) + "m",
                    "memory", (memGi * 1024 - 10) + "Mi", "pods", Integer.toString(pods)));
            out.add(new InstanceType("fake-it-" + i, Map.of(Labels.ARCH, "amd64", Labels.OS, "linux"), capacity,
                    allocatable, offerings));
        }
        return out;
    }

    /** makeDiversePods: five equal parts plus generic pods for the remainder. */
    public static List<SchedulingPod> diversePods(int count, Random r) {
        List<SchedulingPod> pods = new ArrayList<>();
        int part = count / 5;
        for (int i = 0; i < part; i++) {
            pods.add(pod(pods.size(), r, Map.of("my-label", value(r))).build());
        }
        for (int i = 0; i < part; i++) {
            pods.add(pod(pods.size(), r, Map.of("my-label", value(r))).spread(SpreadConstraint.of(Labels.ZONE, 1, true,
                    LabelSelector.of(Map.of("my-label", value(r))))).build());
        }
        for (int i = 0; i < part; i++) {
            pods.add(pod(pods.size(), r, Map.of("my-label", value(r))).spread(SpreadConstraint.of(Labels.HOSTNAME, 1,
                    true, LabelSelector.of(Map.of("my-label", value(r))))).build());
        }
        for (int i = 0; i < part; i++) {
            pods.add(pod(pods.size(), r, Map.of("my-affininity", value(r))).requiredAffinity(PodAffinityTerm.of(
                    Labels.ZONE, LabelSelector.of(Map.of("my-affininity", value(r))))).build());
        }
        for (int i = 0; i < part; i++) {
            pods.add(pod(pods.size(), r, Map.of("app", "nginx")).requiredAntiAffinity(PodAffinityTerm.of(
                    Labels.HOSTNAME, LabelSelector.of(Map.of("app", "nginx")))).build());
        }
        while (pods.size() < count) {
            pods.add(pod(pods.size(), r, Map.of("my-label", value(r))).build());
        }
        return pods;
    }

    private static String value(Random r) {
        return LABEL_VALUES[r.nextInt(LABEL_VALUES.length)];
    }

    private static SchedulingPod.Builder pod(int index, Random r, Map<String, String> labels) {
        int cpu = CPU_MILLI[r.nextInt(CPU_MILLI.length)];
        int mem = MEMORY_MI[r.nextInt(MEMORY_MI.length)];
        return SchedulingPod.builder("default", "pod-" + index).uid("uid-" + index).labels(labels).creationOrder(index)
                .requests(ResourceList.parse(Map.of("cpu", cpu + "m", "memory", mem + "Mi", "pods", "1")));
    }
}
