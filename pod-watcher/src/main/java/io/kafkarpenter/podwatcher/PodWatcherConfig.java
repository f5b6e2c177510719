package io.kafkarpenter.podwatcher;

import java.time.Duration;
import java.util.Optional;

import io.kafkarpenter.service.kube.LeaseElection;
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

    /** Retries of a failed send on {@code kk.pods.pending} (DESIGN.md "Delivery"). */
    SendRetry sendRetry();

    /** Exponential backoff between attempts of one send, for as long as it takes. */
    interface SendRetry {
        /** The first wait. Default {@code 200ms}. */
        @WithDefault("200ms")
        Duration initialDelay();

        /** The longest wait (the doubling stops there). Default {@code 30s}. */
        @WithDefault("30s")
        Duration maxDelay();
    }

    /** One active replica: a Kubernetes Lease (coordination.k8s.io/v1). */
    LeaseElection.Config leaderElection();
}
