package io.kafkarpenter.viewer.page;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kafkarpenter.viewer.decisions.PodReasons;

/** The pending pods of the cluster with their reasons (pure: pods and the decisions' outcomes in, rows out). */
public final class PendingPods {

    static final String NO_DECISION = "no decision yet";

    private PendingPods() {
    }

    /**
     * One row per pod that has no node, is not terminating and has not finished (phase Pending or none), oldest
     * first.
     */
    public static List<PendingPodRow> rows(List<Pod> pods, Map<String, PodReasons.Latest> reasons, Instant now) {
        return pods.stream().filter(PendingPods::pending)
            .map(p -> row(p, reasons.get(PodReasons.key(p.getMetadata().getNamespace(), p.getMetadata().getName())), now))
            .sorted(Comparator.comparingLong(PendingPodRow::ageSeconds).reversed()
                .thenComparing(PendingPodRow::namespace).thenComparing(PendingPodRow::name))
            .toList();
    }

    static boolean pending(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        if (pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return phase == null || "Pending".equals(phase);
    }

    private static PendingPodRow row(Pod pod, PodReasons.Latest latest, Instant now) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        long age = age(pod.getMetadata().getCreationTimestamp(), now);
        if (latest != null) {
            return new PendingPodRow(namespace, name, age, latest.reason(), latest.category(), latest.message(),
                latest.target(), latest.service(), latest.at());
        }
        return new PendingPodRow(namespace, name, age, null, null, schedulerMessage(pod), null, null, null);
    }

    private static String schedulerMessage(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return NO_DECISION;
        }
        return pod.getStatus().getConditions().stream()
            .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
            .map(PendingPods::conditionText).findFirst().orElse(NO_DECISION);
    }

    private static String conditionText(PodCondition c) {
        String text = c.getMessage() != null ? c.getMessage() : c.getReason();
        return text == null ? NO_DECISION : NO_DECISION + " (scheduler: " + text + ")";
    }

    static long age(String creationTimestamp, Instant now) {
        if (creationTimestamp == null) {
            return 0;
        }
        try {
            return Math.max(0, Duration.between(Instant.parse(creationTimestamp), now).toSeconds());
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
