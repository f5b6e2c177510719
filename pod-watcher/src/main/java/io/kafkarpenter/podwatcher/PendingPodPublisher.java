package io.kafkarpenter.podwatcher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.pods.PodSchedulingView;
import io.kafkarpenter.service.EventMessages;
import io.kafkarpenter.service.kafka.RetriedSend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes pending pods on {@code kk.pods.pending} (channel {@code pods-pending-out}) and their tombstones, and
 * remembers what the broker acknowledged (uid → scheduling view), so an unchanged pod is not published again and a
 * tombstone is sent only for a pod that was published. Rebuilt on restart from the topic itself
 * ({@link PendingTopicReader}).
 *
 * <p>Delivery (DESIGN.md "Delivery"): the last state asked for per pod ({@link #latest}) is sent until the broker
 * acknowledges it, retried with exponential backoff ({@code kk.pod-watcher.send-retry}, 200 ms doubling to 30 s) for
 * as long as it takes (a broker that is down is a transient failure: nothing is dropped or dead-lettered); a newer
 * state of the same pod supersedes a send still being retried, which then stops (stale state is never resent). Only
 * an acknowledged send enters the published view.
 */
@ApplicationScoped
public class PendingPodPublisher {

    private static final Logger LOG = Logger.getLogger(PendingPodPublisher.class);

    /** One state of one pod to get onto the topic: its view, or a tombstone ({@code view == null}). */
    private static final class Send {
        final PodSchedulingView view;
        volatile boolean acknowledged;

        Send(PodSchedulingView view, boolean acknowledged) {
            this.view = view;
            this.acknowledged = acknowledged;
        }

        boolean sameAs(PodSchedulingView other) {
            return view == null ? other == null : view.equals(other);
        }
    }

    private final MutinyEmitter<byte[]> out;
    private final WorkloadPartitions partitions;
    private final RetriedSend retry;
    /** The last state asked for per uid, in flight or acknowledged (removed when its tombstone is acknowledged). */
    private final Map<String, Send> latest = new ConcurrentHashMap<>();
    /** The pending views the broker acknowledged and no acknowledged tombstone followed. */
    private final Map<String, PodSchedulingView> published = new ConcurrentHashMap<>();
    private final AtomicLong retrying = new AtomicLong();
    private final Counter sendFailures;

    @Inject
    PendingPodPublisher(@Channel("pods-pending-out") MutinyEmitter<byte[]> out, WorkloadPartitions partitions,
                        PodWatcherConfig config, MeterRegistry registry) {
        this(out, partitions, new RetriedSend(config.sendRetry().initialDelay(), config.sendRetry().maxDelay()), registry);
    }

    PendingPodPublisher(MutinyEmitter<byte[]> out, WorkloadPartitions partitions, RetriedSend retry,
                        MeterRegistry registry) {
        this.out = out;
        this.partitions = partitions;
        this.retry = retry;
        Gauge.builder("kafkarpenter.podwatcher.pending.pods", published, Map::size)
            .description("Pods this pod-watcher has published as pending (acknowledged) and not yet tombstoned")
            .register(registry);
        Gauge.builder("karpenter.pods.state", published, Map::size)
            .description("Pending pods by state (Karpenter's name; here counted per state, not one series per pod)")
            .tags("phase", "Pending", "state", "provisionable")
            .register(registry);
        Gauge.builder("kafkarpenter.podwatcher.sends.retrying", retrying, AtomicLong::get)
            .description("Pending-pod records and tombstones whose send failed and is being retried with backoff")
            .register(registry);
        sendFailures = Counter.builder("kafkarpenter.podwatcher.send.failures")
            .description("Failed sends of pending-pod records and tombstones (each is retried with backoff)")
            .register(registry);
    }

    /**
     * Publishes the pod unless the same view is already published or being sent; the Uni completes when the broker
     * has it, or when a newer state of the pod superseded it (informer callbacks subscribe without blocking).
     */
    public Uni<Void> publish(PendingPod pending) {
        PodSchedulingView view = pending.pod();
        Send send = new Send(view, false);
        if (latest.compute(view.uid(), (uid, before) -> before != null && before.sameAs(view) ? before : send) != send) {
            return Uni.createFrom().voidItem(); // the same state is already on its way (or there)
        }
        LOG.infof("pod %s is pending (uid %s)", view.ref(), view.uid());
        return deliver(view.uid(), view.ref().toString(), send, () -> EventMessages.message(pending.key(), pending,
            Correlation.NONE.withPod(view.ref().toString()), partitions.partitionOf(view.workloadKey())));
    }

    /**
     * Sends a tombstone for the uid if it was published or is being sent (or if {@code force}), to the partition of
     * the pod's workload ({@code workloadKey}: from the pod; null = the one it was published with).
     */
    public Uni<Void> tombstone(String uid, String podName, String workloadKey, boolean force) {
        Send tombstone = new Send(null, false);
        Send[] previous = new Send[1];
        latest.compute(uid, (key, before) -> {
            previous[0] = before;
            // never published (nothing to retract), or its tombstone already on its way: nothing to send
            return before == null && !force || before != null && before.view == null ? before : tombstone;
        });
        Send was = previous[0];
        if (latest.get(uid) != tombstone) {
            return Uni.createFrom().voidItem();
        }
        String workload = workloadKey != null ? workloadKey : was != null ? was.view.workloadKey() : null;
        LOG.infof("pod %s is no longer pending (uid %s): tombstone", podName, uid);
        return deliver(uid, podName, tombstone, () -> {
            var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(uid)
                .withHeaders(EventMessages.headers(Correlation.NONE.withPod(podName)));
            Integer partition = workload == null ? null : partitions.partitionOf(workload);
            if (partition != null) {
                metadata.withPartition(partition);
            }
            return Message.<byte[]>of(null).addMetadata(metadata.build());
        });
    }

    /**
     * Sends until acknowledged or superseded, with exponential backoff between attempts; then records what the
     * broker has. The message is built at each attempt (its partition needs the topic's partition count, which a
     * broker that is down cannot tell).
     */
    private Uni<Void> deliver(String uid, String podName, Send send, Supplier<Message<byte[]>> message) {
        boolean[] failed = {false};
        return retry.send(() -> out.sendMessage(message.get()), () -> latest.get(uid) == send, failure -> {
                sendFailures.increment();
                if (!failed[0]) {
                    failed[0] = true;
                    retrying.incrementAndGet();
                }
                LOG.warnf("cannot publish %s of pod %s (uid %s): %s; retrying with backoff",
                    send.view == null ? "the tombstone" : "the pending record", podName, uid, failure.getMessage());
            })
            .invoke(sent -> {
                if (sent) {
                    acknowledged(uid, send);
                }
            })
            .eventually(() -> {
                if (failed[0]) {
                    retrying.decrementAndGet();
                }
            })
            .replaceWithVoid();
    }

    private void acknowledged(String uid, Send send) {
        send.acknowledged = true;
        if (send.view != null) {
            published.put(uid, send.view);
        } else {
            published.remove(uid);
            latest.remove(uid, send);
        }
    }

    /** Notes a pod found on the topic as published (used when reading the topic back). */
    void remember(PodSchedulingView view) {
        if (latest.putIfAbsent(view.uid(), new Send(view, true)) == null) {
            published.put(view.uid(), view);
        }
    }

    /** Forgets a pod whose tombstone was read back, unless this process is sending a state of it. */
    void forget(String uid) {
        latest.computeIfPresent(uid, (key, send) -> send.acknowledged ? null : send);
        if (!latest.containsKey(uid)) {
            published.remove(uid);
        }
    }

    boolean isPublished(String uid) {
        return published.containsKey(uid);
    }
}
