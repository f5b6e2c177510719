package io.kafkarpenter.model.kubeevent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.kafkarpenter.model.kubeevent.KubeEvent.Type;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonCategory;
import io.kafkarpenter.model.reasons.ReasonMessage;

/**
 * One factory per event reason Kafkarpenter publishes, with Karpenter v1.14's reason strings, types, wording and
 * dedupe (reference {@code karpenter-observability.md} §2.2), plus the mappings from our decision reasons
 * ({@link Reason}) to those events: {@link #forPod} (a provisioning outcome) and {@link #forVerdict} (why the
 * consolidator did not disrupt a node). {@link #discoveryTagConflict} is ours (Karpenter has no discovery tags). The interruption events are the AWS
 * provider's (§2.3).
 */
public final class KarpenterEvents {

    public static final String NOMINATED = "Nominated";
    public static final String FAILED_SCHEDULING = "FailedScheduling";
    public static final String INSUFFICIENT_CAPACITY_ERROR = "InsufficientCapacityError";
    public static final String DISRUPTION_LAUNCHING = "DisruptionLaunching";
    public static final String DISRUPTION_TERMINATING = "DisruptionTerminating";
    public static final String DISRUPTION_BLOCKED = "DisruptionBlocked";
    public static final String UNCONSOLIDATABLE = "Unconsolidatable";
    public static final String DISCOVERY_TAG_CONFLICT = "DiscoveryTagConflict";
    public static final String SPOT_INTERRUPTED = "SpotInterrupted";
    public static final String SPOT_REBALANCE_RECOMMENDATION = "SpotRebalanceRecommendation";
    public static final String CAPACITY_RESERVATION_INSTANCE_INTERRUPTED = "CapacityReservationInstanceInterrupted";
    public static final String INSTANCE_STOPPING = "InstanceStopping";
    public static final String INSTANCE_TERMINATING = "InstanceTerminating";
    public static final String INSTANCE_UNHEALTHY = "InstanceUnhealthy";
    public static final String TERMINATING_ON_INTERRUPTION = "TerminatingOnInterruption";

    /** The token bucket every Nominated event shares (client-go {@code NewTokenBucketRateLimiter(5, 10)}). */
    public static final KubeEvent.RateLimit NOMINATION_RATE = new KubeEvent.RateLimit(NOMINATED, 5, 10);
    /** Karpenter truncates an InsufficientCapacityError's error text to this many characters (then {@code ...}). */
    static final int ERROR_LIMIT = 200;

    private static final Duration TWO_MINUTES = KubeEvent.DEFAULT_DEDUPE_TIMEOUT;

    private KarpenterEvents() {
    }

    // ---- pods -----------------------------------------------------------------------------------------------------

    /** {@code Pod should schedule on: nodeclaim/<name>[, node/<name>]}; at least one of the two must be given. */
    public static KubeEvent nominated(InvolvedObject pod, String nodeClaim, String node) {
        List<String> on = new ArrayList<>();
        if (nodeClaim != null) {
            on.add("nodeclaim/" + nodeClaim);
        }
        if (node != null) {
            on.add("node/" + node);
        }
        if (on.isEmpty()) {
            throw new IllegalArgumentException("a nomination names a NodeClaim or a node");
        }
        return new KubeEvent(pod, Type.Normal, NOMINATED, "Pod should schedule on: " + String.join(", ", on),
            List.of(pod.uidOrName()), TWO_MINUTES, NOMINATION_RATE);
    }

    /** Warning {@code Failed to schedule pod, <why>}; deduplicated per pod for 5 minutes. */
    public static KubeEvent failedScheduling(InvolvedObject pod, String why) {
        return new KubeEvent(pod, Type.Warning, FAILED_SCHEDULING, "Failed to schedule pod, " + why,
            List.of(pod.uidOrName()), Duration.ofMinutes(5), null);
    }

