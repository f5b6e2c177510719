package io.kafkarpenter.podwatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kafkarpenter.service.metrics.Histograms;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Karpenter's {@code karpenter_pods_startup_duration_seconds} (its {@code metrics.pod} controller): for a pod this
 * pod-watcher saw Pending, the time from its creation to its Ready condition turning True, recorded once. Karpenter's
 * is a summary; here a histogram with Karpenter's duration buckets (summaries cannot be summed over replicas).
 * The pod-watcher owns it because it is the service that watches every pod (the provisioner sees only pending ones).
 */
@ApplicationScoped
public class PodStartupMetrics {

    private final Set<String> seenPending = ConcurrentHashMap.newKeySet();
    private final Timer startup;

    PodStartupMetrics(MeterRegistry registry) {
        startup = Histograms.timer("karpenter.pods.startup.duration", Histograms.DUR)
            .description("The time from pod creation until the pod is running (Ready), for pods seen pending")
            .register(registry);
    }

    /** A pod as the informer sees it now (add, update, resync). */
    public void observe(Pod pod) {
        if (pod.getMetadata() == null || pod.getMetadata().getUid() == null || pod.getStatus() == null) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        PodCondition ready = pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
        boolean isReady = ready != null && "True".equals(ready.getStatus());
        if (!isReady) {
            if ("Pending".equals(pod.getStatus().getPhase())) {
                seenPending.add(uid);
            }
            return;
        }
        if (seenPending.remove(uid) && pod.getMetadata().getCreationTimestamp() != null
            && ready.getLastTransitionTime() != null) {
            Duration d = Duration.between(Instant.parse(pod.getMetadata().getCreationTimestamp()),
                Instant.parse(ready.getLastTransitionTime()));
            startup.record(d.isNegative() ? Duration.ZERO : d);
        }
    }

    /** The pod is gone. */
    public void forget(String uid) {
        seenPending.remove(uid);
    }
}
