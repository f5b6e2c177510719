package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.scheduling.ClusterSimulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-node consolidation (karpenter-core reference §5.9): candidates in savings-ratio order, interleaved
 * round-robin across NodePools; the first whose removal makes a command (delete, or replace by one strictly cheaper
 * NodeClaim) wins. Every candidate is tried: there is no timeout.
 */
final class SingleNodeConsolidation {

    private SingleNodeConsolidation() {
    }

    static List<DisruptionCommand> run(DisruptionPass pass, List<Candidate> candidates) {
        BudgetTracker budgets = pass.budgets(DisruptionMethod.SINGLE_NODE_CONSOLIDATION.budgetReason());
        for (Candidate c : interleaved(candidates)) {
            if (budgets.remaining(c.pool()) <= 0) {
                pass.note(c, Reason.BUDGET_EXHAUSTED.format(c.pool(),
                        DisruptionMethod.SINGLE_NODE_CONSOLIDATION.budgetReason()));
                continue;
            }
            int before = pass.sim.checkpoint();
            List<Candidate> one = List.of(c);
            ClusterSimulation.Outcome outcome = pass.remove(one, true, Integer.MAX_VALUE);
            Consolidation.Verdict v = Consolidation.judge(pass, one, outcome, c.price, true);
            if (v.ok()) {
                DisruptionCommand cmd = pass.command(DisruptionMethod.SINGLE_NODE_CONSOLIDATION, one,
                        v.replacement() == null ? List.of() : List.of(v.replacement()),
                        v.replacement() == null ? "its pods fit on other nodes" : "a cheaper node can take its pods");
                pass.sim.rollback(before);
                return List.of(cmd);
            }
            pass.note(c, v.failure());
            pass.sim.rollback(before);
        }
        return List.of();
    }

    /** Round-robin over NodePools, each pool's candidates in their order; pools in order of first appearance. */
    static List<Candidate> interleaved(List<Candidate> candidates) {
        Map<String, List<Candidate>> byPool = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            byPool.computeIfAbsent(c.pool(), k -> new ArrayList<>()).add(c);
        }
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; out.size() < candidates.size(); i++) {
            for (List<Candidate> pool : byPool.values()) {
                if (i < pool.size()) {
                    out.add(pool.get(i));
                }
            }
        }
        return out;
    }
}
