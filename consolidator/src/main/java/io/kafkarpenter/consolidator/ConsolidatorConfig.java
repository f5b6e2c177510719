package io.kafkarpenter.consolidator;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.kafkarpenter.service.kube.LeaseElection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The consolidator's settings ({@code kk.consolidator.*}), with Karpenter's defaults. */
@ConfigMapping(prefix = "kk.consolidator")
public interface ConsolidatorConfig {

    /**
     * The longest time between two disruption passes (Karpenter's disruption controller polls every 10 s); a pass
     * also runs as soon as the cluster changed (at most once per {@code tick}). Default {@code 10s}.
     */
    @WithDefault("10s")
    Duration pollPeriod();

    /** How often the loop looks for changes and due validations. Default {@code 1s}. */
    @WithDefault("1s")
    Duration tick();

    /**
     * How long an emptiness or consolidation command waits before it is re-validated against a fresh snapshot and
     * executed (Karpenter's consolidation validation delay). Drift and expiration do not wait. Default {@code 15s}.
     */
    @WithDefault("15s")
    Duration validationDelay();

    /** Karpenter's {@code SpotToSpotConsolidation} feature gate: replace spot nodes with cheaper spot nodes. Default {@code false}. */
    @WithDefault("false")
    boolean spotToSpotConsolidation();

    /**
     * How long the nodes of an emitted command count as being disrupted before the launcher has marked them
     * (termination annotations, {@code karpenter.sh/disrupted} taint). Default {@code 2m}.
     */
    @WithDefault("2m")
    Duration commandMemory();

    /**
     * Lifetime of a replacement launch ({@code expiresAt}), and how long a replace command in progress keeps a new
     * consolidation from starting (Karpenter's replacement wait: 10m minimum). Default {@code 10m}.
     */
    @WithDefault("10m")
    Duration replacementTimeout();

    /** Instance types passed on per replacement NodeClaim (CreateFleet takes 60 overrides). Default {@code 60}. */
    @WithDefault("60")
    int maxInstanceTypes();

    /**
     * EC2 endpoint for DescribeInstanceTypes/Offerings and spot prices (e.g. the EC2 simulator).
     * Absent: the AWS SDK's default endpoint for the region.
     */
    Optional<URI> ec2Endpoint();

    /**
     * AWS region. Default: {@code AWS_REGION} (IRSA injects it; the chart sets it from {@code settings.region}), else
     * {@code us-east-1}.
     */
    @WithDefault("${AWS_REGION:us-east-1}")
    String region();

    /** Where instance types and prices come from (as the provisioner's). */
    InstanceTypes instanceTypes();

    /** One active replica: a Kubernetes Lease (coordination.k8s.io/v1). */
    LeaseElection.Config leaderElection();

    interface InstanceTypes {

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
