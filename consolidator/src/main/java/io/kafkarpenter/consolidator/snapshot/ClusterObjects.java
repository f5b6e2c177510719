package io.kafkarpenter.consolidator.snapshot;

import java.util.List;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;

/** The Kubernetes and Karpenter objects a disruption pass reads, as the informers hold them at one instant. */
public record ClusterObjects(List<NodePool> nodePools, List<EC2NodeClass> nodeClasses, List<NodeClaim> nodeClaims,
                             List<Node> nodes, List<Pod> pods, List<DaemonSet> daemonSets,
                             List<PodDisruptionBudget> pdbs) {

    public ClusterObjects {
        nodePools = List.copyOf(nodePools);
        nodeClasses = List.copyOf(nodeClasses);
        nodeClaims = List.copyOf(nodeClaims);
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        daemonSets = List.copyOf(daemonSets);
        pdbs = List.copyOf(pdbs);
    }
}
