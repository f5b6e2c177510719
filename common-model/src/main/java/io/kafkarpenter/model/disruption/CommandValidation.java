package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.scheduling.ClusterSimulation;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Karpenter's validation of a command against a later state of the cluster (karpenter-core reference §5.10: the
 * consolidator waits 15 s after deciding, then checks again before acting).
 * <ul>
 *   <li>emptiness: the nodes that are still empty, unblocked and within budget go ahead (the others are dropped);</li>
 *   <li>consolidation: every node must still be a candidate (consolidatable, unblocked, not nominated), the budgets
 *       must still allow them all, and removing them all at once must still place every pod with the same number
 *       of new NodeClaims (0 or 1), the command's instance types a subset of the re-simulated replacement's;</li>
 *   <li>drift: the nodes must still be drifted and unblocked (Karpenter does not wait for drift);</li>
 *   <li>expiration: always goes ahead.</li>
 * </ul>
 *
 * <pre>{@code
 * DisruptionPlan plan = planner.plan(snapshot);          // at t
 * ...                                                    // 15 s later
 * Result r = CommandValidation.validate(plan.commands().get(0), laterSnapshot);
 * if (r.valid()) execute(r.command()); else log(r.why());
 * }</pre>
 */
public final class CommandValidation {

    /**
     * @param command the command to execute (for emptiness possibly fewer nodes than decided), null when invalid
     * @param why     VALIDATION_FAILED with the reason, null when valid
     */
    public record Result(DisruptionCommand command, ReasonMessage why) {
        public boolean valid() {
            return command != null;
        }
    }

    private CommandValidation() {
    }

    public static Result validate(DisruptionCommand command, ClusterSnapshot later) {
        if (command.method() == DisruptionMethod.EXPIRATION) {
            return new Result(command, null);
        }
        DisruptionPass pass = new DisruptionPass(later);
        Map<String, Candidate> byName = new HashMap<>();
        for (Candidate c : pass.candidates) {
            byName.put(c.name(), c);
        }
        return switch (command.method()) {
            case EMPTINESS -> emptiness(command, pass, byName);
            case DRIFT -> drift(command, byName);
            default -> consolidation(command, pass, byName);
        };
    }

    private static Result emptiness(DisruptionCommand command, DisruptionPass pass, Map<String, Candidate> byName) {
        BudgetTracker budgets = pass.budgets(DisruptionMethod.EMPTINESS.budgetReason());
        List<Candidate> still = new ArrayList<>();
        for (String name : command.nodes()) {
            Candidate c = byName.get(name);
            if (c != null && c.empty() && c.emptinessBlock() == null && budgets.remaining(c.pool()) > 0) {
                budgets.take(c.pool());
                still.add(c);
            }
        }
        if (still.isEmpty()) {
            return invalid("none of the nodes is still empty, unblocked and within budget");
        }
        DisruptionCommand narrowed = pass.command(DisruptionMethod.EMPTINESS, still, List.of(), command.detail());
        return new Result(new DisruptionCommand(narrowed.method(), narrowed.nodes(), List.of(),
                narrowed.savingsPerHour(), Map.of(), narrowed.detail()), null);
    }

    private static Result drift(DisruptionCommand command, Map<String, Candidate> byName) {
        for (String name : command.nodes()) {
            Candidate c = byName.get(name);
            if (c == null) {
                return invalid("node " + name + " is gone or being deleted");
            }
            if (c.driftReason == null) {
                return invalid("node " + name + " is no longer drifted");
            }
            ReasonMessage block = c.nodeBlock != null ? c.nodeBlock
                    : c.policy.terminationGracePeriod() == null ? c.podBlock : null;
            if (block != null) {
                return invalid(block.text());
            }
        }
        return new Result(command, null);
    }

    private static Result consolidation(DisruptionCommand command, DisruptionPass pass, Map<String, Candidate> byName) {
        List<Candidate> nodes = new ArrayList<>();
        BudgetTracker budgets = pass.budgets(DisruptionMethod.MULTI_NODE_CONSOLIDATION.budgetReason());
        for (String name : command.nodes()) {
            Candidate c = byName.get(name);
            if (c == null) {
                return invalid("node " + name + " is gone or being deleted");
            }
            if (c.empty()) {
                return invalid("node " + name + " is empty now (emptiness's to remove)");
            }
            ReasonMessage block = c.consolidationBlock();
            if (block != null) {
                return invalid(block.text());
            }
            if (budgets.remaining(c.pool()) <= 0) {
                return invalid(Reason.BUDGET_EXHAUSTED.format(c.pool(),
                        DisruptionMethod.MULTI_NODE_CONSOLIDATION.budgetReason()).text());
            }
            budgets.take(c.pool());
            nodes.add(c);
        }
        ClusterSimulation.Outcome outcome = pass.remove(nodes, true, Integer.MAX_VALUE);
        if (!outcome.allPlaced()) {
            return invalid(DisruptionPass.wouldNotSchedule(outcome.failures()).text());
        }
        List<PlannedNodeClaim> claims = pass.sim.newClaims();
        if (claims.size() != command.replacements().size()) {
            return invalid("the pods now need " + claims.size() + " new NodeClaims, the command has "
                    + command.replacements().size());
        }
        if (!claims.isEmpty()) {
            Set<String> now = new HashSet<>();
            for (InstanceType t : claims.get(0).instanceTypes()) {
                now.add(t.name());
            }
            for (InstanceType t : command.replacements().get(0).instanceTypes()) {
                if (!now.contains(t.name())) {
                    return invalid("instance type " + t.name() + " of the replacement no longer fits the pods");
                }
            }
        }
        return new Result(command, null);
    }

    private static Result invalid(String why) {
        return new Result(null, Reason.VALIDATION_FAILED.format(why));
    }
}
