package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.crd.Durations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass of Karpenter's disruption loop on a {@link ClusterSnapshot} (karpenter-core reference §5): every
 * expiration (forceful, outside budgets), then the commands of the first method that acts: emptiness, drift,
 * multi-node consolidation, single-node consolidation. Every managed node that is not disrupted gets the reason why.
 * See DESIGN.md in this package.
 *
 * <pre>{@code DisruptionPlan plan = new DisruptionPlanner().plan(snapshot);}</pre>
 */
public final class DisruptionPlanner {

    /** Told how long each disruption method's evaluation took (Karpenter's decision_evaluation_duration). */
    @FunctionalInterface
    public interface MethodTimings {
        MethodTimings NONE = (method, nanos) -> { };

        void evaluated(DisruptionMethod method, long nanos);
    }

    private final MethodTimings timings;

    public DisruptionPlanner() {
        this(MethodTimings.NONE);
    }

    public DisruptionPlanner(MethodTimings timings) {
        this.timings = timings;
    }

    /** Decides what the disruption loop does now. */
    public DisruptionPlan plan(ClusterSnapshot snapshot) {
        DisruptionPass pass = new DisruptionPass(snapshot);
        List<DisruptionCommand> commands = new ArrayList<>(expirations(pass));
        DisruptionMethod acting = null;
        List<DisruptionCommand> acted = timed(DisruptionMethod.EMPTINESS, () -> Emptiness.run(pass));
        if (!acted.isEmpty()) {
            acting = DisruptionMethod.EMPTINESS;
        } else {
            acted = timed(DisruptionMethod.DRIFT, () -> Drift.run(pass));
            if (!acted.isEmpty()) {
                acting = DisruptionMethod.DRIFT;
            } else {
                List<Candidate> candidates = Consolidation.candidates(pass);
                acted = timed(DisruptionMethod.MULTI_NODE_CONSOLIDATION,
                        () -> MultiNodeConsolidation.run(pass, candidates));
                if (!acted.isEmpty()) {
                    acting = DisruptionMethod.MULTI_NODE_CONSOLIDATION;
                } else {
                    acted = timed(DisruptionMethod.SINGLE_NODE_CONSOLIDATION,
                            () -> SingleNodeConsolidation.run(pass, candidates));
                    acting = acted.isEmpty() ? null : DisruptionMethod.SINGLE_NODE_CONSOLIDATION;
                }
            }
        }
        commands.addAll(acted);
        return new DisruptionPlan(commands, verdicts(pass, commands, acting), pass.provisioning,
                pass.baselinePlacements, pass.stillPending, acting);
    }

    private List<DisruptionCommand> timed(DisruptionMethod method,
            java.util.function.Supplier<List<DisruptionCommand>> evaluation) {
        long start = System.nanoTime();
        try {
            return evaluation.get();
        } finally {
            timings.evaluated(method, System.nanoTime() - start);
        }
    }

    /** Expired nodes are deleted directly, one command each; their pods go where the provisioner puts them. */
    private static List<DisruptionCommand> expirations(DisruptionPass pass) {
        List<DisruptionCommand> out = new ArrayList<>();
        for (ClusterNode n : pass.expired) {
            Map<String, String> moves = new LinkedHashMap<>();
            for (BoundPod p : n.pods()) {
                String where = pass.baselinePlacements.get(p.key());
                if (where != null) {
                    moves.put(p.key(), where);
                }
            }
            DisruptionPolicy policy = pass.policies.get(n.nodePool());
            double price = pass.price(n);
            out.add(new DisruptionCommand(DisruptionMethod.EXPIRATION, List.of(n.name()), List.of(),
                    ReplacementPricing.round(price), moves,
                    "expireAfter " + Durations.format(policy.expireAfter())));
        }
        return out;
    }

    /** Why each considered node stays: its own block or outcome, else that another method acted first. */
    private static List<NodeVerdict> verdicts(DisruptionPass pass, List<DisruptionCommand> commands,
            DisruptionMethod acting) {
        java.util.Set<String> disrupted = new java.util.HashSet<>();
        for (DisruptionCommand c : commands) {
            disrupted.addAll(c.nodes());
        }
        List<NodeVerdict> out = new ArrayList<>();
        for (ClusterNode n : pass.snapshot.nodes()) {
            if (n.managed() && n.deleting()) {
                out.add(new NodeVerdict(n.name(), Reason.NODE_DELETING.format(n.name())));
            }
        }
        for (Candidate c : pass.candidates) {
            if (disrupted.contains(c.name())) {
                continue;
            }
            ReasonMessage why = pass.verdict(c.name());
            if (why == null) {
                why = c.nodeBlock != null ? c.nodeBlock : c.podBlock;
            }
            if (why == null && c.driftReason == null) {
                why = c.empty() ? c.emptinessBlock() : c.consolidationBlock();
            }
            if (why == null && acting != null) {
                why = Reason.NOT_EVALUATED.format(c.name(), acting.title());
            }
            if (why == null) {
                why = Reason.NOT_EVALUATED.format(c.name(), "no method");
            }
            out.add(new NodeVerdict(c.name(), why));
        }
        return out;
    }
}
