package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;

/**
 * A pod that stays pending: the reason (from the shared vocabulary) of the NodePool that came closest, and a
 * one-line explanation that also lists what the other NodePools objected to.
 */
public record PodFailure(SchedulingPod pod, ReasonMessage reason, String message) {

    public Reason code() {
        return reason.reason();
    }
}
