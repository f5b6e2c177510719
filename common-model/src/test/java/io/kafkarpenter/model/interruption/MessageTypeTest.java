package io.kafkarpenter.model.interruption;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTypeTest {

    @Test
    void labelsAreKarpentersMessageTypeValues() {
        // karpenter-observability.md §1.2: message_type of karpenter_interruption_received_messages_total
        assertThat(Arrays.stream(MessageType.values()).map(MessageType::label)).containsExactlyInAnyOrder(
                "spot_interrupted", "rebalance_recommendation", "scheduled_change", "instance_stopped",
                "instance_terminated", "capacity_reservation_interrupted", "no_op");
    }

    @Test
    void onlyRebalanceAndNoOpLeaveTheNodeClaim() {
        assertThat(EnumSet.allOf(MessageType.class).stream().filter(t -> !t.deletesNodeClaim()))
                .containsExactlyInAnyOrder(MessageType.REBALANCE_RECOMMENDATION, MessageType.NO_OP);
    }
}
