package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.reasons.Reason;

/**
 * What a decision means for one pod: placed ({@link Reason#SCHEDULED_EXISTING_NODE},
 * {@link Reason#SCHEDULED_INFLIGHT_NODECLAIM}, {@link Reason#SCHEDULED_NEW_NODECLAIM}; {@code target} names the
 * node or NodeClaim) or still pending / ignored (an UNSCHEDULABLE or IGNORED reason; {@code target} null).
 */
public record PodOutcome(PodRef pod, Reason reason, String message, String target) {
    public PodOutcome {
        Fields.required(pod, "pod");
        Fields.required(reason, "reason");
    }
}
