package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.crd.Durations;
import io.kafkarpenter.model.scheduling.Taint;
import io.kafkarpenter.model.scheduling.Toleration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Karpenter's per-pod disruption rules (karpenter-core reference §5.2, §5.4, §5.14). */
final class PodRules {

    /** The taint Karpenter puts on nodes it disrupts; pods tolerating it are not evicted (nor PDB-checked). */
    static final Taint DISRUPTED = new Taint("karpenter.sh/disrupted", "", Taint.NO_SCHEDULE);

    private PodRules() {
    }

    /**
     * Whether the pod's {@code karpenter.sh/do-not-disrupt} is in force: {@code "true"}, or a positive duration not
     * yet over since the pod started (no start time: in force). Other values are ignored. Terminal and terminating
     * pods never block.
     */
    static boolean doNotDisrupt(BoundPod p, Instant now) {
        String value = p.annotations().get(BoundPod.DO_NOT_DISRUPT);
        if (value == null || !p.active()) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        Duration span;
        try {
            span = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (span.isNegative() || span.isZero()) {
            return false;
        }
        return p.startedAt() == null || p.startedAt().plus(span).isAfter(now);
    }

    /** 1 + pod-deletion-cost / 2^27 + priority / 2^25, clamped to [-10, 10] (Karpenter's EvictionCost). */
    static double evictionCost(BoundPod p) {
        double cost = 1.0;
        String deletionCost = p.annotations().get(BoundPod.DELETION_COST);
        if (deletionCost != null) {
            try {
                cost += Double.parseDouble(deletionCost.trim()) / Math.pow(2, 27);
            } catch (NumberFormatException e) {
                // Karpenter logs and ignores an unreadable cost
            }
        }
        cost += p.priority() / Math.pow(2, 25);
        return Math.max(-10.0, Math.min(10.0, cost));
    }

    /** Evicting the pod goes through the Eviction API (and so through PodDisruptionBudgets). */
    static boolean evictable(BoundPod p) {
        return p.active() && !p.mirror()
                && Toleration.firstUntolerated(List.of(DISRUPTED), p.pod().tolerations()) != null;
    }

    /**
     * The node's last pod event: the latest creation or start time of its active pods not owned by a DaemonSet,
     * else its NodeClaim's creation (null when neither is known).
     */
    static Instant lastPodEvent(ClusterNode n) {
        Instant last = null;
        for (BoundPod p : n.pods()) {
            if (!p.active() || p.pod().daemonSet() != null) {
                continue;
            }
            for (Instant t : new Instant[] {p.createdAt(), p.startedAt()}) {
                if (t != null && (last == null || t.isAfter(last))) {
                    last = t;
                }
            }
        }
        return last != null ? last : n.createdAt();
    }
}
