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
     * The lifetime of a launch decision, carried in its record ({@code expiresAt = createdAt + launch-ttl}) and
     * shared with the launcher: the launcher never takes up a decision after it, and until then (or until the
     * launcher answers) the decision counts as in-flight capacity for its pods, however far behind the launcher is.
     * Long enough for a launcher restart and a deep backlog (a launcher takes ~0.25 s per launch in the sandbox:
     * 10 minutes is ~2,400 NodeClaims queued), short enough that a decision made from a state long gone is not
     * carried out. Default {@code 10m}.
     */
    @WithDefault("10m")
    Duration launchTtl();

    /**
     * An unanswered decision is released (its pods decided again) only this long after it expired, and only when no
     * NodeClaim object of its name exists: the margin for clocks between the services and for a launcher between its
     * expiry check and the create. Default {@code 30s}.
     */
    @WithDefault("30s")
    Duration launchExpiryGrace();

    /**
     * A launch decision unanswered for longer than this means the launcher is behind: a warning, the metrics
     * {@code kafkarpenter_provisioner_launches_unanswered} and {@code kafkarpenter_provisioner_launches_unanswered_oldest_seconds}, and
     * the next pass stops waiting for the answers (Karpenter's "cluster synced" wait) and decides with the
     * unanswered claims counted by what they may become; their pods' outcome is {@code AWAITING_LAUNCH}.
     * Default {@code 5s}.
     */
    @WithDefault("5s")
    Duration launcherBehindAfter();

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

        /**
         * AWS region. Default: {@code AWS_REGION} (IRSA injects it; the chart sets it from {@code settings.region}),
         * else {@code us-east-1}.
         */
        @WithDefault("${AWS_REGION:us-east-1}")
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
