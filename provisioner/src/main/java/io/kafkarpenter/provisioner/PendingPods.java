package io.kafkarpenter.provisioner;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.events.PendingPod;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The pods currently pending, by uid: the state of the compacted topic {@code kk.pods.pending} (a record adds or
 * replaces a pod, a tombstone removes it). Rebuilt from the topic on restart.
 */
@ApplicationScoped
public class PendingPods {

    private final Map<String, PendingPod> byUid = new ConcurrentHashMap<>();

    PendingPods(MeterRegistry registry) {
        Gauge.builder("kk.provisioner.pending.pods", byUid, Map::size)
            .description("Pods pending on kk.pods.pending, as the provisioner currently sees them")
            .register(registry);
    }

    public void put(PendingPod pod) {
        byUid.put(pod.key(), pod);
    }

    /** Forgets the pod; false when it was not pending. */
    public boolean remove(String uid) {
        return byUid.remove(uid) != null;
    }

    public int size() {
        return byUid.size();
    }

    public boolean contains(String uid) {
        return byUid.containsKey(uid);
    }

    public Collection<PendingPod> snapshot() {
        return List.copyOf(byUid.values());
    }
}
