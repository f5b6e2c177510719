package io.kafkarpenter.model.scheduling;

/** A pod that stays pending, with the dominant kind of reason and a one-line explanation. */
public record PodFailure(SchedulingPod pod, FailureKind kind, String message) {
}
