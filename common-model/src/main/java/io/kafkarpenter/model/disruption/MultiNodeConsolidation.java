package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.scheduling.ClusterSimulation;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-node consolidation: the largest set of candidates that can go at once, as one command that deletes them or
 * replaces them with one cheaper NodeClaim (karpenter-core reference §5.8 for the rules; the search is ours, see
 * DESIGN.md). Every candidate is considered; the budgets bound the command.
 *
 * <ol>
 *   <li>Deletions: in savings-ratio order (emptiest and dearest first), remove a node if all its pods (including
 *       pods moved onto it by earlier removals) fit on the nodes that stay; else keep it.</li>
 *   <li>One replacement: go on through the kept nodes, now allowing one new NodeClaim; a node joins if its pods fit
 *       on the nodes that stay plus that claim. Each time the nodes that joined pay for the claim (its options filtered
 *       by Karpenter's price rules against their prices only, so the deletions are not made to subsidise it), the
 *       state is remembered; the last remembered state wins.</li>
 * </ol>
 * A command needs at least two nodes (one node is single-node consolidation's).
 */
final class MultiNodeConsolidation {

    private MultiNodeConsolidation() {
    }

    static List<DisruptionCommand> run(DisruptionPass pass, List<Candidate> candidates) {
        if (candidates.size() < 2) {
            return List.of();
        }
        ClusterSimulation sim = pass.sim;
        BudgetTracker budgets = pass.budgets(DisruptionMethod.MULTI_NODE_CONSOLIDATION.budgetReason());
        int start = sim.checkpoint();
        List<Candidate> deleted = new ArrayList<>();
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : candidates) {
            if (budgets.remaining(c.pool()) <= 0) {
                continue;
            }
            int before = sim.checkpoint();
            if (pass.remove(List.of(c), true, 0).allPlaced()) {
                deleted.add(c);
                budgets.take(c.pool());
            } else {
                sim.rollback(before);
                kept.add(c);
            }
        }
        int afterDeletes = sim.checkpoint();

        List<Candidate> joined = new ArrayList<>();
        int bestMark = -1;
        int bestJoined = 0;
        Consolidation.Verdict best = null;
        for (Candidate c : kept) {
            if (budgets.remaining(c.pool()) <= 0) {
                continue;
            }
            int before = sim.checkpoint();
            ClusterSimulation.Outcome outcome = pass.remove(List.of(c), true, 1);
            if (!outcome.allPlaced()) {
                sim.rollback(before);
                continue;
            }
            joined.add(c);
            budgets.take(c.pool());
            List<Candidate> all = new ArrayList<>(deleted);
            all.addAll(joined);
            Consolidation.Verdict v = Consolidation.judge(pass, all, outcome, Consolidation.prices(joined), false);
            if (v.ok()) {
                best = v;
                bestMark = sim.checkpoint();
                bestJoined = joined.size();
            }
        }

        DisruptionCommand cmd = null;
        if (best != null) {
            sim.rollback(bestMark);
            List<Candidate> nodes = new ArrayList<>(deleted);
            nodes.addAll(joined.subList(0, bestJoined));
            cmd = pass.command(DisruptionMethod.MULTI_NODE_CONSOLIDATION, nodes,
                    best.replacement() == null ? List.of() : List.of(best.replacement()),
                    nodes.size() + " nodes' pods fit on " + (best.replacement() == null ? "the other nodes"
                            : "the other nodes and one cheaper node"));
        } else if (deleted.size() >= 2) {
            sim.rollback(afterDeletes);
            cmd = pass.command(DisruptionMethod.MULTI_NODE_CONSOLIDATION, deleted, List.of(),
                    deleted.size() + " nodes' pods fit on the other nodes");
        }
        sim.rollback(start);
        return cmd == null || cmd.nodes().size() < 2 ? List.of() : List.of(cmd);
    }
}
