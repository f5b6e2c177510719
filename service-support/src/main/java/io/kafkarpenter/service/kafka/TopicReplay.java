package io.kafkarpenter.service.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;

/**
 * How far the replay of topics read from their beginning has come: each assigned partition's end offset at
 * assignment is the point the replay must reach before the state built from it is the whole truth. Shared by the
 * provisioner (its feedback topics) and the consolidator ({@code kk.nodeclaims.status}).
 */
public final class TopicReplay {

    /** partition → offset the replay must reach (the end offset when the partition was assigned). */
    private final Map<TopicPartition, Long> until = new ConcurrentHashMap<>();
    private volatile boolean assigned;

    /** Partitions were assigned, with their end offsets at that moment. */
    public void assigned(Map<TopicPartition, Long> endOffsets) {
        endOffsets.forEach((tp, end) -> {
            if (end > 0) {
                until.put(tp, end);
            }
        });
        assigned = true;
    }

    public void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(until::remove);
    }

    /** A record at {@code offset} of the partition was applied. */
    public void applied(String topic, int partition, long offset) {
        until.computeIfPresent(new TopicPartition(topic, partition), (tp, end) -> offset + 1 >= end ? null : end);
    }

    /** True once partitions were assigned and every one was replayed up to its end offset at assignment. */
    public boolean caughtUp() {
        return assigned && until.isEmpty();
    }

    /** What is left, for a log line: {@code topic-partition → offset to reach}. */
    public Map<TopicPartition, Long> remaining() {
        return Map.copyOf(until);
    }
}
