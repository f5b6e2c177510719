package io.kafkarpenter.model.kube;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.disruption.BoundPod;
import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.Taint;

/**
 * A Node with its NodeClaim and bound pods as the disruption planner's {@link ClusterNode} (the consolidator's one
 * conversion; {@code kk simulate} reads the same facts from a scenario file):
 * <ul>
 *   <li>labels, taints, allocatable and capacity from the Node ({@link KubeNodes#existingNode}); a NodeClaim whose
 *       Node has not registered yet contributes its own labels and {@code status.allocatable} (and is not
 *       initialized);</li>
 *   <li>initialized: the NodeClaim's {@code Initialized} condition, or the Node's {@code karpenter.sh/initialized}
 *       label; without a NodeClaim, the Node's readiness taints decide;</li>
 *   <li>createdAt: the NodeClaim's creation time (expiry counts from it), else the Node's;</li>
 *   <li>annotations: the Node's, then the NodeClaim's (do-not-disrupt, NodePool and EC2NodeClass hashes);</li>
 *   <li>deleting (the consolidator↔launcher contract, point 4): a deletion timestamp on either, the launcher's
 *       {@code kafkarpenter.io/termination-reason} on the NodeClaim, the {@code karpenter.sh/disrupted} taint on the
 *       Node, or {@code disruptingAlready} (a command the caller emitted that the launcher has not recorded yet);</li>
 *   <li>instance: the NodeClaim's {@code status.imageID} (AMI drift);</li>
 *   <li>pods: the non-terminal pods bound to the Node with their disruption facts ({@link DisruptionInputs#boundPod}).</li>
 * </ul>
 * No I/O.
 */
public final class ClusterNodes {

    private ClusterNodes() {
    }

    /**
     * @param node              the Node, or null when the NodeClaim has not registered one yet
     * @param claim             its NodeClaim, or null for a Node Karpenter did not launch (or whose NodeClaim is gone)
     * @param pods              pods bound to the Node
     * @param disruptingAlready the caller already asked for this node's disruption
     * @param badPod            told about a bound pod that cannot be read (it is left out) and why
     * @return null when neither object gives enough to place pods on (a NodeClaim without Node and without
     *         {@code status.allocatable})
     */
    public static ClusterNode clusterNode(Node node, NodeClaim claim, List<Pod> pods, boolean disruptingAlready,
                                          BiConsumer<Pod, String> badPod) {
        if (node == null && claim == null) {
            throw new IllegalArgumentException("a Node or a NodeClaim is needed");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (node != null && node.getMetadata().getAnnotations() != null) {
            annotations.putAll(node.getMetadata().getAnnotations());
        }
        if (claim != null && claim.getMetadata().getAnnotations() != null) {
            annotations.putAll(claim.getMetadata().getAnnotations());
        }
        boolean deleting = disruptingAlready || deleting(node, claim);
        Instant createdAt = creationTime(claim != null ? claim : node);
        ClusterNode.Instance instance = claim != null && claim.getStatus() != null
            && claim.getStatus().getImageID() != null
            ? new ClusterNode.Instance(claim.getStatus().getImageID(), null, null) : null;
        boolean claimInitialized = claim != null && NodeClaimConditions.isTrue(claim, NodeClaimConditions.INITIALIZED);

        if (node == null) {
            Map<String, String> labels = new LinkedHashMap<>(claim.getMetadata().getLabels() == null ? Map.of()
                : claim.getMetadata().getLabels());
            Map<String, String> alloc = KubeNodes.quantities(claim.getStatus() == null ? null
                : claim.getStatus().getAllocatable());
            if (alloc.isEmpty()) {
                return null;
            }
            String name = claim.getMetadata().getName();
            ResourceList allocatable = EngineInputs.resources(alloc, "NodeClaim " + name + " status.allocatable");
            List<Taint> taints = claim.getSpec() == null ? List.of() : EngineInputs.taints(claim.getSpec().getTaints());
            return new ClusterNode(name, labels.get(Labels.NODEPOOL), labels, taints, allocatable, null, false,
                createdAt, annotations, deleting, null, instance, List.of());
        }

        List<Pod> live = pods.stream().filter(p -> !KubeNodes.terminal(p)).toList();
        ExistingNode e = KubeNodes.existingNode(node, List.of(), badPod);
        List<BoundPod> bound = new ArrayList<>();
        for (Pod pod : live) {
            try {
                SchedulingPod scheduling = EngineInputs.pod(PodViews.from(pod));
                bound.add(DisruptionInputs.boundPod(pod, scheduling, pod.getMetadata().getCreationTimestamp() != null));
            } catch (RuntimeException ex) {
                badPod.accept(pod, ex.getMessage());
            }
        }
        Map<String, String> labels = new LinkedHashMap<>(e.labels());
        String pool = e.nodePool();
        if (pool == null && claim != null && claim.getMetadata().getLabels() != null) {
            pool = claim.getMetadata().getLabels().get(Labels.NODEPOOL);
        }
        boolean initialized = claim != null
            ? claimInitialized || "true".equals(labels.get(Labels.INITIALIZED))
            : e.initialized();
        if (initialized && pool != null) {
            labels.putIfAbsent(Labels.INITIALIZED, "true");
        }
        return new ClusterNode(e.name(), pool, labels, e.taints(), e.allocatable(), e.capacity(), initialized,
            createdAt, annotations, deleting, null, instance, bound);
    }

    /**
     * Whether the node is on its way out (the consolidator↔launcher contract, point 4): a deletion timestamp on the
     * Node or the NodeClaim, the launcher's {@code kafkarpenter.io/termination-reason} on the NodeClaim, or the
     * {@code karpenter.sh/disrupted} taint on the Node. Either argument may be null.
     */
    public static boolean deleting(Node node, NodeClaim claim) {
        return deleted(node) || deleted(claim)
            || (claim != null && claim.getMetadata().getAnnotations() != null
                && claim.getMetadata().getAnnotations().containsKey(DisruptionKeys.TERMINATION_REASON))
            || (node != null && node.getSpec() != null && node.getSpec().getTaints() != null
                && node.getSpec().getTaints().stream().anyMatch(t -> DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey())));
    }

    private static boolean deleted(HasMetadata obj) {
        return obj != null && obj.getMetadata().getDeletionTimestamp() != null;
    }

    /**
     * {@code metadata.creationTimestamp} of {@code obj}, or null when it has none.
     *
     * @throws IllegalArgumentException naming the object and field when it is not an RFC 3339 timestamp
     */
    public static Instant creationTime(HasMetadata obj) {
        String value = obj.getMetadata().getCreationTimestamp();
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(obj.getKind() + " " + obj.getMetadata().getName()
                + " metadata.creationTimestamp: not an RFC 3339 timestamp: " + value, e);
        }
    }
}
