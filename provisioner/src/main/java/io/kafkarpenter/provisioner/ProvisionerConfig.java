package io.kafkarpenter.provisioner;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /**
     * Karpenter requeues every still-pending pod this often, so pods that could not be placed are tried again when
     * capacity, limits or offerings changed. Default {@code 10s}.
     */
    @WithDefault("10s")
    Duration requeuePeriod();

    /** How often the batching loop looks at its window (the precision of the window). Default {@code 50ms}. */
    @WithDefault("50ms")
    Duration tick();

    /**
     * How long a published launch may stay unanswered (no NodeClaim object, no status record) before it no longer
     * counts as in-flight capacity. While one is unanswered the next batch waits (Karpenter's "cluster synced":
     * provisioning waits for in-flight launches to return from the cloud API). Default {@code 30s}.
     */
    @WithDefault("30s")
    Duration launchAckTimeout();

    /** Instance types passed on per NodeClaim (CreateFleet takes 60 overrides). Default {@code 60}. */
    @WithDefault("60")
    int maxInstanceTypes();

    /** Where instance types and prices come from. */
    InstanceTypes instanceTypes();

    interface InstanceTypes {

        /**
         * EC2 endpoint for DescribeInstanceTypes/Offerings and spot price history (e.g. the EC2 simulator). Absent:
         * the AWS SDK's default endpoint for the region; with {@code source=catalog} EC2 is not called at all.
         */
        Optional<URI> ec2Endpoint();

        /** AWS region. Default {@code us-east-1}. */
        @WithDefault("us-east-1")
        String region();

        /** {@code ec2} (with the built-in catalog as fallback) or {@code catalog} (built-in only). Default {@code ec2}. */
        @WithDefault("ec2")
        String source();

        /** The built-in catalog (allocatable data and on-demand prices; the fallback). Default {@code aws-us-east-1}. */
        @WithDefault("aws-us-east-1")
        String catalog();

        /** Zones offered when EC2 cannot be asked. Default {@code us-east-1a,us-east-1b,us-east-1c}. */
        @WithDefault("us-east-1a,us-east-1b,us-east-1c")
        List<String> zones();

        /** How long instance types and prices from EC2 are cached (Karpenter's AWS provider: 5m). */
        @WithDefault("5m")
        Duration cacheTtl();
    }
}
