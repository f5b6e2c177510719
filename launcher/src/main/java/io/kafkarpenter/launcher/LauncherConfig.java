package io.kafkarpenter.launcher;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The launcher's settings ({@code kk.launcher.*}), with Karpenter's defaults. */
@ConfigMapping(prefix = "kk.launcher")
public interface LauncherConfig {

    /**
     * The EKS cluster's name (Karpenter's {@code CLUSTER_NAME}): instances are tagged
     * {@code kubernetes.io/cluster/<name>=owned} and only such instances are ever terminated.
     * Default {@code kafkarpenter}.
     */
    @WithDefault("kafkarpenter")
    String clusterName();

    /**
     * How long a launched instance may take to register as a Node before its NodeClaim is deleted
     * (Karpenter's registration TTL). Default {@code 15m}.
     */
    @WithDefault("15m")
    Duration registrationTtl();
}
