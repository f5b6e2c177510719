package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.scheduling.ClusterSimulation;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;

import java.util.ArrayList;
import java.util.List;

/**
 * What single- and multi-node consolidation share (karpenter-core reference §5.7): which nodes are candidates, and
 * whether a simulated removal makes a command: every pod placed, then no new NodeClaim (delete) or exactly one that
 * passes the price rules (replace).
 */
final class Consolidation {

    /** A command's replacement and savings, or why the removal makes no command. */
    record Verdict(ReasonMessage failure, PlannedNodeClaim replacement) {
        boolean ok() {
            return failure == null;
        }
    }

    private Consolidation() {
    }

    /** Consolidatable, non-empty, unblocked nodes of WhenEmptyOrUnderutilized pools, in savings-ratio order. */
    static List<Candidate> candidates(DisruptionPass pass) {
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : pass.byRatio) {
            if (c.empty()) {
                continue; // emptiness's, also when its budget held them back
            }
            ReasonMessage block = c.consolidationBlock();
            if (block != null) {
                pass.note(c, block);
                continue;
            }
            out.add(c);
        }
        return out;
    }

    /**
     * Judges the simulation's current state as a command removing {@code nodes}: {@code threshold} is what the
     * replacement must cost less than.
     */
    static Verdict judge(DisruptionPass pass, List<Candidate> nodes, ClusterSimulation.Outcome outcome,
            double threshold, boolean singleNode) {
        if (!outcome.allPlaced()) {
            return new Verdict(DisruptionPass.wouldNotSchedule(outcome.failures()), null);
        }
        List<PlannedNodeClaim> claims = pass.sim.newClaims();
        if (claims.isEmpty()) {
            return new Verdict(null, null);
        }
        if (claims.size() > 1) {
            return new Verdict(Reason.TOO_MANY_REPLACEMENTS.format(claims.size()), null);
        }
        PlannedNodeClaim claim = claims.get(0);
        if (!singleNode) {
            claim = ReplacementPricing.restrict(claim, ReplacementPricing.withoutSameType(claim.instanceTypes(), nodes),
                    claim.requirements());
            if (claim == null) {
                return new Verdict(Reason.NO_CHEAPER_REPLACEMENT.format(), null);
            }
        }
        ReplacementPricing.Priced priced = ReplacementPricing.consolidation(claim, nodes, threshold,
                pass.snapshot.settings().spotToSpotConsolidation(), singleNode);
        return priced.ok() ? new Verdict(null, priced.claim()) : new Verdict(priced.failure(), null);
    }

    static double prices(List<Candidate> nodes) {
        double sum = 0;
        for (Candidate c : nodes) {
            sum += c.price;
        }
        return sum;
    }
}