    /**
     * The event for one pod's provisioning outcome: placed (on a new or in-flight NodeClaim, an existing node, or
     * waiting for a launch decided earlier) is {@code Nominated}; still pending or left out (an UNSCHEDULABLE or
     * IGNORED reason) is a {@code FailedScheduling} warning with our reason's text.
     *
     * @param nodeClaim the NodeClaim the pod is placed on, when known
     * @param node      the node it is placed on, when there is one
     */
    public static Optional<KubeEvent> forPod(InvolvedObject pod, Reason reason, String message, String nodeClaim,
                                             String node) {
        if (reason.category() == ReasonCategory.SCHEDULED) {
            return nodeClaim == null && node == null ? Optional.empty()
                : Optional.of(nominated(pod, nodeClaim, node));
        }
        if (reason.category() == ReasonCategory.UNSCHEDULABLE || reason.category() == ReasonCategory.IGNORED) {
            return Optional.of(failedScheduling(pod, message));
        }
        return Optional.empty();
    }

    // ---- NodeClaims, Nodes, NodePools, EC2NodeClasses: status conditions --------------------------------------------

    /**
     * operatorpkg's status-condition event: {@code Status condition transitioned, Type: <T>, Status: <old> -> <new>,
     * Reason: <R>[, Message: <M>]}; never deduplicated. An absent condition counts as {@code Unknown}.
     */
    public static KubeEvent conditionTransition(InvolvedObject object, String type, String oldStatus, String newStatus,
                                                String reason, String message) {
        StringBuilder text = new StringBuilder("Status condition transitioned, Type: ").append(type)
            .append(", Status: ").append(oldStatus == null ? "Unknown" : oldStatus).append(" -> ").append(newStatus)
            .append(", Reason: ").append(reason == null || reason.isBlank() ? type : reason);
        if (message != null && !message.isBlank()) {
            text.append(", Message: ").append(message);
        }
        return new KubeEvent(object, Type.Normal, type, text.toString(), List.of(), TWO_MINUTES, null);
    }

    // ---- NodeClaims: launch ------------------------------------------------------------------------------------------

    /** Warning {@code NodeClaim <name> event: <error, truncated>} (the NodeClaim is then deleted). */
    public static KubeEvent insufficientCapacityError(InvolvedObject nodeClaim, String error) {
        String text = error == null ? "" : error.length() > ERROR_LIMIT ? error.substring(0, ERROR_LIMIT) + "..." : error;
        return new KubeEvent(nodeClaim, Type.Warning, INSUFFICIENT_CAPACITY_ERROR,
            "NodeClaim " + nodeClaim.name() + " event: " + text, List.of(nodeClaim.uidOrName()), TWO_MINUTES, null);
    }

    // ---- disruption ----------------------------------------------------------------------------------------------

    /** On a replacement NodeClaim: {@code Launching NodeClaim: <Reason>}. */
    public static KubeEvent disruptionLaunching(InvolvedObject nodeClaim, Reason disruptionReason) {
        String reason = titled(disruptionReason);
        return new KubeEvent(nodeClaim, Type.Normal, DISRUPTION_LAUNCHING, "Launching NodeClaim: " + reason,
            List.of(nodeClaim.uidOrName(), reason), TWO_MINUTES, null);
    }

    /** On the disrupted Node and on its NodeClaim: {@code Disrupting Node: <Reason>} / {@code Disrupting NodeClaim: <Reason>}. */
    public static KubeEvent disruptionTerminating(InvolvedObject nodeOrClaim, Reason disruptionReason) {
        String reason = titled(disruptionReason);
        return new KubeEvent(nodeOrClaim, Type.Normal, DISRUPTION_TERMINATING,
            "Disrupting " + nodeOrClaim.kind() + ": " + reason, List.of(nodeOrClaim.uidOrName(), reason), TWO_MINUTES,
            null);
    }

    /** On a Node or NodeClaim: why it may not be disrupted now (a sentence, e.g. {@code Node isn't initialized}). */
    public static KubeEvent disruptionBlocked(InvolvedObject nodeOrClaim, String why) {
        return new KubeEvent(nodeOrClaim, Type.Normal, DISRUPTION_BLOCKED, why, List.of(nodeOrClaim.uidOrName()),
            TWO_MINUTES, null);
    }

