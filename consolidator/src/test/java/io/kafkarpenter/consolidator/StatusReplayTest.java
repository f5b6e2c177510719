package io.kafkarpenter.consolidator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A restarted consolidator replays {@code kk.nodeclaims.status} from the beginning and plans once it reached the end
 * offsets it found at assignment, also when retention deleted every record of a partition (a partition with no
 * NodeClaim news for longer than the topic's retention: its end offset is past 0 but nothing is left to read).
 */
class StatusReplayTest {

    private static final TopicPartition P0 = new TopicPartition("kk.nodeclaims.status", 0);
    private static final TopicPartition P1 = new TopicPartition("kk.nodeclaims.status", 1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final StatusReplay replay = new StatusReplay();

    @Test
    void caughtUpOnlyOnceEveryRecordThereAtAssignmentWasApplied() {
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 3L, P1, 0L));

        replay.onPartitionsAssigned(consumer, List.of(P0, P1));
        assertThat(replay.caughtUp()).isFalse();
        replay.applied(P0.topic(), 0, 1);
        assertThat(replay.caughtUp()).isFalse();
        replay.applied(P0.topic(), 0, 2);
        assertThat(replay.caughtUp()).isTrue();
    }

    @Test
    void aPartitionWhoseRecordsRetentionDeletedHasNothingToReplay() {
        consumer.updateBeginningOffsets(Map.of(P0, 7L, P1, 2L));
        consumer.updateEndOffsets(Map.of(P0, 7L, P1, 4L));

        replay.onPartitionsAssigned(consumer, List.of(P0, P1));
        assertThat(replay.caughtUp()).isFalse();
        replay.applied(P1.topic(), 1, 3);
        assertThat(replay.caughtUp()).isTrue();
    }
}
