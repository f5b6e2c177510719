package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.scheduling.SchedulingPod;

import java.time.Instant;
import java.util.Map;

/**
 * A pod bound to a node, with what disruption needs beyond scheduling: its annotations (do-not-disrupt,
 * pod-deletion-cost), when it was created and started (a node's last pod event; a do-not-disrupt duration counts
 * from the start), its priority, whether it is a mirror (static) pod and whether it is Ready (a PodDisruptionBudget's
 * {@code unhealthyPodEvictionPolicy: AlwaysAllow} lets not-Ready pods go). Terminal and terminating pods are
 * {@link SchedulingPod#terminal()}; a DaemonSet pod has {@link SchedulingPod#daemonSet()}.
 *
 * @param createdAt {@code metadata.creationTimestamp} as given, or null (then it is no pod event)
 * @param startedAt {@code status.startTime}, or null
 */
public record BoundPod(SchedulingPod pod, Map<String, String> annotations, Instant createdAt, Instant startedAt,
        int priority, boolean mirror, boolean ready) {

    public static final String DO_NOT_DISRUPT = "karpenter.sh/do-not-disrupt";
    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    public BoundPod {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** A running pod with no disruption-related facts (priority 0, Ready, no annotations). */
    public static BoundPod of(SchedulingPod pod) {
        return new BoundPod(pod, Map.of(), null, null, 0, false, true);
    }

    public String key() {
        return pod.key();
    }

    /** Active: neither terminal nor terminating. */
    public boolean active() {
        return !pod.terminal();
    }

    /** Evicting it needs it rescheduled: active, not a DaemonSet pod, not a mirror pod. */
    public boolean reschedulable() {
        return active() && pod.daemonSet() == null && !mirror;
    }
}
