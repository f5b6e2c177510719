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
    private final WorkloadPartitions partitions;
    private final Map<String, PodSchedulingView> published = new ConcurrentHashMap<>();

    PendingPodPublisher(@Channel("pods-pending-out") MutinyEmitter<byte[]> out, WorkloadPartitions partitions,
                        MeterRegistry registry) {
        this.out = out;
        this.partitions = partitions;
        Gauge.builder("kafkarpenter.podwatcher.pending.pods", published, Map::size)
            .description("Pods this pod-watcher has published as pending and not yet tombstoned")
            .register(registry);
        Gauge.builder("karpenter.pods.state", published, Map::size)
            .description("Pending pods by state (Karpenter's name; here counted per state, not one series per pod)")
            .tags("phase", "Pending", "state", "provisionable")
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
        Message<byte[]> message = EventMessages.message(pending.key(), pending,
            Correlation.NONE.withPod(view.ref().toString()), partitions.partitionOf(view.workloadKey()));
        return out.sendMessage(message);
    }

    /**
     * Sends a tombstone for the uid if it was published (or if {@code force}), to the partition of the pod's workload
     * ({@code workloadKey}: from the pod; null = the one it was published with).
     */
    public Uni<Void> tombstone(String uid, String podName, String workloadKey, boolean force) {
        PodSchedulingView was = published.remove(uid);
        if (was == null && !force) {
            return Uni.createFrom().voidItem();
        }
        String workload = workloadKey != null ? workloadKey : was != null ? was.workloadKey() : null;
        LOG.infof("pod %s is no longer pending (uid %s): tombstone", podName, uid);
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(uid)
            .withHeaders(EventMessages.headers(Correlation.NONE.withPod(podName)));
        Integer partition = workload == null ? null : partitions.partitionOf(workload);
        if (partition != null) {
            metadata.withPartition(partition);
        }
        return out.sendMessage(Message.<byte[]>of(null).addMetadata(metadata.build()));
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
