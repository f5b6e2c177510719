package io.kafkarpenter.sandbox.kube.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.kube.PodViews;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.NodeFit;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.scheduling.Taint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One deterministic scheduling pass over a snapshot of pods and nodes, without I/O.
 *
 * <p>Pending pods (no nodeName, default scheduler, not terminating, not terminal, no scheduling gates) are taken
 * in kube-scheduler's queue order: priority descending, then creation time, then namespace/name. Whether a pod fits
 * a node is common-model's {@link NodeFit}: the predicates the provisioning scheduler uses for existing nodes
 * (taints, node selector / required node affinity, host ports, resources counting the pods already on the node and
 * those this pass placed before, volume topology, topology spread, pod affinity and anti-affinity), in
 * kube-scheduler's filter order. Among fitting nodes the least allocated one wins (kube-scheduler's default
 * NodeResourcesFit scoring), ties by node name. A pod that fits nowhere gets kube-scheduler's FitError message,
 * {@code 0/N nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}.}
 */
public final class SchedulingPass {

    public static final String DEFAULT_SCHEDULER = "default-scheduler";
    static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

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
        Map<String, Node> nodesByName = new TreeMap<>();
        nodes.forEach(n -> nodesByName.put(n.getMetadata().getName(), n));
        Map<String, List<SchedulingPod>> bound = new HashMap<>();
        Map<Pod, SchedulingPod> pending = new IdentityHashMap<>();
        List<Decision> decisions = new ArrayList<>();
        for (Pod pod : pods) {
            if (isTerminal(pod)) {
                continue;
            }
            String node = nodeOf(pod, assumed);
            if (node == null && !isSchedulable(pod)) {
                continue;
            }
            SchedulingPod view;
            try {
                view = schedulingPod(pod);
            } catch (RuntimeException e) {
                if (node == null) { // the API server would have refused it; say why instead of retrying forever
                    decisions.add(new Unschedulable(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                            "invalid pod: " + e.getMessage()));
                }
                continue;
            }
            if (node != null) {
                bound.computeIfAbsent(node, k -> new ArrayList<>()).add(view);
            } else {
                pending.put(pod, view);
            }
        }
        List<Pod> queue = new ArrayList<>(pending.keySet());
        queue.sort(QUEUE_ORDER);
        List<ExistingNode> existing = new ArrayList<>();
        nodesByName.forEach((name, n) -> existing.add(existingNode(n, bound.getOrDefault(name, List.of()))));
        NodeFit fit = new NodeFit(existing);

        for (Pod pod : queue) {
            SchedulingPod view = pending.get(pod);
            String best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            Map<String, Integer> reasons = new TreeMap<>();
            for (Map.Entry<String, Optional<NodeFit.Misfit>> outcome : fit.checkAll(view).entrySet()) {
                String name = outcome.getKey();
                if (outcome.getValue().isPresent()) {
                    kubeSchedulerReasons(outcome.getValue().get(), nodesByName.get(name))
                            .forEach(r -> reasons.merge(r, 1, Integer::sum));
                    continue;
                }
                double score = leastAllocatedScore(view, fit.allocatable(name), fit.free(name));
                if (score > bestScore) {
                    best = name;
                    bestScore = score;
                }
            }
            if (best != null) {
                decisions.add(new Bind(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), best));
                fit.place(view, best);
            } else {
                decisions.add(new Unschedulable(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        fitErrorMessage(nodesByName.size(), reasons)));
            }
        }
        return decisions;
    }

    /**
     * kube-scheduler's wording of a misfit (its filter plugins' failure reasons): NodeResourcesFit gives one reason
     * per resource short ("Too many pods" for the pod count), the other plugins one each.
     */
    static List<String> kubeSchedulerReasons(NodeFit.Misfit misfit, Node node) {
        return switch (misfit.predicate()) {
            case UNTOLERATED_TAINT -> List.of(UNSCHEDULABLE_TAINT.equals(misfit.taint().key()) && isCordoned(node)
                    ? "node(s) were unschedulable"
                    : "node(s) had untolerated taint {" + misfit.taint().key() + ": " + misfit.taint().value() + "}");
            case NODE_AFFINITY -> List.of("node(s) didn't match Pod's node affinity/selector");
            case HOST_PORTS -> List.of("node(s) didn't have free ports for the requested pod ports");
            case RESOURCES -> misfit.insufficientResources().stream()
                    .map(r -> "pods".equals(r) ? "Too many pods" : "Insufficient " + r).toList();
            case VOLUME_TOPOLOGY -> List.of("node(s) had volume node affinity conflict");
            case TOPOLOGY_SPREAD -> List.of("node(s) didn't match pod topology spread constraints");
            case POD_AFFINITY -> List.of("node(s) didn't match pod affinity rules");
            case POD_ANTI_AFFINITY -> List.of("node(s) didn't match pod anti-affinity rules");
            case EXISTING_PODS_ANTI_AFFINITY -> List.of("node(s) didn't satisfy existing pods anti-affinity rules");
        };
    }

    /**
     * The engine's view of a Node: labels, taints ({@code spec.unschedulable} as the
     * {@code node.kubernetes.io/unschedulable:NoSchedule} taint Kubernetes adds to cordoned nodes), allocatable, and
     * the pods bound to it.
     */
    static ExistingNode existingNode(Node node, List<SchedulingPod> pods) {
        List<Taint> taints = new ArrayList<>();
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            node.getSpec().getTaints().forEach(t -> taints.add(new Taint(t.getKey(), t.getValue(), t.getEffect())));
        }
        if (isCordoned(node) && taints.stream().noneMatch(t -> UNSCHEDULABLE_TAINT.equals(t.key()))) {
            taints.add(new Taint(UNSCHEDULABLE_TAINT, null, Taint.NO_SCHEDULE));
        }
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                ? Map.of() : node.getStatus().getAllocatable();
        Map<String, String> text = new TreeMap<>();
        allocatable.forEach((k, q) -> text.put(k, q.getAmount() + (q.getFormat() == null ? "" : q.getFormat())));
        return new ExistingNode(node.getMetadata().getName(), null, node.getMetadata().getLabels(), taints,
                ResourceList.parse(text), null, true, pods);
    }

    /**
     * The engine's view of a pod, through common-model's own adapter. Pods made without an API server (tests) may
     * lack the uid and creationTimestamp the adapter requires: defaults stand in.
     */
    static SchedulingPod schedulingPod(Pod pod) {
        Pod complete = pod;
        if (pod.getMetadata().getUid() == null || pod.getMetadata().getCreationTimestamp() == null) {
            complete = new PodBuilder(pod).editMetadata()
                    .withUid(pod.getMetadata().getUid() != null ? pod.getMetadata().getUid() : key(pod))
                    .withCreationTimestamp(pod.getMetadata().getCreationTimestamp() != null
                            ? pod.getMetadata().getCreationTimestamp() : "1970-01-01T00:00:00Z")
                    .endMetadata().build();
        }
        return EngineInputs.pod(PodViews.from(complete));
    }

    private static boolean isCordoned(Node node) {
        return node != null && node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
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
    private static double leastAllocatedScore(SchedulingPod pod, ResourceList allocatable, ResourceList free) {
        double sum = 0;
        int resources = 0;
        for (String resource : List.of("cpu", "memory")) {
            long capacity = allocatable.milli(resource);
            if (capacity <= 0) {
                continue;
            }
            sum += (double) (free.milli(resource) - pod.requests().milli(resource)) / capacity * 100;
            resources++;
        }
        return resources == 0 ? 0 : sum / resources;
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
