package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.scheduling.ClusterSimulation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Drift (karpenter-core reference §5.6): drifted nodes, oldest first, within the NodePool budget for reason
 * Drifted. All empty ones go in one delete; otherwise the first node whose pods all reschedule (onto other nodes
 * and any number of new NodeClaims, at any price) is replaced or deleted, and drift stops there. A NodePool with a
 * terminationGracePeriod drifts nodes whatever their pods say (do-not-disrupt, PDBs).
 */
final class Drift {

    private Drift() {
    }

    static List<DisruptionCommand> run(DisruptionPass pass) {
        List<Candidate> drifted = new ArrayList<>();
        for (Candidate c : pass.candidates) {
            if (c.driftReason == null || c.nodeBlock != null) {
                continue;
            }
            if (c.podBlock != null && c.policy.terminationGracePeriod() == null) {
                pass.note(c, c.podBlock);
                continue;
            }
            drifted.add(c);
        }
        drifted.sort(Comparator.comparing((Candidate c) -> c.node.createdAt(),
                Comparator.nullsLast(Comparator.<Instant>naturalOrder())).thenComparing(Candidate::name));
        BudgetTracker budgets = pass.budgets(DisruptionMethod.DRIFT.budgetReason());
        List<Candidate> empty = new ArrayList<>();
        List<Candidate> nonEmpty = new ArrayList<>();
        for (Candidate c : drifted) {
            if (budgets.remaining(c.pool()) <= 0) {
                pass.note(c, Reason.BUDGET_EXHAUSTED.format(c.pool(), DisruptionMethod.DRIFT.budgetReason()));
                continue;
            }
            if (c.empty()) {
                budgets.take(c.pool());
                empty.add(c);
            } else {
                nonEmpty.add(c);
            }
        }
        if (!empty.isEmpty()) {
            return List.of(pass.command(DisruptionMethod.DRIFT, empty, List.of(), reasons(empty)));
        }
        for (Candidate c : nonEmpty) {
            int before = pass.sim.checkpoint();
            ClusterSimulation.Outcome outcome = pass.remove(List.of(c), false, Integer.MAX_VALUE);
            if (outcome.allPlaced()) {
                DisruptionCommand cmd = pass.command(DisruptionMethod.DRIFT, List.of(c), pass.sim.newClaims(),
                        c.driftReason);
                pass.sim.rollback(before);
                return List.of(cmd);
            }
            pass.note(c, DisruptionPass.wouldNotSchedule(outcome.failures()));
            pass.sim.rollback(before);
        }
        return List.of();
    }

    private static String reasons(List<Candidate> nodes) {
        List<String> out = new ArrayList<>();
        for (Candidate c : nodes) {
            if (!out.contains(c.driftReason)) {
                out.add(c.driftReason);
            }
        }
        return String.join(", ", out);
    }
}
