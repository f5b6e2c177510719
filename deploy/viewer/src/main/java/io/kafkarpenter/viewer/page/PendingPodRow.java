package io.kafkarpenter.viewer.page;

import java.time.Instant;

/**
 * A pod without a node, and why: the latest outcome {@code kk.decisions} gave it (reason code, category, message; a
 * SCHEDULED outcome names the NodeClaim it waits for in {@code target}), or, before any decision, the scheduler's
 * PodScheduled condition (reason {@code null}).
 *
 * @param ageSeconds since the pod was created
 */
public record PendingPodRow(String namespace, String name, long ageSeconds, String reason, String category,
                            String message, String target, String decidedBy, Instant decidedAt) {
}