    /** On a NodePool with nodes whose budget allows no disruption for {@code budgetReason} (Empty, Drifted, Underutilized). */
    public static KubeEvent nodePoolDisruptionBlocked(InvolvedObject nodePool, String budgetReason) {
        return new KubeEvent(nodePool, Type.Normal, DISRUPTION_BLOCKED, "No allowed disruptions for disruption reason "
            + budgetReason + " due to blocking budget", List.of(nodePool.uidOrName(), budgetReason),
            Duration.ofMinutes(1), null);
    }

    /** On a Node or NodeClaim: why consolidation cannot remove or replace it; deduplicated for 15 minutes. */
    public static KubeEvent unconsolidatable(InvolvedObject nodeOrClaim, String why) {
        return new KubeEvent(nodeOrClaim, Type.Normal, UNCONSOLIDATABLE, why, List.of(nodeOrClaim.uidOrName()),
            Duration.ofMinutes(15), null);
    }

    /**
     * The event a consolidator verdict means for the Node or NodeClaim it is about, worded as Karpenter: a candidate
     * that may not be disrupted ({@code DisruptionBlocked}) or a consolidation that would not work or pay
     * ({@code Unconsolidatable}). Verdicts Karpenter has no event for (budgets — those are NodePool events —, the
     * consolidateAfter wait, a method that acted first, a command waiting for another) give none.
     */
    public static Optional<KubeEvent> forVerdict(InvolvedObject nodeOrClaim, ReasonMessage why) {
        String blocked = switch (why.reason()) {
            case DO_NOT_DISRUPT_NODE -> "Disruption is blocked through the \"karpenter.sh/do-not-disrupt\" annotation";
            case DO_NOT_DISRUPT_POD -> "Pod has \"karpenter.sh/do-not-disrupt\" annotation (Pod=" + why.arg(0) + ")";
            case PDB_BLOCKS -> "Pdb prevents pod evictions (PodDisruptionBudget=[" + why.arg(0) + "])";
            case MULTIPLE_PDBS -> "Eviction does not support multiple PDBs";
            case NODE_NOMINATED -> "Node is nominated for a pending pod";
            case NODE_NOT_INITIALIZED -> "Node isn't initialized";
            case NODE_DELETING -> "Node is deleting or marked for deletion";
            case NODEPOOL_NOT_DISRUPTABLE -> "does not exist".equals(why.arg(2))
                ? "NodePool not found (NodePool=" + why.arg(1) + ")" : sentence(why.text());
            default -> null;
        };
        if (blocked != null) {
            return Optional.of(disruptionBlocked(nodeOrClaim, blocked));
        }
        String unconsolidatable = switch (why.reason()) {
            case CONSOLIDATION_DISABLED -> "NodePool \"" + why.arg(0) + "\" has consolidation disabled";
            case NONEMPTY_CONSOLIDATION_DISABLED -> "NodePool \"" + why.arg(0)
                + "\" has consolidation policy WhenEmpty, but node is not empty";
            case NODE_LABELS_MISSING -> "Node does not have label \"" + why.arg(1) + "\"";
            case NO_CHEAPER_REPLACEMENT -> "Can't replace with a cheaper node";
            case TOO_MANY_REPLACEMENTS -> "Can't remove without creating " + why.arg(0) + " candidates";
            case SPOT_TO_SPOT_DISABLED, SPOT_TO_SPOT_TOO_FEW_TYPES -> why.text();
            case PODS_WOULD_NOT_SCHEDULE -> "Not all pods would schedule, " + why.arg(0);
            default -> null;
        };
        return Optional.ofNullable(unconsolidatable).map(text -> unconsolidatable(nodeOrClaim, text));
    }

    // ---- interruption (AWS pkg/controllers/interruption/events, reference §2.3) ---------------------------------------
    // Each goes to the NodeClaim and, when there is one, to its Node, deduplicated by the object's uid for 2 minutes.

    /** Warning {@code Spot interruption warning was triggered}. */
    public static List<KubeEvent> spotInterrupted(InvolvedObject nodeClaim, InvolvedObject node) {
        return onClaimAndNode(nodeClaim, node, Type.Warning, SPOT_INTERRUPTED, "Spot interruption warning was triggered");
    }

