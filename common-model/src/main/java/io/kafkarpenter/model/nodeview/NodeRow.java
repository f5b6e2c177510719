package io.kafkarpenter.model.nodeview;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One node of the view. A NodeClaim whose Node has not registered yet is a row too (node null, NotReady, allocatable
 * from the NodeClaim's status); a Node that Karpenter did not launch has no NodeClaim (nodeClaim null).
 *
 * @param name                   the Node's name, or the NodeClaim's while it has no Node
 * @param node                   the Node's name, null while unregistered
 * @param nodeClaim              the NodeClaim's name, null for a Node without NodeClaim
 * @param nodePool               {@code karpenter.sh/nodepool}, null when not set
 * @param instanceType           {@code node.kubernetes.io/instance-type}, null when not set
 * @param capacityType           {@code karpenter.sh/capacity-type} (or EKS managed node groups' label, lower-cased
 *                               to on-demand / spot), null when not set
 * @param zone                   {@code topology.kubernetes.io/zone}, null when not set
 * @param createdAt              the Node's creation time (the NodeClaim's while unregistered), null when unknown
 * @param age                    from createdAt to the view's time, null when unknown
 * @param pricePerHour           USD per hour, 0 when not priced
 * @param priced                 whether the instance type has a price
 * @param cpuRequestedMilli      effective cpu requests of the non-terminal pods bound to the node, in millicores
 * @param cpuAllocatableMilli    the Node's (else the NodeClaim's) allocatable cpu, in millicores
 * @param memoryRequestedBytes   effective memory requests of those pods, in bytes
 * @param memoryAllocatableBytes allocatable memory, in bytes
 * @param pods                   the non-terminal pods bound to the node
 * @param status                 its flags, never empty (Ready or NotReady at least)
 * @param imageId                the NodeClaim's {@code status.imageID} (AMI), null when unknown
 * @param initialized            the NodeClaim's {@code Initialized} condition is True (a Node without NodeClaim:
 *                               its Ready condition)
 */
public record NodeRow(String name, String node, String nodeClaim, String nodePool, String instanceType,
                      String capacityType, String zone, Instant createdAt, Duration age, double pricePerHour,
                      boolean priced, long cpuRequestedMilli, long cpuAllocatableMilli, long memoryRequestedBytes,
                      long memoryAllocatableBytes, int pods, Set<NodeStatus> status, String imageId,
                      boolean initialized) {

    public NodeRow {
        status = Set.copyOf(status);
    }

    public boolean has(NodeStatus flag) {
        return status.contains(flag);
    }

    /** Requested / allocatable cpu, 0 without allocatable (may exceed 1 when over-committed). */
    public double cpuFraction() {
        return fraction(cpuRequestedMilli, cpuAllocatableMilli);
    }

    /** Requested / allocatable memory, 0 without allocatable. */
    public double memoryFraction() {
        return fraction(memoryRequestedBytes, memoryAllocatableBytes);
    }

    static double fraction(long requested, long allocatable) {
        return allocatable <= 0 ? 0 : (double) requested / allocatable;
    }
}
