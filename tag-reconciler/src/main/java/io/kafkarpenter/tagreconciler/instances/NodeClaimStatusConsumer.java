package io.kafkarpenter.tagreconciler.instances;

import io.kafkarpenter.service.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.tagreconciler.loop.ReconcileTriggers;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads {@code kk.nodeclaims.status} (channel {@code nodeclaims-status}) into the {@link InstanceTagQueue} and asks
 * the loop for a discovery reconcile ({@link ReconcileTriggers}). A record that is not a valid
 * {@link NodeClaimStatusChange} goes to {@code kk.dlq.tag-reconciler} and consumption goes on; nothing transient
 * happens here (AWS calls are the loop's), so nothing transient is ever dead-lettered.
 */
@ApplicationScoped
public class NodeClaimStatusConsumer {

    private static final Logger LOG = Logger.getLogger(NodeClaimStatusConsumer.class);

    private final InstanceTagQueue queue;
    private final ReconcileTriggers triggers;
    private final MeterRegistry registry;

    NodeClaimStatusConsumer(InstanceTagQueue queue, ReconcileTriggers triggers, MeterRegistry registry) {
        this.queue = queue;
        this.triggers = triggers;
        this.registry = registry;
    }

    @Incoming("nodeclaims-status")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        EventMessages.enterMdc(record);
        try {
            NodeClaimStatusChange change = EventMessages.nodeClaimStatus(record);
            var queued = queue.apply(change);
            triggers.requestDiscovery();
            registry.counter("kafkarpenter.tagreconciler.status.records", "phase", change.phase().name()).increment();
            LOG.debugf("NodeClaim %s is %s; instance %s %s", change.nodeClaimName(), change.phase(), change.instanceId(),
                queued.map(p -> "queued for tags").orElse("not queued"));
        } finally {
            EventMessages.clearMdc();
        }
    }
}
