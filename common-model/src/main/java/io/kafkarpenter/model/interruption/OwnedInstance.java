package io.kafkarpenter.model.interruption;

import io.kafkarpenter.model.kubeevent.InvolvedObject;

import java.util.Objects;

/**
 * An EC2 instance this cluster owns: the NodeClaim whose {@code status.providerID} names it (Karpenter matches
 * interruption messages by that id), with what the decision needs from its labels and its Node.
 *
 * @param instanceType {@code node.kubernetes.io/instance-type} of the NodeClaim; null when not labelled yet
 * @param zone         {@code topology.kubernetes.io/zone}; null when not labelled yet
 * @param capacityType {@code karpenter.sh/capacity-type}; null when not labelled yet
 * @param node         the Node's name, null before registration
 * @param deleting     the NodeClaim already has a deletionTimestamp (the termination flow runs; nothing to start)
 */
public record OwnedInstance(String instanceId, String nodeClaim, String nodeClaimUid, String nodePool,
                            String instanceType, String zone, String capacityType, String node, String nodeUid,
                            boolean deleting) {

    public OwnedInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(nodeClaim, "nodeClaim");
    }

    public InvolvedObject nodeClaimObject() {
        return InvolvedObject.nodeClaim(nodeClaim, nodeClaimUid);
    }

    /** The Node as an event target, or null before registration. */
    public InvolvedObject nodeObject() {
        return node == null ? null : InvolvedObject.node(node, nodeUid);
    }

    /** The same instance, its NodeClaim now being deleted. */
    public OwnedInstance markedDeleting() {
        return new OwnedInstance(instanceId, nodeClaim, nodeClaimUid, nodePool, instanceType, zone, capacityType, node,
                nodeUid, true);
    }
}
