package io.kafkarpenter.model.crd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/**
 * The status conditions of a {@code karpenter.sh/v1} NodeClaim, with the names users know from Karpenter
 * ({@code pkg/apis/v1/nodeclaim_status.go}), and in-memory reading and writing of them.
 *
 * <p>Who writes which condition (so that two services never overwrite each other's; every write is a
 * read-modify-write of the status with the object's {@code resourceVersion}, retried on a 409 conflict):
 * <ul>
 *   <li>launcher: {@link #LAUNCHED}, {@link #REGISTERED}, {@link #INITIALIZED}, {@link #READY}, {@link #DRAINED},
 *       {@link #INSTANCE_TERMINATING}, and {@link #DISRUPTION_REASON} (set when it accepts a termination request,
 *       removed when that disruption is cancelled);</li>
 *   <li>consolidator: {@link #CONSOLIDATABLE} and {@link #DRIFTED} (with the drift reason).</li>
 * </ul>
 */
public final class NodeClaimConditions {

    public static final String LAUNCHED = "Launched";
    public static final String REGISTERED = "Registered";
    public static final String INITIALIZED = "Initialized";
    public static final String READY = "Ready";
    public static final String CONSOLIDATABLE = "Consolidatable";
    public static final String DRIFTED = "Drifted";
    public static final String DRAINED = "Drained";
    public static final String INSTANCE_TERMINATING = "InstanceTerminating";
    public static final String DISRUPTION_REASON = "DisruptionReason";

    /** Karpenter truncates condition messages to 300 characters. */
    public static final int MAX_MESSAGE = 300;

    private NodeClaimConditions() {
    }

    public static Condition condition(String type, String status, String reason, String message, Instant now) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message == null ? "" : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
                .withLastTransitionTime(now.toString()).build();
    }

    /** The status of condition {@code type} ({@code True}, {@code False}, {@code Unknown}); {@code Unknown} if absent. */
    public static String status(NodeClaim claim, String type) {
        return find(claim, type).map(Condition::getStatus).orElse("Unknown");
    }

    public static boolean isTrue(NodeClaim claim, String type) {
        return "True".equals(status(claim, type));
    }

    public static Optional<Condition> find(NodeClaim claim, String type) {
        if (claim.getStatus() == null || claim.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return claim.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** When condition {@code type} last changed status; {@code fallback} when absent. */
    public static Instant transitionTime(NodeClaim claim, String type, Instant fallback) {
        return find(claim, type).map(Condition::getLastTransitionTime).map(Instant::parse).orElse(fallback);
    }

    /**
     * Sets condition {@code type} on {@code claim} (in memory); keeps the transition time when the status does not
     * change. {@code Ready} follows: True when Launched, Registered and Initialized are all True.
     *
     * @return true when something changed (status, reason or message)
     */
    public static boolean set(NodeClaim claim, String type, String status, String reason, String message, Instant now) {
        if (claim.getStatus() == null) {
            claim.setStatus(new NodeClaimStatus());
        }
        List<Condition> conditions = claim.getStatus().getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(claim.getStatus().getConditions());
        Optional<Condition> existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
        Condition updated = condition(type, status, reason, message, now);
        boolean changed = true;
        if (existing.isPresent()) {
            Condition old = existing.get();
            if (status.equals(old.getStatus())) {
                updated.setLastTransitionTime(old.getLastTransitionTime());
                changed = !java.util.Objects.equals(old.getReason(), updated.getReason())
                        || !java.util.Objects.equals(old.getMessage(), updated.getMessage());
            }
            conditions.set(conditions.indexOf(old), updated);
        } else {
            conditions.add(updated);
        }
        claim.getStatus().setConditions(conditions);
        if (!type.equals(READY)) {
            boolean ready = List.of(LAUNCHED, REGISTERED, INITIALIZED).stream().allMatch(t -> isTrue(claim, t));
            if (ready) {
                set(claim, READY, "True", READY, "", now);
            }
        }
        return changed;
    }

    /** Removes condition {@code type}; true when it was there. */
    public static boolean remove(NodeClaim claim, String type) {
        if (claim.getStatus() == null || claim.getStatus().getConditions() == null) {
            return false;
        }
        List<Condition> conditions = new ArrayList<>(claim.getStatus().getConditions());
        boolean removed = conditions.removeIf(c -> type.equals(c.getType()));
        claim.getStatus().setConditions(conditions);
        return removed;
    }
}
