package io.kafkarpenter.model.disruption;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many more nodes each NodePool may have disrupting for one reason (karpenter-core reference §5.3): the minimum
 * over its active budgets for that reason (a percentage of its initialized nodes, rounded up), minus the nodes
 * already disrupting (being deleted, or expired in this pass). A method takes from it as it picks candidates.
 */
final class BudgetTracker {

    private final Map<String, Integer> remaining = new HashMap<>();
    private final Map<String, Integer> allowed = new HashMap<>();
    private final Map<String, Integer> consuming = new HashMap<>();

    /**
     * @param reason     Empty, Drifted or Underutilized
     * @param disrupting names of nodes already on their way out
     */
    BudgetTracker(String reason, Map<String, DisruptionPolicy> policies, List<ClusterNode> nodes,
            Set<String> disrupting, Instant now) {
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> busy = new HashMap<>();
        for (ClusterNode n : nodes) {
            if (!n.managed() || !n.initialized()) {
                continue;
            }
            total.merge(n.nodePool(), 1, Integer::sum);
            if (n.deleting() || disrupting.contains(n.name())) {
                busy.merge(n.nodePool(), 1, Integer::sum);
            }
        }
        for (DisruptionPolicy p : policies.values()) {
            int count = total.getOrDefault(p.nodePool(), 0);
            int min = DisruptionBudget.limiting(p.budgets(), reason, count, now)
                .map(b -> b.allowed(count, now)).orElse(Integer.MAX_VALUE);
            allowed.put(p.nodePool(), min);
            consuming.put(p.nodePool(), busy.getOrDefault(p.nodePool(), 0));
            remaining.put(p.nodePool(), Math.max(0, min - busy.getOrDefault(p.nodePool(), 0)));
        }
    }

    int remaining(String pool) {
        return remaining.getOrDefault(pool, 0);
    }

    /** Nodes of the pool already disrupting, counted against its budget. */
    int consuming(String pool) {
        return consuming.getOrDefault(pool, 0);
    }

    /** The budget before subtracting nodes already disrupting (for messages). */
    int allowed(String pool) {
        return allowed.getOrDefault(pool, 0);
    }

    void take(String pool) {
        remaining.merge(pool, -1, Integer::sum);
    }
}
