package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.reasons.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Emptiness (karpenter-core reference §5.5): every consolidatable node with no pod to reschedule, within its
 * NodePool's budget for reason Empty, is deleted in one command; nothing replaces them. Applies to every
 * consolidation policy; {@code consolidateAfter: Never} disables it.
 */
final class Emptiness {

    private Emptiness() {
    }

    static List<DisruptionCommand> run(DisruptionPass pass) {
        BudgetTracker budgets = pass.budgets(DisruptionMethod.EMPTINESS.budgetReason());
        List<Candidate> chosen = new ArrayList<>();
        for (Candidate c : pass.byRatio) {
            if (!c.empty() || c.emptinessBlock() != null) {
                continue;
            }
            if (budgets.remaining(c.pool()) <= 0) {
                pass.note(c, Reason.BUDGET_EXHAUSTED.format(c.pool(), DisruptionMethod.EMPTINESS.budgetReason()));
                continue;
            }
            budgets.take(c.pool());
            chosen.add(c);
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        DisruptionCommand cmd = pass.command(DisruptionMethod.EMPTINESS, chosen, List.of(), "empty");
        return List.of(new DisruptionCommand(cmd.method(), cmd.nodes(), List.of(), cmd.savingsPerHour(), Map.of(),
                cmd.detail()));
    }
}
