package io.kafkarpenter.model.interruption;

import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.interruption.InterruptionAction.Kind;
import io.kafkarpenter.model.interruption.InterruptionMessage.CapacityReservationInterruption;
import io.kafkarpenter.model.interruption.InterruptionMessage.NoOp;
import io.kafkarpenter.model.interruption.InterruptionMessage.RebalanceRecommendation;
import io.kafkarpenter.model.interruption.InterruptionMessage.ScheduledChange;
import io.kafkarpenter.model.interruption.InterruptionMessage.SpotInterruption;
import io.kafkarpenter.model.interruption.InterruptionMessage.StateChange;
import io.kafkarpenter.model.kubeevent.InvolvedObject;
import io.kafkarpenter.model.kubeevent.KarpenterEvents;
import io.kafkarpenter.model.kubeevent.KubeEvent;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The interruption action table (Karpenter's {@code interruption/controller.go}), pure: per instance a message names,
 * what to do, why (kk.decisions), which events and which unavailable offering.
 *
 * <table>
 *   <caption>message kind → action for an owned instance</caption>
 *   <tr><th>kind</th><th>action</th><th>reason</th><th>events</th></tr>
 *   <tr><td>spot_interrupted</td><td>delete NodeClaim; (type, zone, spot) unavailable</td><td>SPOT_INTERRUPTED</td><td>SpotInterrupted</td></tr>
 *   <tr><td>scheduled_change</td><td>delete NodeClaim</td><td>SCHEDULED_CHANGE</td><td>InstanceUnhealthy</td></tr>
 *   <tr><td>instance_stopped</td><td>delete NodeClaim</td><td>INSTANCE_STATE_CHANGED</td><td>InstanceStopping</td></tr>
 *   <tr><td>instance_terminated</td><td>delete NodeClaim</td><td>INSTANCE_STATE_CHANGED</td><td>InstanceTerminating</td></tr>
 *   <tr><td>capacity_reservation_interrupted</td><td>delete NodeClaim</td><td>CAPACITY_RESERVATION_INTERRUPTED</td><td>CapacityReservationInstanceInterrupted</td></tr>
 *   <tr><td>rebalance_recommendation</td><td>event only</td><td>REBALANCE_RECOMMENDED</td><td>SpotRebalanceRecommendation</td></tr>
 * </table>
 * A deletion also has {@code TerminatingOnInterruption} events, unless the NodeClaim was already being deleted. An
 * instance no NodeClaim owns → {@link Kind#IGNORE_UNOWNED} with INTERRUPTION_UNOWNED_INSTANCE, no events. A
 * {@link NoOp} gives no action (nothing to record: state changes of every instance in the account would flood
 * kk.decisions). A capacity reservation interruption does not mark the reservation unavailable: there is no contract
 * for reservations on kk.offerings.unavailable yet.
 */
public final class InterruptionDecisions {

    /** Prefix of the {@code schedulingId} of interruption decision records. */
    public static final String ID_PREFIX = "intr-";

    private InterruptionDecisions() {
    }

    /**
     * The actions for one message, one per distinct instance it names, in its order.
     *
     * @param owners the owning NodeClaim of an instance id, empty when none of this cluster's NodeClaims has it
     * @param now    when the decision is made (the unavailable offering's mark time)
     */
    public static List<InterruptionAction> decide(InterruptionMessage message,
                                                  Function<String, Optional<OwnedInstance>> owners, Instant now) {
        if (message instanceof NoOp) {
            return List.of();
        }
        List<InterruptionAction> actions = new ArrayList<>();
        for (String instanceId : new LinkedHashSet<>(message.instanceIds())) {
            Optional<OwnedInstance> owner = owners.apply(instanceId);
            actions.add(owner.isPresent() ? forOwned(message, owner.get(), now) : unowned(message, instanceId));
        }
        return List.copyOf(actions);
    }

    private static InterruptionAction unowned(InterruptionMessage message, String instanceId) {
        ReasonMessage why = Reason.INTERRUPTION_UNOWNED_INSTANCE.format(message.type().label(), message.id(), instanceId);
        return new InterruptionAction(message.id(), message.type(), instanceId, Kind.IGNORE_UNOWNED, null, why, null,
                List.of(), List.of());
    }

    private static InterruptionAction forOwned(InterruptionMessage message, OwnedInstance owner, Instant now) {
        InvolvedObject claim = owner.nodeClaimObject();
        InvolvedObject node = owner.nodeObject();
        String id = owner.instanceId();
        String nodeClaim = owner.nodeClaim();
        UnavailableOffering offering = null;
        ReasonMessage why;
        List<KubeEvent> events;
        if (message instanceof SpotInterruption spot) {
            boolean labelled = owner.instanceType() != null && owner.zone() != null;
            String offeringText = labelled ? owner.instanceType() + "/" + owner.zone() + "/spot"
                    : "none (instance type or zone of the NodeClaim unknown)";
            why = Reason.SPOT_INTERRUPTED.format(id, nodeClaim, spot.action(), offeringText);
            if (labelled) {
                offering = UnavailableOffering.marked(owner.instanceType(), owner.zone(), "spot",
                        Reason.SPOT_INTERRUPTED, why.text(), now);
            }
            events = KarpenterEvents.spotInterrupted(claim, node);
        } else if (message instanceof ScheduledChange change) {
            why = Reason.SCHEDULED_CHANGE.format(id, nodeClaim, change.eventTypeCode());
            events = KarpenterEvents.instanceUnhealthy(claim, node);
        } else if (message instanceof StateChange state) {
            why = Reason.INSTANCE_STATE_CHANGED.format(id, nodeClaim, state.state());
            events = state.stopping() ? KarpenterEvents.instanceStopping(claim, node)
                    : KarpenterEvents.instanceTerminating(claim, node);
        } else if (message instanceof CapacityReservationInterruption reservation) {
            why = Reason.CAPACITY_RESERVATION_INTERRUPTED.format(id, nodeClaim, reservation.action());
            events = KarpenterEvents.capacityReservationInterrupted(claim, node);
        } else if (message instanceof RebalanceRecommendation) {
            why = Reason.REBALANCE_RECOMMENDED.format(id, nodeClaim);
            events = KarpenterEvents.spotRebalanceRecommendation(claim, node);
        } else {
            throw new IllegalStateException("no action for " + message.type());
        }
        Kind kind = message.type().deletesNodeClaim() ? Kind.DELETE_NODECLAIM : Kind.EVENT_ONLY;
        List<KubeEvent> termination = kind == Kind.DELETE_NODECLAIM && !owner.deleting()
                ? KarpenterEvents.terminatingOnInterruption(claim, node) : List.of();
        return new InterruptionAction(message.id(), message.type(), id, kind, owner, why, offering, events, termination);
    }

    // ---- kk.decisions ---------------------------------------------------------------------------------------------

    /**
     * The scheduling id of a message's actions, {@code intr-<event id>}: the kk.decisions key of {@link #record} and the
     * decision a NodeClaim's termination carries.
     */
    public static String schedulingId(InterruptionAction action) {
        return ID_PREFIX + (action.messageId() == null ? "unknown" : action.messageId());
    }

    /**
     * The kk.decisions record of an action: kind DISRUPTION, keyed {@code intr-<event id>}, decision id
     * {@code intr-<event id>-<instance id>}, about the instance, its NodeClaim, NodePool and Node.
     */
    public static DecisionRecord record(InterruptionAction action, String service, Instant at) {
        String schedulingId = schedulingId(action);
        List<Subject> subjects = new ArrayList<>();
        subjects.add(Subject.awsResource("Instance", action.instanceId()));
        OwnedInstance owner = action.owner();
        if (owner != null) {
            subjects.add(Subject.nodeClaim(owner.nodeClaim()));
            if (owner.nodePool() != null) {
                subjects.add(Subject.nodePool(owner.nodePool()));
            }
            if (owner.node() != null) {
                subjects.add(Subject.node(owner.node()));
            }
        }
        return new DecisionRecord(schedulingId, schedulingId + "-" + action.instanceId(), service,
                DecisionKind.DISRUPTION, subjects, action.why().reason(), action.why().text(), List.of(), at);
    }

    /**
     * The kk.decisions record of a message that could not be read (kind INPUT, reason INTERRUPTION_MALFORMED).
     *
     * @param sqsMessageId the SQS {@code MessageId} (the body may have no readable event id)
     */
    public static DecisionRecord malformed(String sqsMessageId, InvalidEventException error, String service,
                                           Instant at) {
        ReasonMessage why = Reason.INTERRUPTION_MALFORMED.format(sqsMessageId, error.getMessage());
        String schedulingId = ID_PREFIX + "sqs-" + sqsMessageId;
        return new DecisionRecord(schedulingId, null, service, DecisionKind.INPUT, List.of(), why.reason(), why.text(),
                List.of(), at);
    }

    /**
     * Event time → handled, for {@code karpenter_interruption_message_queue_duration_seconds}; empty when the message
     * has no time (a no-op). Never negative (clock skew between AWS and us reads as zero).
     */
    public static Optional<Duration> queueDuration(InterruptionMessage message, Instant handledAt) {
        if (message.time() == null) {
            return Optional.empty();
        }
        Duration d = Duration.between(message.time(), handledAt);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }
}
