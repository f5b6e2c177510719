package io.kafkarpenter.launcher.termination;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.Durations;

/**
 * Which pods of a draining node are evicted now, which are force-deleted and which are waited for (pure;
 * karpenter-core §5.13 step 4 and §5.14). A pod waits for eviction unless it is terminal, a mirror pod, tolerates
 * {@code karpenter.sh/disrupted:NoSchedule}, or has been terminating for over a minute. The rest are evicted in
 * tiers, a tier only once the previous one is empty: non-critical non-DaemonSet, non-critical DaemonSet, critical
 * non-DaemonSet, critical DaemonSet (critical = priority class {@code system-cluster-critical} or
 * {@code system-node-critical}). Pods with an active {@code karpenter.sh/do-not-disrupt} are never evicted: they
 * block until the termination grace period runs out. Past {@code deadline - pod.terminationGracePeriodSeconds} a
 * pod is force-deleted instead, whatever its tier.
 */
public final class DrainPlan {

    private static final Set<String> CRITICAL = Set.of("system-cluster-critical", "system-node-critical");
    private static final Duration STUCK_TERMINATING = Duration.ofMinutes(1);

    /** A pod to delete with this grace period (seconds, at least 1) because the node's deadline is near. */
    public record ForceDelete(Pod pod, long graceSeconds) {
    }

    /**
     * @param evict      the pods of the first non-empty tier that may be evicted now
     * @param forceDelete pods past their deadline
     * @param blocked    pods with an active do-not-disrupt, waited for (never evicted)
     * @param remaining  every pod still waiting for eviction (drained when empty)
     */
    public record Plan(List<Pod> evict, List<ForceDelete> forceDelete, List<Pod> blocked, List<Pod> remaining) {
        public boolean drained() {
            return remaining.isEmpty();
        }
    }

    private DrainPlan() {
    }

    /** {@code deadline}: deletion + terminationGracePeriod of the NodeClaim; empty = wait for ever. */
    public static Plan plan(List<Pod> podsOnNode, Optional<Instant> deadline, Instant now) {
        List<Pod> waiting = podsOnNode.stream().filter(p -> waitingEviction(p, now)).toList();
        List<ForceDelete> force = new ArrayList<>();
        List<Pod> rest = new ArrayList<>();
        for (Pod pod : waiting) {
            if (deadline.isPresent() && pod.getMetadata().getDeletionTimestamp() == null) {
                Instant podDeadline = deadline.get().minusSeconds(podGraceSeconds(pod));
                if (!now.isBefore(podDeadline)) {
                    force.add(new ForceDelete(pod, Math.max(1, Duration.between(now, deadline.get()).toSeconds())));
                    continue;
                }
            }
            rest.add(pod);
        }
        List<Pod> blocked = rest.stream().filter(p -> doNotDisrupt(p, now)).toList();
        List<Pod> evictable = rest.stream().filter(p -> !doNotDisrupt(p, now)
            && p.getMetadata().getDeletionTimestamp() == null).toList();
        List<Pod> evict = List.of();
        for (int tier = 0; tier < 4; tier++) {
            final int t = tier;
            List<Pod> inTier = rest.stream().filter(p -> tier(p) == t).toList();
            if (!inTier.isEmpty()) {
                evict = evictable.stream().filter(p -> tier(p) == t).toList();
                break;
            }
        }
        return new Plan(evict, force, blocked, waiting);
    }

    /** Karpenter's "waiting eviction": not terminal, not mirror, not tolerating the disrupted taint, not stuck. */
    static boolean waitingEviction(Pod pod, Instant now) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return false;
        }
        if (mirror(pod) || toleratesDisrupted(pod)) {
            return false;
        }
        String deleting = pod.getMetadata().getDeletionTimestamp();
        return deleting == null || Instant.parse(deleting).plus(STUCK_TERMINATING).isAfter(now);
    }

    /** 0 non-critical non-DaemonSet, 1 non-critical DaemonSet, 2 critical non-DaemonSet, 3 critical DaemonSet. */
    static int tier(Pod pod) {
        boolean critical = pod.getSpec() != null && pod.getSpec().getPriorityClassName() != null
            && CRITICAL.contains(pod.getSpec().getPriorityClassName());
        return (critical ? 2 : 0) + (daemonSet(pod) ? 1 : 0);
    }

    /**
     * {@code karpenter.sh/do-not-disrupt}: {@code "true"}, or a duration measured from the pod's start (no start
     * time yet: still protected); an invalid value is ignored. Terminating pods never block.
     */
    static boolean doNotDisrupt(Pod pod, Instant now) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(DisruptionKeys.DO_NOT_DISRUPT);
        if (value == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        if ("true".equals(value)) {
            return true;
        }
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (RuntimeException e) {
            return false;
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            return false;
        }
        String started = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        if (started == null) {
            return true;
        }
        try {
            return Instant.parse(started).plus(duration).isAfter(now);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    static boolean mirror(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey("kubernetes.io/config.mirror");
    }

    static boolean daemonSet(Pod pod) {
        return pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> "DaemonSet".equals(o.getKind()));
    }

    static boolean toleratesDisrupted(Pod pod) {
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null ? List.of()
            : pod.getSpec().getTolerations();
        for (Toleration t : tolerations) {
            boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || "NoSchedule".equals(t.getEffect());
            boolean key = t.getKey() == null || t.getKey().isEmpty() ? "Exists".equals(t.getOperator())
                : DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey());
            boolean value = "Exists".equals(t.getOperator()) || t.getValue() == null || t.getValue().isEmpty();
            if (effect && key && value) {
                return true;
            }
        }
        return false;
    }

    static long podGraceSeconds(Pod pod) {
        Long grace = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
        return grace == null ? 30 : grace;
    }
}
