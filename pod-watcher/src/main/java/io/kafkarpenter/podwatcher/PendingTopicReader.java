package io.kafkarpenter.podwatcher;

import io.kafkarpenter.service.EventMessages;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.events.PendingPod;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads pod-watcher's own compacted topic {@code kk.pods.pending} back (channel {@code pods-pending-in}): a pod
 * recorded as pending that the cluster no longer has pending (bound or deleted while nobody watched, or never
 * seen by this cluster) gets its tombstone; one that is still pending is remembered as published. A record that
 * is not a valid {@link PendingPod} goes to {@code kk.dlq.pod-watcher}.
 */
@ApplicationScoped
public class PendingTopicReader {

    private static final Logger LOG = Logger.getLogger(PendingTopicReader.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final PodInformer informer;
    private final PendingPodPublisher publisher;
    private final PodWatcherConfig config;

    PendingTopicReader(PodInformer informer, PendingPodPublisher publisher, PodWatcherConfig config) {
        this.informer = informer;
        this.publisher = publisher;
        this.config = config;
    }

    @Incoming("pods-pending-in")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        EventMessages.enterMdc(record);
        try {
            if (record.value() == null) {
                publisher.forget(record.key());
                return;
            }
            PendingPod pending = EventJson.read(record.value(), PendingPod.class);
            if (!pending.key().equals(record.key())) {
                throw new InvalidEventException("PendingPod", "pod.uid", "PendingPod: record key '" + record.key()
                    + "' is not the pod's uid 'pod.uid' (" + pending.key() + ")", null);
            }
            if (!informer.awaitSynced(config.informerSyncTimeout())) {
                throw new IllegalStateException("the pod informer did not sync within " + config.informerSyncTimeout());
            }
            var view = pending.pod();
            if (informer.pendingPod(view.namespace(), view.name(), view.uid()).isPresent()) {
                publisher.remember(view);
            } else {
                LOG.infof("pod %s (uid %s) is on kk.pods.pending but not pending in the cluster", view.ref(), view.uid());
                publisher.tombstone(view.uid(), view.ref().toString(), true).await().atMost(SEND_TIMEOUT);
            }
        } finally {
            EventMessages.clearMdc();
        }
    }
}
