package io.kafkarpenter.provisioner;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The provisioner's settings ({@code kk.provisioner.*}), with Karpenter's defaults.
 * Topics are wired in {@code application.properties} ({@code mp.messaging.*}).
 */
@ConfigMapping(prefix = "kk.provisioner")
public interface ProvisionerConfig {

    /**
     * Karpenter's {@code BATCH_IDLE_DURATION}: a provisioning batch closes once no new pending pod arrived for this
     * long. Default {@code 1s}.
     */
    @WithDefault("1s")
    Duration batchIdleDuration();

    /**
     * Karpenter's {@code BATCH_MAX_DURATION}: a provisioning batch closes at the latest this long after its first
     * pod, however busy the cluster. Default {@code 10s}.
     */
    @WithDefault("10s")
    Duration batchMaxDuration();
}
