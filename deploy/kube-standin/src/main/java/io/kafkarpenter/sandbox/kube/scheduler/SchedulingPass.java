package io.kafkarpenter.sandbox.kube.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One deterministic scheduling pass over a snapshot of pods and nodes, without I/O.
 *
 * <p>Pending pods (no nodeName, default scheduler, not terminating, not terminal, no scheduling gates) are taken
 * in kube-scheduler's queue order: priority descending, then creation time, then namespace/name. Each is placed
 * on a node that passes {@link NodeFitPredicates}, counting the pods already on it and the ones this pass placed
 * before; among fitting nodes the least allocated one wins (kube-scheduler's default NodeResourcesFit scoring),
 * ties by node name. A pod that fits nowhere gets kube-scheduler's FitError message,
 * {@code 0/N nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}.}
 */
public final class SchedulingPass {

    public static final String DEFAULT_SCHEDULER = "default-scheduler";

    /** A decision for one pod. */
    public sealed interface Decision {
        String namespace();

        String pod();
    }

    public record Bind(String namespace, String pod, String node) implements Decision {
    }

    public record Unschedulable(String namespace, String pod, String message) implements Decision {
    }

    /**
     * @param pods    every pod (bound or not)
     * @param nodes   every node
     * @param assumed pods bound by an earlier pass that the snapshot may not show yet: "namespace/name" → node
     */
    public static List<Decision> plan(List<Pod> pods, List<Node> nodes, Map<String, String> assumed) {
        Map<String, Map<String, BigDecimal>> requested = new HashMap<>();
        Map<String, Integer> podCounts = new HashMap<>();
        List<Pod> pending = new ArrayList<>();
        for (Pod pod : pods) {
            if (isTerminal(pod)) {
                continue;
            }
            String node = nodeOf(pod, assumed);
            if (node != null) {
                account(requested, podCounts, node, pod);
            } else if (isSchedulable(pod)) {
                pending.add(pod);
            }
        }
        pending.sort(QUEUE_ORDER);
        List<Node> candidates = nodes.stream()
                .sorted(Comparator.comparing(n -> n.getMetadata().getName())).toList();

        List<Decision> decisions = new ArrayList<>();
        for (Pod pod : pending) {
            Node best = null;
            double bestScore = -1;
            Map<String, Integer> reasons = new TreeMap<>();
            for (Node node : candidates) {
                String name = node.getMetadata().getName();
                List<String> failures = NodeFitPredicates.failures(pod, node,
                        requested.getOrDefault(name, Map.of()), podCounts.getOrDefault(name, 0));
                if (!failures.isEmpty()) {
                    failures.forEach(r -> reasons.merge(r, 1, Integer::sum));
                    continue;
                }
                double score = leastAllocatedScore(pod, node, requested.getOrDefault(name, Map.of()));
                if (score > bestScore) {
                    best = node;
                    bestScore = score;
                }
            }
            if (best != null) {
                decisions.add(new Bind(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), best.getMetadata().getName()));
                account(requested, podCounts, best.getMetadata().getName(), pod);
            } else {
                decisions.add(new Unschedulable(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        fitErrorMessage(candidates.size(), reasons)));
            }
        }
        return decisions;
    }

    /** kube-scheduler's FitError text; the reason histogram is sorted as strings, as kube-scheduler does. */
    static String fitErrorMessage(int nodeCount, Map<String, Integer> reasons) {
        if (nodeCount == 0) {
            return "no nodes available to schedule pods";
        }
        List<String> histogram = new ArrayList<>();
        reasons.forEach((reason, count) -> histogram.add(count + " " + reason));
        histogram.sort(Comparator.naturalOrder());
        return "0/" + nodeCount + " nodes are available: " + String.join(", ", histogram) + ".";
    }

    /** Mean free fraction of cpu and memory after placing the pod, ×100 (kube-scheduler's LeastAllocated). */
    private static double leastAllocatedScore(Pod pod, Node node, Map<String, BigDecimal> requested) {
        Map<String, BigDecimal> wanted = PodRequests.of(pod);
        double sum = 0;
        int resources = 0;
        for (String resource : List.of("cpu", "memory")) {
            Quantity allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null ? null
                    : node.getStatus().getAllocatable().get(resource);
            if (allocatable == null || allocatable.getNumericalAmount().signum() == 0) {
                continue;
            }
            BigDecimal capacity = allocatable.getNumericalAmount();
            BigDecimal used = requested.getOrDefault(resource, BigDecimal.ZERO).add(wanted.getOrDefault(resource, BigDecimal.ZERO));
            sum += capacity.subtract(used).divide(capacity, MathContext.DECIMAL64).doubleValue() * 100;
            resources++;
        }
        return resources == 0 ? 0 : sum / resources;
    }

    private static void account(Map<String, Map<String, BigDecimal>> requested, Map<String, Integer> podCounts,
                                String node, Pod pod) {
        Map<String, BigDecimal> onNode = requested.computeIfAbsent(node, n -> new HashMap<>());
        PodRequests.of(pod).forEach((k, v) -> onNode.merge(k, v, BigDecimal::add));
        podCounts.merge(node, 1, Integer::sum);
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static String nodeOf(Pod pod, Map<String, String> assumed) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node != null && !node.isEmpty()) {
            return node;
        }
        return assumed.get(key(pod));
    }

    private static boolean isSchedulable(Pod pod) {
        String scheduler = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        boolean gated = pod.getSpec() != null && pod.getSpec().getSchedulingGates() != null
                && !pod.getSpec().getSchedulingGates().isEmpty();
        return (scheduler == null || scheduler.isEmpty() || DEFAULT_SCHEDULER.equals(scheduler))
                && pod.getMetadata().getDeletionTimestamp() == null && !gated;
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static final Comparator<Pod> QUEUE_ORDER = Comparator
            .comparing((Pod p) -> p.getSpec() == null || p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority(),
                    Comparator.reverseOrder())
            .thenComparing(p -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp())
            .thenComparing(SchedulingPass::key);

    private SchedulingPass() {
    }
}
