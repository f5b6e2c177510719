package io.kafkarpenter.service.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
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

    /**
     * Partitions were assigned (call from a rebalance listener, on the consumer's thread): each is to be replayed up
     * to its end offset now, unless it holds no record (its beginning offset is its end: empty, or retention deleted
     * every record, which happens to a partition without news for longer than the topic's retention). Returns the end
     * offsets.
     */
    public Map<TopicPartition, Long> assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        ends.forEach((tp, end) -> {
            if (end > beginnings.getOrDefault(tp, 0L)) {
                until.put(tp, end);
            }
        });
        assigned = true;
        return ends;
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
