package io.kafkarpenter.model.interruption;

import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.kubeevent.KubeEvent;
import io.kafkarpenter.model.reasons.ReasonMessage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do for one instance named by an interruption message ({@link InterruptionDecisions#decide}).
 *
 * @param messageId         the EventBridge event id (may be null)
 * @param type              the message's kind
 * @param kind              what to do
 * @param owner             the owning NodeClaim; null for {@link Kind#IGNORE_UNOWNED}
 * @param why               the kk.decisions reason and text
 * @param offering          for a spot interruption of a labelled NodeClaim: the {@code (type, zone, spot)} offering
 *                          to publish on {@code kk.offerings.unavailable}; else null
 * @param events            published at once (SpotInterrupted, InstanceStopping, ...), on the NodeClaim and its Node
 * @param terminationEvents published after the NodeClaim's deletion was requested (TerminatingOnInterruption); empty
 *                          when nothing is deleted or the NodeClaim was already being deleted
 */
public record InterruptionAction(String messageId, MessageType type, String instanceId, Kind kind, OwnedInstance owner,
                                 ReasonMessage why, UnavailableOffering offering, List<KubeEvent> events,
                                 List<KubeEvent> terminationEvents) {

    public enum Kind {
        /**
         * Delete the NodeClaim through the normal termination flow, now: no disruption budgets (Karpenter deletes the
         * NodeClaim directly), PodDisruptionBudgets still respected by the drain until the instance is gone; its pods
         * become pending and are provisioned again.
         */
        DELETE_NODECLAIM,
        /** Publish the events and record the decision; nothing is deleted (rebalance recommendation). */
        EVENT_ONLY,
        /** The instance is not this cluster's: record why and delete the message. */
        IGNORE_UNOWNED
    }

    public InterruptionAction {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(why, "why");
        if ((kind == Kind.IGNORE_UNOWNED) != (owner == null)) {
            throw new IllegalArgumentException("an owner is given exactly when the instance is owned: " + kind);
        }
        events = events == null ? List.of() : List.copyOf(events);
        terminationEvents = terminationEvents == null ? List.of() : List.copyOf(terminationEvents);
    }

    public Optional<UnavailableOffering> unavailableOffering() {
        return Optional.ofNullable(offering);
    }

    /** Whether the reader must request the NodeClaim's deletion (false when it is already being deleted). */
    public boolean startsTermination() {
        return kind == Kind.DELETE_NODECLAIM && !owner.deleting();
    }

    /** The {@code reason} of {@code karpenter_nodeclaims_disrupted_total} when {@link #startsTermination()}: the kind's label. */
    public Optional<String> disruptedReasonLabel() {
        return startsTermination() ? Optional.of(type.label()) : Optional.empty();
    }
}
