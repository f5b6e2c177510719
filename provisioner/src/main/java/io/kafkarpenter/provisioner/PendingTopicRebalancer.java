package io.kafkarpenter.provisioner;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.kafkarpenter.service.kafka.TopicReplay;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Rebuilds the pending set from the compacted {@code kk.pods.pending}: every partition assigned to this replica is
 * read again from its beginning (so a restart, or a partition moving here from another replica, starts from the
 * whole truth rather than from the committed offset), and the pods of a revoked partition are forgotten. It also
 * remembers each partition's end offset at assignment, so the batching loop can wait until the replay caught up
 * before it decides anything.
 */
@ApplicationScoped
@Identifier("pending-pods-rebalancer")
@Default
public class PendingTopicRebalancer implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(PendingTopicRebalancer.class);

    private final PendingPods pendingPods;
    private final TopicReplay replay = new TopicReplay();

    PendingTopicRebalancer(PendingPods pendingPods) {
        this.pendingPods = pendingPods;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = replay.assigned(consumer, partitions);
        consumer.seekToBeginning(partitions);
        LOG.infof("kk.pods.pending partitions %s assigned: replaying them from the beginning (up to %s)",
            partitions.stream().map(TopicPartition::partition).sorted().toList(), ends.values());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> revoked = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        replay.revoked(partitions);
        pendingPods.dropPartitions(revoked);
    }

    /** A record at {@code offset} of {@code partition} was applied. */
    void applied(String topic, int partition, long offset) {
        replay.applied(topic, partition, offset);
    }

    /** True once partitions are assigned and every one of them was replayed up to its end at assignment. */
    boolean caughtUp() {
        return replay.caughtUp();
    }
}
