package io.kafkarpenter.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.service.kafka.TopicReplay;

/** A replay from the beginning is caught up once every assigned partition reached its end offset at assignment. */
class TopicReplayTest {

    private static final TopicPartition LAUNCH_0 = new TopicPartition("kk.nodeclaims.launch", 0);
    private static final TopicPartition LAUNCH_1 = new TopicPartition("kk.nodeclaims.launch", 1);

    @Test
    void notCaughtUpBeforeAnyAssignment() {
        assertThat(new TopicReplay().caughtUp()).isFalse();
    }

    @Test
    void caughtUpOnceEachPartitionReachedItsEndAtAssignment() {
        TopicReplay replay = new TopicReplay();
        assign(replay, Map.of(LAUNCH_0, 3L, LAUNCH_1, 1L));

        replay.applied("kk.nodeclaims.launch", 0, 0);
        replay.applied("kk.nodeclaims.launch", 1, 0);
        replay.applied("kk.nodeclaims.launch", 0, 1);
        assertThat(replay.caughtUp()).isFalse();
        assertThat(replay.remaining()).containsOnlyKeys(LAUNCH_0);

        replay.applied("kk.nodeclaims.launch", 0, 2);
        assertThat(replay.caughtUp()).isTrue();
        // records published after the assignment do not matter
        replay.applied("kk.nodeclaims.launch", 0, 7);
        assertThat(replay.caughtUp()).isTrue();
    }

    @Test
    void emptyPartitionsAreCaughtUpAtOnceAndARevokedOneIsNotWaitedFor() {
        TopicReplay replay = new TopicReplay();
        assign(replay, Map.of(LAUNCH_0, 0L, LAUNCH_1, 5L));
        assertThat(replay.caughtUp()).isFalse();

        replay.revoked(List.of(LAUNCH_1));
        assertThat(replay.caughtUp()).isTrue();
    }

    /** Assigned with these end offsets, every partition's records still there from offset 0. */
    private static void assign(TopicReplay replay, Map<TopicPartition, Long> ends) {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.updateBeginningOffsets(Map.of(LAUNCH_0, 0L, LAUNCH_1, 0L));
        consumer.updateEndOffsets(ends);
        replay.assigned(consumer, ends.keySet());
    }
}
