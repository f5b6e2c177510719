package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.scheduling.PlannedNodeClaim;
import io.kafkarpenter.model.scheduling.PodFailure;

import java.util.List;
import java.util.Map;

/**
 * What one pass of the disruption loop decides now: the commands of the first method that acts (emptiness, drift,
 * multi-node, then single-node consolidation) plus every expiration; why each other managed node stays; and where
 * the pods that need a node anyway go (pending pods and pods of deleting or expired nodes), which is the
 * provisioner's part of the same instant.
 *
 * @param provisioning  claims the provisioner would open for those pods
 * @param placements    where those pods go ({@code namespace/name} to node or claim name)
 * @param stillPending  those that fit nowhere
 * @param actingMethod  the loop method whose commands these are; null when none acted
 */
public record DisruptionPlan(List<DisruptionCommand> commands, List<NodeVerdict> notDisrupted,
        List<PlannedNodeClaim> provisioning, Map<String, String> placements, List<PodFailure> stillPending,
        DisruptionMethod actingMethod) {

    public DisruptionPlan {
        commands = List.copyOf(commands);
        notDisrupted = List.copyOf(notDisrupted);
        provisioning = List.copyOf(provisioning);
        placements = Map.copyOf(placements);
        stillPending = List.copyOf(stillPending);
    }
}
