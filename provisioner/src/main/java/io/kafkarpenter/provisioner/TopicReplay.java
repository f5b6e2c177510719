package io.kafkarpenter.provisioner;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;

/**
 * How far the replay of topics read from their beginning has come: each assigned partition's end offset at
 * assignment is the point the replay must reach before the state built from it is the whole truth.
 */
final class TopicReplay {

    /** partition → offset the replay must reach (the end offset when the partition was assigned). */
    private final Map<TopicPartition, Long> until = new ConcurrentHashMap<>();
    private volatile boolean assigned;

    /** Partitions were assigned, with their end offsets at that moment. */
    void assigned(Map<TopicPartition, Long> endOffsets) {
        endOffsets.forEach((tp, end) -> {
            if (end > 0) {
                until.put(tp, end);
            }
        });
        assigned = true;
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(until::remove);
    }

    /** A record at {@code offset} of the partition was applied. */
    void applied(String topic, int partition, long offset) {
        until.computeIfPresent(new TopicPartition(topic, partition), (tp, end) -> offset + 1 >= end ? null : end);
    }

    /** True once partitions were assigned and every one was replayed up to its end offset at assignment. */
    boolean caughtUp() {
        return assigned && until.isEmpty();
    }

    /** What is left, for a log line: {@code topic-partition → offset to reach}. */
    Map<TopicPartition, Long> remaining() {
        return Map.copyOf(until);
    }
}
