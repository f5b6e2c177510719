package io.kafkarpenter.podwatcher;

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
 * Reads pod-watcher's own compacted topic {@code kk.pods.pending} back (channel {@code pods-pending-in}): a pod
 * recorded as pending that the cluster no longer has pending (bound or deleted while nobody watched, or never
 * seen by this cluster) gets its tombstone; one that is still pending is remembered as published. A record that
 * is not a valid {@link PendingPod} goes to {@code kk.dlq.pod-watcher}; nothing else does (an informer slow to sync
 * is waited for, a tombstone that cannot be sent is retried by {@link PendingPodPublisher}).
 *
 * <p>The channel starts paused and is resumed when this replica becomes the active one ({@link LeaderElection}); it
 * reads from the beginning with a consumer group of its own per process, so every start compares the whole topic
 * with the cluster: a restart republishes the truth and leaves no stale pending pod behind.
 */
@ApplicationScoped
public class PendingTopicReader {

    private static final Logger LOG = Logger.getLogger(PendingTopicReader.class);

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
            while (!informer.awaitSynced(config.informerSyncTimeout())) {
                // transient (the API server is slow or unreachable): wait, the record keeps its place
                LOG.warnf("the pod informer has not synced within %s; still waiting", config.informerSyncTimeout());
            }
            var view = pending.pod();
            if (informer.pendingPod(view.namespace(), view.name(), view.uid()).isPresent()) {
                publisher.remember(view);
            } else {
                LOG.infof("pod %s (uid %s) is on kk.pods.pending but not pending in the cluster", view.ref(), view.uid());
                // not awaited: the publisher retries a failed send until the broker has it (or a newer state of the
                // pod supersedes it); a broker that is down must not dead-letter this record
                publisher.tombstone(view.uid(), view.ref().toString(), view.workloadKey(), true).subscribe().with(
                    done -> { }, failure -> LOG.errorf(failure, "cannot tombstone pod %s: %s", view.ref(), failure.getMessage()));
            }
        } finally {
            EventMessages.clearMdc();
        }
    }
}
