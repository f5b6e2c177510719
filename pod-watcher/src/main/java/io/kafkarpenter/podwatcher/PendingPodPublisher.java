package io.kafkarpenter.podwatcher;

import io.kafkarpenter.service.EventMessages;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.pods.PodSchedulingView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes pending pods on {@code kk.pods.pending} (channel {@code pods-pending-out}) and their tombstones, and
 * remembers what it published (uid → scheduling view), so an unchanged pod is not published again and a tombstone is
 * sent only for a pod that was published. Rebuilt on restart from the topic itself ({@link PendingTopicReader}).
 */
@ApplicationScoped
public class PendingPodPublisher {

    private static final Logger LOG = Logger.getLogger(PendingPodPublisher.class);

    private final MutinyEmitter<byte[]> out;
    private final Map<String, PodSchedulingView> published = new ConcurrentHashMap<>();

    PendingPodPublisher(@Channel("pods-pending-out") MutinyEmitter<byte[]> out, MeterRegistry registry) {
        this.out = out;
        Gauge.builder("kk.podwatcher.pending.pods", published, Map::size)
            .description("Pods this pod-watcher has published as pending and not yet tombstoned")
            .register(registry);
    }

    /**
     * Publishes the pod unless the same view is already published; the Uni completes when the broker has it
     * (informer callbacks subscribe without blocking, the topic reader awaits).
     */
    public Uni<Void> publish(PendingPod pending) {
        PodSchedulingView view = pending.pod();
        PodSchedulingView before = published.put(view.uid(), view);
        if (view.equals(before)) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("pod %s is pending (uid %s)", view.ref(), view.uid());
        return out.sendMessage(EventMessages.message(pending.key(), pending, Correlation.NONE.withPod(view.ref().toString())));
    }

    /** Sends a tombstone for the uid if it was published (or if {@code force}). */
    public Uni<Void> tombstone(String uid, String podName, boolean force) {
        if (published.remove(uid) == null && !force) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("pod %s is no longer pending (uid %s): tombstone", podName, uid);
        Message<byte[]> tombstone = Message.<byte[]>of(null)
            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(uid)
                .withHeaders(EventMessages.headers(Correlation.NONE.withPod(podName))).build());
        return out.sendMessage(tombstone);
    }

    /** Notes a pod found on the topic as published (used when reading the topic back). */
    void remember(PodSchedulingView view) {
        published.putIfAbsent(view.uid(), view);
    }

    void forget(String uid) {
        published.remove(uid);
    }

    boolean isPublished(String uid) {
        return published.containsKey(uid);
    }
}
