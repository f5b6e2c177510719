package io.kafkarpenter.model.scheduling;

import java.util.List;

/** The outcome of one solve: new NodeClaims, pods placed on existing nodes, and pods that stay pending. */
public record SchedulingResult(List<PlannedNodeClaim> nodeClaims, List<Placement> existingNodes,
        List<PodFailure> unschedulable) {

    /** Pending pods placed on an existing node (or in-flight NodeClaim). */
    public record Placement(String node, List<SchedulingPod> pods) {
    }

    public double costPerHour() {
        double sum = 0;
        for (PlannedNodeClaim c : nodeClaims) {
            sum += c.offering().price();
        }
        return sum;
    }
}
