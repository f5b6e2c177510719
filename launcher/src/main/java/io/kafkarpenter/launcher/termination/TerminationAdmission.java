package io.kafkarpenter.launcher.termination;

import java.util.Optional;

import io.kafkarpenter.launcher.kube.NodeClaimFacts;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.model.requirements.Labels;

/**
 * Re-checks a termination request against the live NodeClaim (pure; contract 2 in DESIGN.md): it must exist, belong
 * to the request's NodePool, have been created by this launcher (finalizer {@code karpenter.sh/termination} and
 * {@code kafkarpenter.io/decision-id}), and, once registered, be the NodeClaim of the node the request names. The
 * ownership tags of its instance are checked by the caller (an EC2 call).
 */
public final class TerminationAdmission {

    public enum Outcome {
        /** Record it and go on. */
        ACCEPT,
        /** Already accepted or already terminating: nothing changes (a redelivery). */
        ALREADY,
        /** Not acted on; a TERMINATION_REFUSED decision record says why. */
        REFUSE
    }

    public record Verdict(Outcome outcome, String why) {
        static Verdict refuse(String why) {
            return new Verdict(Outcome.REFUSE, why);
        }
    }

    private TerminationAdmission() {
    }

    public static Verdict check(TerminationRequest request, Optional<NodeClaim> live) {
        if (live.isEmpty()) {
            return Verdict.refuse("NodeClaim " + request.nodeClaimName() + " does not exist (already terminated?)");
        }
        NodeClaim claim = live.get();
        String pool = NodeClaimFacts.nodePool(claim);
        if (!request.nodePool().equals(pool)) {
            return Verdict.refuse("NodeClaim " + request.nodeClaimName() + " belongs to NodePool " + pool + ", not "
                + request.nodePool());
        }
        if (!NodeClaimFacts.hasFinalizer(claim) || NodeClaimFacts.decisionId(claim) == null) {
            return Verdict.refuse("NodeClaim " + request.nodeClaimName() + " was not created by this launcher (no "
                + DisruptionKeys.TERMINATION_FINALIZER + " finalizer or " + DisruptionKeys.DECISION_ANNOTATION + ")");
        }
        String nodeName = NodeClaimFacts.nodeName(claim);
        if (nodeName != null && !nodeName.equals(request.nodeName())) {
            return Verdict.refuse("node " + request.nodeName() + " is not NodeClaim " + request.nodeClaimName()
                + "'s node (" + nodeName + ")");
        }
        if (nodeName == null && claim.getMetadata().getLabels() != null
            && "true".equals(claim.getMetadata().getLabels().get(Labels.REGISTERED))) {
            return Verdict.refuse("NodeClaim " + request.nodeClaimName() + " has no node name yet");
        }
        if (NodeClaimFacts.deleting(claim) || NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_REASON) != null) {
            return new Verdict(Outcome.ALREADY, NodeClaimFacts.deleting(claim) ? "already terminating"
                : "already accepted (decision " + NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_DECISION) + ")");
        }
        return new Verdict(Outcome.ACCEPT, "");
    }
}
