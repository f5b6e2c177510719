package io.kafkarpenter.launcher.interruption;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.interruption.InterruptionAction;
import io.kafkarpenter.model.interruption.InterruptionDecisions;

/**
 * What an interruption writes on a NodeClaim before deleting it, and how a redelivered message is recognised (pure):
 * the {@code kafkarpenter.io/termination-*} annotations as an accepted termination request has them (reason = the
 * {@link io.kafkarpenter.model.reasons.Reason} name, e.g. {@code SPOT_INTERRUPTED}; decision = {@link InterruptionDecisions#schedulingId}),
 * so the termination flow's TERMINATING and TERMINATED carry the interruption's reason and decision.
 */
public final class InterruptionMarks {

    private InterruptionMarks() {
    }

    /**
     * Writes the termination annotations for {@code action} on {@code claim} (in memory); a disruption the
     * consolidator asked for and that still waits for replacements is superseded (its replacement list removed:
     * the interruption deletes now). False when the NodeClaim already carries exactly this decision.
     */
    public static boolean annotate(NodeClaim claim, InterruptionAction action, Instant now) {
        String decision = InterruptionDecisions.schedulingId(action);
        Map<String, String> annotations = new LinkedHashMap<>(claim.getMetadata().getAnnotations() == null ? Map.of()
            : claim.getMetadata().getAnnotations());
        if (decision.equals(annotations.get(DisruptionKeys.TERMINATION_DECISION))) {
            return false;
        }
        annotations.put(DisruptionKeys.TERMINATION_REASON, action.why().reason().name());
        annotations.put(DisruptionKeys.TERMINATION_MESSAGE, action.why().text());
        annotations.put(DisruptionKeys.TERMINATION_DECISION, decision);
        annotations.remove(DisruptionKeys.TERMINATION_REPLACEMENTS);
        String node = action.owner().node();
        annotations.put(DisruptionKeys.TERMINATION_NODE, node == null ? "" : node);
        annotations.put(DisruptionKeys.TERMINATION_ACCEPTED_AT, now.toString());
        claim.getMetadata().setAnnotations(annotations);
        return true;
    }

    /**
     * The message was handled before (a redelivery: the reader died or DeleteMessage failed after the NodeClaim's
     * deletion): the NodeClaim is being deleted under this very decision. Nothing more to do but delete the message.
     */
    public static boolean alreadyHandled(NodeClaim live, InterruptionAction action) {
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        return live.getMetadata().getDeletionTimestamp() != null && annotations != null
            && InterruptionDecisions.schedulingId(action).equals(annotations.get(DisruptionKeys.TERMINATION_DECISION));
    }

    /** Whether a NodeClaim's termination was started by an interruption (its decision id is an interruption's). */
    public static boolean byInterruption(NodeClaim claim) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        String decision = annotations == null ? null : annotations.get(DisruptionKeys.TERMINATION_DECISION);
        return decision != null && decision.startsWith(InterruptionDecisions.ID_PREFIX);
    }
}
