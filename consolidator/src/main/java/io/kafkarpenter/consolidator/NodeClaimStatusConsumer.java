package io.kafkarpenter.consolidator;

import io.kafkarpenter.service.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads {@code kk.nodeclaims.status} (channel {@code nodeclaims-status}) into {@link NodeClaimStates}. A record that is
 * not a valid {@link NodeClaimStatusChange} goes to {@code kk.dlq.consolidator} and consumption goes on.
 */
@ApplicationScoped
public class NodeClaimStatusConsumer {

    private static final Logger LOG = Logger.getLogger(NodeClaimStatusConsumer.class);

    private final NodeClaimStates states;
    private final StatusReplay replay;

    NodeClaimStatusConsumer(NodeClaimStates states, StatusReplay replay) {
        this.states = states;
        this.replay = replay;
    }

    @Incoming("nodeclaims-status")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        EventMessages.enterMdc(record);
        try {
            NodeClaimStatusChange change = EventMessages.nodeClaimStatus(record);
            boolean applied = states.apply(change);
            LOG.debugf("NodeClaim %s is %s%s", change.nodeClaimName(), change.phase(), applied ? "" : " (older than known, ignored)");
        } finally {
            // an invalid record (dead-lettered) counts as replayed too
            replay.applied(record.topic(), record.partition(), record.offset());
            EventMessages.clearMdc();
        }
    }
}
