package io.kafkarpenter.provisioner;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.service.kafka.TopicReplay;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Knows when the launcher's topics ({@code kk.nodeclaims.launch}, {@code kk.nodeclaims.status},
 * {@code kk.offerings.unavailable}), which every replica reads from their beginning, have been replayed up to
 * where they ended at start. Until then a restarted provisioner does not know every launch still in flight, and
 * deciding would buy their capacity again: the batching loop waits for {@link #caughtUp()}.
 */
@ApplicationScoped
@Identifier("feedback-replay")
@Default
public class FeedbackReplay implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(FeedbackReplay.class);

    static final Set<String> TOPICS = Set.of(Topics.NODECLAIMS_LAUNCH, Topics.NODECLAIMS_STATUS,
        Topics.OFFERINGS_UNAVAILABLE);

    private final TopicReplay replay = new TopicReplay();
    private final Set<String> assignedTopics = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        var ends = replay.assigned(consumer, partitions);
        partitions.forEach(tp -> assignedTopics.add(tp.topic()));
        LOG.debugf("replaying %s up to %s", partitions, ends);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        replay.revoked(partitions);
    }

    void applied(String topic, int partition, long offset) {
        replay.applied(topic, partition, offset);
    }

    /** True once the three topics were each assigned and replayed up to their end at assignment. */
    boolean caughtUp() {
        return assignedTopics.containsAll(TOPICS) && replay.caughtUp();
    }

    /** What the replay still waits for, for the batching loop's log line. */
    String remaining() {
        Set<String> missing = new TreeSet<>(TOPICS);
        missing.removeAll(assignedTopics);
        return missing.isEmpty() ? "up to " + replay.remaining() : "no partition of " + missing + " assigned yet";
    }
}
