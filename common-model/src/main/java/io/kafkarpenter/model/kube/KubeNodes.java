package io.kafkarpenter.model.kube;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.Taint;

/**
 * A Node and the pods bound to it as the scheduler's {@link ExistingNode}: labels (with {@code kubernetes.io/hostname}
 * defaulted to the name), taints, allocatable and capacity, whether it finished initialization, and its non-terminal
 * pods. The one conversion the provisioner and the consolidator share. No I/O.
 */
public final class KubeNodes {

    /** Taints of a node that is not ready yet: a managed node carrying one is not initialized. */
    public static final Set<String> NOT_READY_TAINTS = Set.of("node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable", "node.cloudprovider.kubernetes.io/uninitialized", "karpenter.sh/unregistered");

    private KubeNodes() {
    }

    /**
     * @param pods   the pods bound to the node (terminal ones are the caller's to leave out)
     * @param badPod told about a bound pod that cannot be read (it is not counted) and why
     */
    public static ExistingNode existingNode(Node node, List<Pod> pods, BiConsumer<Pod, String> badPod) {
        String name = node.getMetadata().getName();
        Map<String, String> labels = labels(node);
        List<Taint> taints = node.getSpec() == null ? List.of() : EngineInputs.taints(node.getSpec().getTaints());
        String pool = labels.get(Labels.NODEPOOL);
        boolean initialized = pool == null || "true".equals(labels.get(Labels.INITIALIZED))
            || taints.stream().noneMatch(t -> NOT_READY_TAINTS.contains(t.key()));
        List<SchedulingPod> bound = new ArrayList<>();
        for (Pod pod : pods) {
            try {
                bound.add(EngineInputs.pod(PodViews.from(pod)));
            } catch (RuntimeException e) {
                badPod.accept(pod, e.getMessage());
            }
        }
        Map<String, String> capacity = quantities(node.getStatus() == null ? null : node.getStatus().getCapacity());
        ResourceList alloc = EngineInputs.resources(
            quantities(node.getStatus() == null ? null : node.getStatus().getAllocatable()),
            "Node " + name + " status.allocatable");
        ResourceList cap = capacity.isEmpty() ? null
            : EngineInputs.resources(capacity, "Node " + name + " status.capacity");
        return new ExistingNode(name, pool, labels, taints, alloc, cap, initialized, bound);
    }

    /** The node's labels, {@code kubernetes.io/hostname} defaulted to its name. */
    public static Map<String, String> labels(Node node) {
        Map<String, String> labels = new LinkedHashMap<>(node.getMetadata().getLabels() == null ? Map.of()
            : node.getMetadata().getLabels());
        labels.putIfAbsent(Labels.HOSTNAME, node.getMetadata().getName());
        return labels;
    }

    /** Quantities as text ({@code "4"}, {@code "16Gi"}); empty for null. */
    public static Map<String, String> quantities(Map<String, Quantity> map) {
        Map<String, String> out = new HashMap<>();
        if (map != null) {
            map.forEach((k, q) -> out.put(k, q.toString()));
        }
        return out;
    }

    /** Whether a pod is terminal (Succeeded or Failed): it takes no room. */
    public static boolean terminal(Pod pod) {
        return pod.getStatus() != null && ("Succeeded".equals(pod.getStatus().getPhase())
            || "Failed".equals(pod.getStatus().getPhase()));
    }
}
