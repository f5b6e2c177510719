package io.kafkarpenter.model.disruption;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.kafkarpenter.model.scheduling.NodePoolTemplate;

/**
 * The per-node facts behind the NodeClaim conditions users know, computed exactly as a pass computes them, for the
 * consolidator that writes {@code Consolidatable} and {@code Drifted} (karpenter-core §5.2, §5.6).
 */
public final class DisruptionFacts {

    private DisruptionFacts() {
    }

    /** Karpenter's drift reason (NodePoolDrifted, RequirementsDrifted, AMIDrift, ...), or null when not drifted. */
    public static String driftReason(ClusterNode node, DisruptionPolicy policy, NodePoolTemplate template,
                                     NodeClassState nodeClass, Instant now) {
        return policy == null ? null : DriftDetector.driftReason(node, policy, template, nodeClass, now);
    }

    /** consolidateAfter is not Never and has elapsed since the node's last pod event (or its creation). */
    public static boolean consolidatable(ClusterNode node, DisruptionPolicy policy, Instant now) {
        if (policy == null || policy.consolidateAfter() == null) {
            return false;
        }
        Instant last = PodRules.lastPodEvent(node);
        return last == null || !last.plus(policy.consolidateAfter()).isAfter(now);
    }

    /**
     * Karpenter's {@code karpenter_nodepools_allowed_disruptions}: per NodePool, how many more nodes may be disrupted
     * now for {@code reason} (Empty, Drifted, Underutilized), nodes already being deleted subtracted.
     */
    public static Map<String, Integer> allowedDisruptions(ClusterSnapshot snapshot, String reason) {
        Map<String, DisruptionPolicy> policies = new HashMap<>();
        snapshot.policies().forEach(p -> policies.put(p.nodePool(), p));
        BudgetTracker budgets = new BudgetTracker(reason, policies, snapshot.nodes(), Set.of(), snapshot.now());
        Map<String, Integer> out = new LinkedHashMap<>();
        snapshot.policies().forEach(p -> out.put(p.nodePool(), budgets.remaining(p.nodePool())));
        return out;
    }

    /**
     * Karpenter's {@code karpenter_nodepools_nodes_consuming_budgets}: per NodePool, the nodes counted against its
     * budget for {@code reason} (initialized nodes being deleted; Karpenter also counts NotReady ones).
     */
    public static Map<String, Integer> nodesConsumingBudgets(ClusterSnapshot snapshot, String reason) {
        Map<String, DisruptionPolicy> policies = new HashMap<>();
        snapshot.policies().forEach(p -> policies.put(p.nodePool(), p));
        BudgetTracker budgets = new BudgetTracker(reason, policies, snapshot.nodes(), Set.of(), snapshot.now());
        Map<String, Integer> out = new LinkedHashMap<>();
        snapshot.policies().forEach(p -> out.put(p.nodePool(), budgets.consuming(p.nodePool())));
        return out;
    }
}
