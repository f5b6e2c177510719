package io.kafkarpenter.model.interruption;

/**
 * The kind of an interruption message, with Karpenter's {@code messages.Kind} string as {@link #label()}: the
 * {@code message_type} label of {@code karpenter_interruption_received_messages_total} and the {@code reason} label of
 * {@code karpenter_nodeclaims_disrupted_total} for the kinds that delete a NodeClaim.
 */
public enum MessageType {
    SPOT_INTERRUPTED("spot_interrupted"),
    REBALANCE_RECOMMENDATION("rebalance_recommendation"),
    SCHEDULED_CHANGE("scheduled_change"),
    INSTANCE_STOPPED("instance_stopped"),
    INSTANCE_TERMINATED("instance_terminated"),
    CAPACITY_RESERVATION_INTERRUPTED("capacity_reservation_interrupted"),
    /** An empty body, an event kind Karpenter does not handle, or a handled kind it ignores (a {@code running} state). */
    NO_OP("no_op");

    private final String label;

    MessageType(String label) {
        this.label = label;
    }

    /** Karpenter's string for this kind, e.g. {@code spot_interrupted}. */
    public String label() {
        return label;
    }

    /** Whether a message of this kind deletes the NodeClaim of an owned instance (Karpenter's {@code CordonAndDrain}). */
    public boolean deletesNodeClaim() {
        return switch (this) {
            case SPOT_INTERRUPTED, SCHEDULED_CHANGE, INSTANCE_STOPPED, INSTANCE_TERMINATED,
                 CAPACITY_RESERVATION_INTERRUPTED -> true;
            case REBALANCE_RECOMMENDATION, NO_OP -> false;
        };
    }
}
