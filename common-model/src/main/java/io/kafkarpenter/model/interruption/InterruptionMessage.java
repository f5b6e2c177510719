package io.kafkarpenter.model.interruption;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One EventBridge event read from the interruption queue ({@link InterruptionParser#parse}), as Karpenter's
 * {@code messages.Message}: the instances it names, its {@link MessageType} and the event time (the start of
 * {@code karpenter_interruption_message_queue_duration_seconds}).
 */
public sealed interface InterruptionMessage {

    /** The EventBridge event id (envelope {@code id}); may be null for a {@link NoOp}. */
    String id();

    /** The envelope {@code time}; null only for a {@link NoOp} whose envelope had none. */
    Instant time();

    /** The EC2 instances the message is about (empty for a {@link NoOp}). */
    List<String> instanceIds();

    MessageType type();

    /** {@code aws.ec2} "EC2 Spot Instance Interruption Warning": the instance is reclaimed in two minutes. */
    record SpotInterruption(String id, Instant time, String instanceId, String action) implements InterruptionMessage {
        public SpotInterruption {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(instanceId, "instanceId");
        }

        @Override
        public List<String> instanceIds() {
            return List.of(instanceId);
        }

        @Override
        public MessageType type() {
            return MessageType.SPOT_INTERRUPTED;
        }
    }

    /** {@code aws.ec2} "EC2 Instance Rebalance Recommendation": elevated risk of interruption; event only. */
    record RebalanceRecommendation(String id, Instant time, String instanceId) implements InterruptionMessage {
        public RebalanceRecommendation {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(instanceId, "instanceId");
        }

        @Override
        public List<String> instanceIds() {
            return List.of(instanceId);
        }

        @Override
        public MessageType type() {
            return MessageType.REBALANCE_RECOMMENDATION;
        }
    }

    /**
     * {@code aws.health} "AWS Health Event" with service {@code EC2} and category {@code scheduledChange} (e.g.
     * instance retirement); every affected entity is an instance. Start and end are kept as AWS sends them (RFC 1123
     * strings in the samples), as Karpenter does.
     */
    record ScheduledChange(String id, Instant time, String eventTypeCode, List<String> instanceIds, String startTime,
                           String endTime) implements InterruptionMessage {
        public ScheduledChange {
            Objects.requireNonNull(time, "time");
            instanceIds = List.copyOf(instanceIds);
        }

        @Override
        public MessageType type() {
            return MessageType.SCHEDULED_CHANGE;
        }
    }

    /** {@code aws.ec2} "EC2 Instance State-change Notification" for one of {@link #ACTED_ON} (lower case). */
    record StateChange(String id, Instant time, String instanceId, String state) implements InterruptionMessage {
        /** The states Karpenter acts on; {@code pending} and {@code running} are {@link NoOp}s. */
        public static final Set<String> ACTED_ON = Set.of("stopping", "stopped", "shutting-down", "terminated");

        public StateChange {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(instanceId, "instanceId");
            state = Objects.requireNonNull(state, "state").toLowerCase(Locale.ROOT);
            if (!ACTED_ON.contains(state)) {
                throw new IllegalArgumentException("state " + state + " is not one of " + ACTED_ON);
            }
        }

        @Override
        public List<String> instanceIds() {
            return List.of(instanceId);
        }

        /** {@code stopping}/{@code stopped} → instance_stopped; {@code shutting-down}/{@code terminated} → instance_terminated. */
        @Override
        public MessageType type() {
            return stopping() ? MessageType.INSTANCE_STOPPED : MessageType.INSTANCE_TERMINATED;
        }

        public boolean stopping() {
            return state.equals("stopping") || state.equals("stopped");
        }
    }

    /** {@code aws.ec2} "EC2 Capacity Reservation Instance Interruption Warning" (interruptible reservations). */
    record CapacityReservationInterruption(String id, Instant time, String instanceId, String action)
            implements InterruptionMessage {
        public CapacityReservationInterruption {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(instanceId, "instanceId");
        }

        @Override
        public List<String> instanceIds() {
            return List.of(instanceId);
        }

        @Override
        public MessageType type() {
            return MessageType.CAPACITY_RESERVATION_INTERRUPTED;
        }
    }

    /**
     * A well-formed message that asks for nothing: an empty body, an event kind not handled, a Health event of
     * another service or category, a state Karpenter does not act on. Counted as {@code no_op} and deleted.
     *
     * @param why for logs, e.g. {@code instance state running is not acted on}
     */
    record NoOp(String id, Instant time, String why) implements InterruptionMessage {
        public NoOp {
            Objects.requireNonNull(why, "why");
        }

        @Override
        public List<String> instanceIds() {
            return List.of();
        }

        @Override
        public MessageType type() {
            return MessageType.NO_OP;
        }
    }
}
