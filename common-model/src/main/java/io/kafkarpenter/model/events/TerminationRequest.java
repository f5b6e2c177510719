package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;
import io.kafkarpenter.model.reasons.Reason;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@link Topics#NODES_TERMINATE}: the consolidator decided to disrupt a node. The launcher waits
 * until every replacement NodeClaim is initialized, then drains the node and terminates its instance.
 *
 * @param nodeName      required; the record key
 * @param nodeClaimName required
 * @param nodePool      required
 * @param reason        {@link Reason#EMPTY}, {@link Reason#UNDERUTILIZED}, {@link Reason#DRIFTED}, {@link Reason#EXPIRED}, ... (required)
 * @param message       human text (the formatted reason)
 * @param decisionId    the disruption decision (required); several nodes may share it
 * @param replacements  names of the replacement NodeClaims (published on {@link Topics#NODECLAIMS_LAUNCH}); empty = delete only
 * @param requestedAt   required
 */
public record TerminationRequest(
        String nodeName,
        String nodeClaimName,
        String nodePool,
        Reason reason,
        String message,
        String decisionId,
        List<String> replacements,
        Instant requestedAt) {

    public static final String SCHEMA = "kk.termination-request/v1";

    public TerminationRequest {
        Fields.requiredText(nodeName, "nodeName");
        Fields.requiredText(nodeClaimName, "nodeClaimName");
        Fields.requiredText(nodePool, "nodePool");
        Fields.required(reason, "reason");
        Fields.requiredText(decisionId, "decisionId");
        replacements = Fields.list(replacements);
        Fields.required(requestedAt, "requestedAt");
    }

    /** The record key on {@link Topics#NODES_TERMINATE}. */
    public String key() {
        return nodeName;
    }
}