    /** Normal {@code Spot rebalance recommendation was triggered} (nothing else happens). */
    public static List<KubeEvent> spotRebalanceRecommendation(InvolvedObject nodeClaim, InvolvedObject node) {
        return onClaimAndNode(nodeClaim, node, Type.Normal, SPOT_REBALANCE_RECOMMENDATION,
            "Spot rebalance recommendation was triggered");
    }

    /** Warning {@code Capacity Reservation interruption warning was triggered}. */
    public static List<KubeEvent> capacityReservationInterrupted(InvolvedObject nodeClaim, InvolvedObject node) {
        return onClaimAndNode(nodeClaim, node, Type.Warning, CAPACITY_RESERVATION_INSTANCE_INTERRUPTED,
            "Capacity Reservation interruption warning was triggered");
    }

    /** Warning {@code Instance is stopping} (state change to stopping or stopped). */
    public static List<KubeEvent> instanceStopping(InvolvedObject nodeClaim, InvolvedObject node) {
        return onClaimAndNode(nodeClaim, node, Type.Warning, INSTANCE_STOPPING, "Instance is stopping");
    }

    /** Warning {@code Instance is terminating} (state change to shutting-down or terminated). */
    public static List<KubeEvent> instanceTerminating(InvolvedObject nodeClaim, InvolvedObject node) {
        return onClaimAndNode(nodeClaim, node, Type.Warning, INSTANCE_TERMINATING, "Instance is terminating");
    }

    /** Warning {@code An unhealthy warning was triggered for the instance} (an AWS Health scheduled change). */
    public static List<KubeEvent> instanceUnhealthy(InvolvedObject nodeClaim, InvolvedObject node) {
        return onClaimAndNode(nodeClaim, node, Type.Warning, INSTANCE_UNHEALTHY,
            "An unhealthy warning was triggered for the instance");
    }

    /**
     * Warning {@code Interruption triggered termination for the NodeClaim} / {@code ... for the Node}: published once the
     * NodeClaim is deleted because of an interruption (not when it was already being deleted).
     */
    public static List<KubeEvent> terminatingOnInterruption(InvolvedObject nodeClaim, InvolvedObject node) {
        List<KubeEvent> events = new ArrayList<>();
        events.add(new KubeEvent(nodeClaim, Type.Warning, TERMINATING_ON_INTERRUPTION,
            "Interruption triggered termination for the NodeClaim", List.of(nodeClaim.uidOrName()), TWO_MINUTES, null));
        if (node != null) {
            events.add(new KubeEvent(node, Type.Warning, TERMINATING_ON_INTERRUPTION,
                "Interruption triggered termination for the Node", List.of(node.uidOrName()), TWO_MINUTES, null));
        }
        return List.copyOf(events);
    }

    private static List<KubeEvent> onClaimAndNode(InvolvedObject nodeClaim, InvolvedObject node, Type type, String reason,
                                                  String message) {
        List<KubeEvent> events = new ArrayList<>();
        events.add(new KubeEvent(nodeClaim, type, reason, message, List.of(nodeClaim.uidOrName()), TWO_MINUTES, null));
        if (node != null) {
            events.add(new KubeEvent(node, type, reason, message, List.of(node.uidOrName()), TWO_MINUTES, null));
        }
        return List.copyOf(events);
    }

    // ---- EC2NodeClass (ours) ---------------------------------------------------------------------------------------

    /**
     * Warning on an EC2NodeClass that selects subnets or security groups by the discovery tag: a resource holds that
     * tag with another cluster's value (left unchanged). Deduplicated per class and conflict for 15 minutes.
     */
    public static KubeEvent discoveryTagConflict(InvolvedObject nodeClass, String conflict) {
        return new KubeEvent(nodeClass, Type.Warning, DISCOVERY_TAG_CONFLICT, "Discovery tag conflict: " + conflict,
            List.of(nodeClass.uidOrName(), conflict), Duration.ofMinutes(15), null);
    }

    /** A disruption reason as Karpenter prints it: {@code UNDERUTILIZED} → {@code Underutilized}. */
    static String titled(Reason reason) {
        return reason.camelCase();
    }

    private static String sentence(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
