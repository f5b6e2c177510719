package io.kafkarpenter.tagreconciler;

import io.kafkarpenter.service.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads {@code kk.nodeclaims.status} (channel {@code nodeclaims-status}) into the {@link InstanceTagQueue}
 * (CreateTags comes with the EC2 client). A record that is not a valid {@link NodeClaimStatusChange} goes to
 * {@code kk.dlq.tag-reconciler} and consumption goes on.
 */
@ApplicationScoped
public class NodeClaimStatusConsumer {

    private static final Logger LOG = Logger.getLogger(NodeClaimStatusConsumer.class);

    private final InstanceTagQueue queue;
    private final MeterRegistry registry;

    NodeClaimStatusConsumer(InstanceTagQueue queue, MeterRegistry registry) {
        this.queue = queue;
        this.registry = registry;
    }

    @Incoming("nodeclaims-status")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        EventMessages.enterMdc(record);
        try {
            NodeClaimStatusChange change = EventJson.read(record.value(), NodeClaimStatusChange.class);
            if (!change.key().equals(record.key())) {
                throw new InvalidEventException("NodeClaimStatusChange", "nodeClaimName", "NodeClaimStatusChange: record key '"
                    + record.key() + "' is not its 'nodeClaimName' (" + change.nodeClaimName() + ")", null);
            }
            EventMessages.putMdc(Correlation.NONE.withNodePool(change.nodePool()).withNodeClaim(change.nodeClaimName())
                .withDecision(change.decisionId()));
            var queued = queue.apply(change);
            registry.counter("kk.tagreconciler.status.records", "phase", change.phase().name()).increment();
            LOG.debugf("NodeClaim %s is %s; instance %s %s", change.nodeClaimName(), change.phase(), change.instanceId(),
                queued.map(p -> "queued for tags " + p.tags()).orElse("not queued"));
        } finally {
            EventMessages.clearMdc();
        }
    }
}
