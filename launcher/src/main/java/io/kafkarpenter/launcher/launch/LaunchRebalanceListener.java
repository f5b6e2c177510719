package io.kafkarpenter.launcher.launch;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/** Feeds the launch channel's partition assignments into this replica's {@link PartitionOwnership}. */
@ApplicationScoped
@Identifier(LaunchRebalanceListener.NAME)
public class LaunchRebalanceListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "launch-partitions";

    private final PartitionOwnership ownership = new PartitionOwnership();

    @Produces
    @ApplicationScoped
    public PartitionOwnership ownership() {
        return ownership;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        int count = partitions.stream().findFirst().map(p -> consumer.partitionsFor(p.topic()).size()).orElse(0);
        ownership.assigned(partitions, count);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        ownership.revoked(partitions);
    }
}
