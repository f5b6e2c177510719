package io.kafkarpenter.provisioner;

import io.kafkarpenter.service.EventMessages;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.events.PendingPod;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads {@code kk.pods.pending} (channel {@code pods-pending}) into {@link PendingPods} and triggers the batch
 * window ({@link ProvisioningLoop}); the decisions are made per batch, not per record.
 *
 * <p>A record that is not a valid {@link PendingPod} throws: SmallRye's dead-letter-queue failure strategy then
 * writes it to {@code kk.dlq.provisioner} with the error in its headers, and consumption goes on.
 */
@ApplicationScoped
public class PendingPodConsumer {

    static final String SERVICE = "provisioner";
    private static final Logger LOG = Logger.getLogger(PendingPodConsumer.class);

    private final PendingPods pendingPods;
    private final ProvisioningLoop loop;
    private final PendingTopicRebalancer rebalancer;
    private final ProvisionerMetrics metrics;

    PendingPodConsumer(PendingPods pendingPods, ProvisioningLoop loop, PendingTopicRebalancer rebalancer,
                       ProvisionerMetrics metrics) {
        this.pendingPods = pendingPods;
        this.loop = loop;
        this.rebalancer = rebalancer;
        this.metrics = metrics;
    }

    @Incoming("pods-pending")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        EventMessages.enterMdc(record);
        try {
            if (record.value() == null) {
                boolean wasPending = pendingPods.remove(record.key());
                LOG.debugf("pod uid %s is no longer pending (tombstone; was known: %s)", record.key(), wasPending);
                count("tombstone");
                return;
            }
            PendingPod pending = EventJson.read(record.value(), PendingPod.class);
            if (!pending.key().equals(record.key())) {
                throw new InvalidEventException("PendingPod", "pod.uid", "PendingPod: record key '" + record.key()
                    + "' is not the pod's uid 'pod.uid' (" + pending.key() + ")", null);
            }
            pendingPods.put(pending, record.partition());
            loop.podArrived(pending);
            LOG.debugf("pod %s pending", pending.pod().ref());
            count("pending");
        } finally {
            rebalancer.applied(record.topic(), record.partition(), record.offset());
            EventMessages.clearMdc();
        }
    }

    private void count(String kind) {
        metrics.pendingRecord(kind);
    }
}
