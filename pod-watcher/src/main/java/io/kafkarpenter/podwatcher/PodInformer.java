package io.kafkarpenter.podwatcher;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.kube.PodViews;
import io.kafkarpenter.model.pods.PodRef;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;

/**
 * A fabric8 informer on pods. A pod Karpenter would act on (provisionable and not ignored, {@link PodViews}) is
 * published as pending; when it is bound, deleted, or no longer provisionable, its tombstone is published.
 * Readiness includes "pod informer synced" ({@link PodInformerReadiness}).
 */
@ApplicationScoped
public class PodInformer {

    private static final Logger LOG = Logger.getLogger(PodInformer.class);

    private final KubernetesClient client;
    private final PendingPodPublisher publisher;
    private final IgnoredPods ignoredPods;
    private final PodWatcherConfig config;
    private final PodStartupMetrics startup;
    private final Clock clock = Clock.systemUTC();
    private volatile SharedIndexInformer<Pod> informer;

    PodInformer(KubernetesClient client, PendingPodPublisher publisher, IgnoredPods ignoredPods,
                PodWatcherConfig config, PodStartupMetrics startup) {
        this.client = client;
        this.publisher = publisher;
        this.ignoredPods = ignoredPods;
        this.config = config;
        this.startup = startup;
    }

    /** Starts watching (when this replica becomes the active one, {@link LeaderElection}). */
    synchronized void start() {
        if (informer != null) {
            return;
        }
        var pods = config.namespace().isPresent()
            ? client.pods().inNamespace(config.namespace().get())
            : client.pods().inAnyNamespace();
        informer = pods.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                startup.observe(pod);
                onPod(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                startup.observe(newPod);
                onPod(newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                ignoredPods.forget(pod.getMetadata().getUid());
                startup.forget(pod.getMetadata().getUid());
                send(publisher.tombstone(pod.getMetadata().getUid(), name(pod), workloadKey(pod), false), pod);
            }
        }, config.resyncPeriod().toMillis());
        LOG.infof("watching pods in %s", config.namespace().orElse("all namespaces"));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (informer != null) {
            informer.close();
        }
    }

    private void onPod(Pod pod) {
        try {
            if (PodViews.isProvisionable(pod)) {
                var ignored = PodViews.explainIgnored(pod);
                if (ignored.isEmpty()) {
                    ignoredPods.forget(pod.getMetadata().getUid());
                    send(publisher.publish(PodViews.pendingPod(pod, clock.instant())), pod);
                    return;
                }
                // pending, but Karpenter would not act on it (§1.2): say why, once
                ignoredPods.ignored(new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    pod.getMetadata().getUid()), ignored.get());
            } else {
                ignoredPods.forget(pod.getMetadata().getUid());
            }
            send(publisher.tombstone(pod.getMetadata().getUid(), name(pod), workloadKey(pod), false), pod);
        } catch (RuntimeException e) {
            // a pod we cannot read must not stop the informer; it is retried at the next update or resync
            LOG.errorf(e, "cannot process pod %s: %s", name(pod), e.getMessage());
        }
    }

    /**
     * Sends without blocking the informer's thread; {@link PendingPodPublisher} retries a failed send with backoff
     * until the broker has it or a newer state of the pod supersedes it.
     */
    private static void send(Uni<Void> sending, Pod pod) {
        sending.subscribe().with(done -> { }, failure -> LOG.errorf(failure, "cannot publish pod %s: %s", name(pod),
            failure.getMessage()));
    }

    /** The pod as the informer knows it now, if it is (still) one Karpenter would act on. */
    public Optional<Pod> pendingPod(String namespace, String name, String uid) {
        Pod pod = informer == null ? null : informer.getStore().getByKey(namespace + "/" + name);
        if (pod == null || !uid.equals(pod.getMetadata().getUid())) {
            return Optional.empty();
        }
        return PodViews.isProvisionable(pod) && PodViews.ignoredBecause(pod).isEmpty() ? Optional.of(pod) : Optional.empty();
    }

    /** Waits for the informer's first full list; false on timeout. */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (informer == null || !informer.hasSynced()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    /** True once the informer has listed every pod (readiness). */
    public boolean hasSynced() {
        return informer != null && informer.hasSynced();
    }

    /** The pod's workload key (the partition of its records), or null when the pod cannot be read. */
    static String workloadKey(Pod pod) {
        try {
            return PodViews.from(pod).workloadKey();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** True once the informer is running (this replica is active). */
    public boolean isStarted() {
        return informer != null;
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
