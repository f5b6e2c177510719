package io.kafkarpenter.consolidator;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.kafkarpenter.service.kafka.TopicReplay;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Knows when {@code kk.nodeclaims.status}, which every process reads from its beginning, has been replayed up to
 * where it ended at assignment: until then a restarted consolidator does not know which NodeClaims the launcher
 * reported TERMINATING, and the disruption loop does not plan ({@link #caughtUp()}).
 */
@ApplicationScoped
@Identifier("status-replay")
@Default
public class StatusReplay implements KafkaConsumerRebalanceListener {

    private final TopicReplay replay = new TopicReplay();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        replay.assigned(consumer, partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        replay.revoked(partitions);
    }

    void applied(String topic, int partition, long offset) {
        replay.applied(topic, partition, offset);
    }

    /** True once the topic was assigned and replayed up to its end offsets at assignment. */
    public boolean caughtUp() {
        return replay.caughtUp();
    }
}
