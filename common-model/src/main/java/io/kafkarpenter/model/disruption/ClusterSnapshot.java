package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.SchedulingPod;

import java.time.Instant;
import java.util.List;

/**
 * The cluster at one instant, everything a disruption pass reads.
 *
 * @param nodePools     the NodePools that may launch nodes (ready, dynamic), as the scheduler needs them, each with
 *                      the instance types its EC2NodeClass resolves to (offerings, prices, availability)
 * @param policies      every NodePool's disruption settings (static ones included)
 * @param nodes         nodes and in-flight NodeClaims with the pods bound to them
 * @param pendingPods   pods waiting for a node (they are placed before anything moves, as the provisioner would)
 * @param daemonSets    one pod per DaemonSet (from its template), with its tolerations
 * @param instanceTypes instance types known beyond the NodePools' (prices of nodes whose NodePool no longer exists);
 *                      may be empty
 */
public record ClusterSnapshot(Instant now, List<NodePoolTemplate> nodePools, List<DisruptionPolicy> policies,
        List<ClusterNode> nodes, List<SchedulingPod> pendingPods, List<SchedulingPod> daemonSets,
        List<PodDisruptionBudget> pdbs, List<NodeClassState> nodeClasses, List<InstanceType> instanceTypes,
        PlannerSettings settings) {

    public ClusterSnapshot {
        nodePools = List.copyOf(nodePools);
        policies = List.copyOf(policies);
        nodes = List.copyOf(nodes);
        pendingPods = pendingPods == null ? List.of() : List.copyOf(pendingPods);
        daemonSets = daemonSets == null ? List.of() : List.copyOf(daemonSets);
        pdbs = pdbs == null ? List.of() : List.copyOf(pdbs);
        nodeClasses = nodeClasses == null ? List.of() : List.copyOf(nodeClasses);
        instanceTypes = instanceTypes == null ? List.of() : List.copyOf(instanceTypes);
        settings = settings == null ? PlannerSettings.DEFAULT : settings;
    }

    /** The same cluster at a later instant with other nodes (a later state for validation, a test's variation). */
    public ClusterSnapshot withNodes(Instant at, List<ClusterNode> otherNodes) {
        return new ClusterSnapshot(at, nodePools, policies, otherNodes, pendingPods, daemonSets, pdbs, nodeClasses,
                instanceTypes, settings);
    }
}
