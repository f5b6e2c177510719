package io.kafkarpenter.podwatcher;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The pod-watcher's settings ({@code kk.pod-watcher.*}). */
@ConfigMapping(prefix = "kk.pod-watcher")
public interface PodWatcherConfig {

    /** Watch pods of this namespace only; absent (the default) watches every namespace, as Karpenter does. */
    Optional<String> namespace();

    /**
     * How often the informer replays every pod it knows, so a pending pod whose record was lost is published again
     * (unchanged pods are not re-sent). {@code 0s} turns it off. Default {@code 5m}.
     */
    @WithDefault("5m")
    Duration resyncPeriod();

    /** How long the reader of {@code kk.pods.pending} waits for the informer's first full list. Default {@code 60s}. */
    @WithDefault("60s")
    Duration informerSyncTimeout();

    /** One active replica: a Kubernetes Lease (coordination.k8s.io/v1). */
    LeaderElection leaderElection();

    interface LeaderElection {

        /** Off: this replica is always active (a single replica, or tests). Default {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /** The Lease's name. Default {@code kk-pod-watcher}. */
        @WithDefault("kk-pod-watcher")
        String leaseName();

        /** The Lease's namespace. Default {@code kube-system}. */
        @WithDefault("kube-system")
        String leaseNamespace();

        /** controller-runtime's defaults, as Karpenter uses them: lease 15s, renew deadline 10s, retry 2s. */
        @WithDefault("15s")
        Duration leaseDuration();

        @WithDefault("10s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();
    }
}
