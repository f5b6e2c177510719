package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;
import io.kafkarpenter.model.reasons.Reason;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@link Topics#DECISIONS}: why a decision was made, or why pods stay pending.
 *
 * @param schedulingId the provisioning pass or disruption evaluation that produced it (required; the record key)
 * @param decisionId   the NodeClaim/disruption decision, when the record is about one (null otherwise)
 * @param service      the service that decided (required)
 * @param kind         required
 * @param subjects     the objects it is about (NodePool, NodeClaim, Node, ...)
 * @param reason       the headline reason (required)
 * @param message      the human-readable text (required; usually {@code reason.format(...).text()})
 * @param podOutcomes  per pod, where relevant (a provisioning pass lists every pod of the batch)
 * @param at           required
 */
public record DecisionRecord(
        String schedulingId,
        String decisionId,
        String service,
        DecisionKind kind,
        List<Subject> subjects,
        Reason reason,
        String message,
        List<PodOutcome> podOutcomes,
        Instant at) {

    public static final String SCHEMA = "kk.decision/v1";

    public DecisionRecord {
        Fields.requiredText(schedulingId, "schedulingId");
        Fields.requiredText(service, "service");
        Fields.required(kind, "kind");
        subjects = Fields.list(subjects);
        Fields.required(reason, "reason");
        Fields.requiredText(message, "message");
        podOutcomes = Fields.list(podOutcomes);
        Fields.required(at, "at");
    }

    /** The record key on {@link Topics#DECISIONS}. */
    public String key() {
        return schedulingId;
    }
}
