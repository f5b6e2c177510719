package io.kafkarpenter.provisioner;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.events.PendingPod;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The pods currently pending, by uid: the state of the compacted topic {@code kk.pods.pending} (a record adds or
 * replaces a pod, a tombstone removes it), for the partitions this replica is assigned. Rebuilt from the topic's
 * beginning whenever a partition is assigned ({@link PendingTopicRebalancer}), so a restart loses nothing.
 */
@ApplicationScoped
public class PendingPods {

    private record Entry(PendingPod pod, int partition) {
    }

    private final Map<String, Entry> byUid = new ConcurrentHashMap<>();

    PendingPods(MeterRegistry registry) {
        Gauge.builder("kafkarpenter.provisioner.pending.pods", byUid, Map::size)
            .description("Pods pending on kk.pods.pending, as the provisioner currently sees them")
            .register(registry);
        Gauge.builder("karpenter.scheduler.queue.depth", byUid, Map::size)
            .description("Pods waiting to be scheduled by the provisioner (Karpenter's name)")
            .tag("controller", "provisioner")
            .register(registry);
    }

    public void put(PendingPod pod) {
        put(pod, -1);
    }

    public void put(PendingPod pod, int partition) {
        byUid.put(pod.key(), new Entry(pod, partition));
    }

    /** Forgets the pod; false when it was not pending. */
    public boolean remove(String uid) {
        return byUid.remove(uid) != null;
    }

    /** Forgets the pods of partitions this replica no longer owns. */
    public void dropPartitions(Set<Integer> partitions) {
        byUid.values().removeIf(e -> partitions.contains(e.partition()));
    }

    public int size() {
        return byUid.size();
    }

    public boolean contains(String uid) {
        return byUid.containsKey(uid);
    }

    public Collection<PendingPod> snapshot() {
        return byUid.values().stream().map(Entry::pod).toList();
    }

    public List<String> uids() {
        return List.copyOf(byUid.keySet());
    }
}
