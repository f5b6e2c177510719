package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;
import io.kafkarpenter.model.reasons.Reason;

import java.time.Instant;

/**
 * Payload of {@link Topics#NODECLAIMS_STATUS}: a NodeClaim reached a new phase. Fields not known yet at a phase
 * (e.g. {@code nodeName} at LAUNCHED) are null.
 *
 * @param nodeClaimName required; the record key
 * @param nodePool      required
 * @param phase         required
 * @param providerId    {@code aws:///<zone>/<instance-id>}
 * @param decisionId    the launch decision the NodeClaim came from, when known
 * @param reason        why (e.g. {@link Reason#INSUFFICIENT_CAPACITY} for FAILED, {@link Reason#EMPTY} for TERMINATING)
 * @param at            when the transition happened (required)
 */
public record NodeClaimStatusChange(
        String nodeClaimName,
        String nodePool,
        NodeClaimPhase phase,
        String providerId,
        String instanceId,
        String instanceType,
        String zone,
        String capacityType,
        String nodeName,
        String decisionId,
        Reason reason,
        String message,
        Instant at) {

    public static final String SCHEMA = "kk.nodeclaim-status/v1";

    public NodeClaimStatusChange {
        Fields.requiredText(nodeClaimName, "nodeClaimName");
        Fields.requiredText(nodePool, "nodePool");
        Fields.required(phase, "phase");
        Fields.required(at, "at");
    }

    /** The record key on {@link Topics#NODECLAIMS_STATUS}. */
    public String key() {
        return nodeClaimName;
    }
}
