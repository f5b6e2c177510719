package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;
import io.kafkarpenter.model.pods.PodSchedulingView;

import java.time.Instant;

/**
 * Payload of {@link Topics#PODS_PENDING}: a pod kube-scheduler could not place, with its scheduling view.
 *
 * @param pod              the scheduling view (required)
 * @param observedAt       when pod-watcher saw it pending (required)
 * @param schedulerReason  the PodScheduled condition's reason, normally {@code Unschedulable}
 * @param schedulerMessage the PodScheduled condition's message, e.g. {@code 0/3 nodes are available: ...}
 */
public record PendingPod(PodSchedulingView pod, Instant observedAt, String schedulerReason, String schedulerMessage) {
    public static final String SCHEMA = "kk.pending-pod/v1";

    public PendingPod {
        Fields.required(pod, "pod");
        Fields.required(observedAt, "observedAt");
    }

    /** The record key on {@link Topics#PODS_PENDING}. */
    public String key() {
        return pod.uid();
    }
}
