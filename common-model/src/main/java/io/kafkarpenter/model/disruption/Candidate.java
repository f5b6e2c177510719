package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;

import java.util.List;

/**
 * A managed node this pass considers, with the facts every method reads (karpenter-core reference §5.2): its
 * price, the pods that would have to move, its disruption cost, and what stops it (node-level, pod-level,
 * consolidation-level), computed once.
 */
final class Candidate {

    final ClusterNode node;
    /** Null when its NodePool does not exist. */
    final DisruptionPolicy policy;
    /** Null when its NodePool cannot launch (static, not ready, gone). */
    final NodePoolTemplate template;
    final double price;
    /** Active pods that are neither DaemonSet nor mirror pods. */
    final List<BoundPod> reschedulable;
    /** 1 + Σ max(0, eviction cost) over the reschedulable pods. */
    final double rescheduleCost;
    /** Blocks every voluntary method: NodePool, initialization, nomination, the node's do-not-disrupt. */
    ReasonMessage nodeBlock;
    /** Blocks through its pods: do-not-disrupt in force, or a PodDisruptionBudget (drift ignores it with a TGP). */
    ReasonMessage podBlock;
    /** Blocks emptiness and consolidation: consolidateAfter Never or not yet elapsed. */
    ReasonMessage consolidatableBlock;
    /** Blocks consolidation of a non-empty node: policy WhenEmpty, labels missing. */
    ReasonMessage underutilizedBlock;
    /** Karpenter's drift reason, null when not drifted. */
    String driftReason;

    Candidate(ClusterNode node, DisruptionPolicy policy, NodePoolTemplate template, double price,
            List<BoundPod> reschedulable, double rescheduleCost) {
        this.node = node;
        this.policy = policy;
        this.template = template;
        this.price = price;
        this.reschedulable = reschedulable;
        this.rescheduleCost = rescheduleCost;
    }

    String name() {
        return node.name();
    }

    String pool() {
        return node.nodePool();
    }

    boolean empty() {
        return reschedulable.isEmpty();
    }

    /** Karpenter's consolidation order key: price per unit of disruption (v1.14 SavingsRatio). */
    double savingsRatio() {
        return price / rescheduleCost;
    }

    /** Not stopped by the node or its pods. */
    boolean disruptable() {
        return nodeBlock == null && podBlock == null;
    }

    boolean spot() {
        return Labels.CAPACITY_TYPE_SPOT.equals(node.capacityType());
    }

    /** The first block for emptiness, or null. */
    ReasonMessage emptinessBlock() {
        if (nodeBlock != null) {
            return nodeBlock;
        }
        return podBlock != null ? podBlock : consolidatableBlock;
    }

    /** The first block for consolidation of a non-empty node, or null. */
    ReasonMessage consolidationBlock() {
        ReasonMessage b = emptinessBlock();
        return b != null ? b : underutilizedBlock;
    }
}
