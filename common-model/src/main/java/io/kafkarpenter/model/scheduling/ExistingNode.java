package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.resources.ResourceList;

import java.util.List;
import java.util.Map;

/**
 * A node already in the cluster, or an in-flight NodeClaim (not yet initialized), with the pods bound to it.
 *
 * @param nodePool    the owning NodePool, or null for unmanaged nodes
 * @param capacity    capacity (for NodePool limits); null = use allocatable
 * @param initialized false for in-flight NodeClaims (initialized nodes are tried first)
 */
public record ExistingNode(String name, String nodePool, Map<String, String> labels, List<Taint> taints,
        ResourceList allocatable, ResourceList capacity, boolean initialized, List<SchedulingPod> pods) {

    public ExistingNode {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
        pods = pods == null ? List.of() : List.copyOf(pods);
    }
}
