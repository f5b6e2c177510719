package io.kafkarpenter.launcher;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.kafkarpenter.service.kube.LeaseElection;
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
     * The Kubernetes API server endpoint new nodes join (Karpenter's {@code CLUSTER_ENDPOINT}, the chart's
     * {@code settings.clusterEndpoint}): {@code apiServerEndpoint} of the nodeadm {@code NodeConfig} in their user
     * data. Absent: the endpoint EKS {@code DescribeCluster} answers for {@link #clusterName()}, as Karpenter does.
     * {@code DescribeCluster} is called either way, once, for the cluster's CA bundle and service CIDR.
     */
    Optional<URI> clusterEndpoint();

    /**
     * How long a launched instance may take to register as a Node before its instance is terminated and its
     * NodeClaim deleted (Karpenter's registration TTL). Default {@code 15m}.
     */
    @WithDefault("15m")
    Duration registrationTtl();

    /**
     * How long a NodeClaim may stay without a launched instance (Karpenter's {@code LaunchTimeout}) before it is
     * deleted. Default {@code 5m}.
     */
    @WithDefault("5m")
    Duration launchTimeout();

    /**
     * The longest lifetime the launcher grants a launch decision, whatever its record's {@code expiresAt} says: a
     * record is not acted on after {@code min(expiresAt, createdAt + max-launch-ttl)} (a forged or mistaken record
     * cannot stay valid for ever). The provisioner's {@code launch-ttl} (10m) must stay below it. Default {@code 30m}.
     */
    @WithDefault("30m")
    Duration maxLaunchTtl();

    /**
     * How often NodeClaims and Nodes are reconciled: registration, initialization, the timeouts, and each step of a
     * disruption or termination (replacement wait, drain round, instance termination). Each round reads the informer
     * caches; it writes only what changed. Default {@code 2s}: Karpenter's controllers react to events and requeue
     * after about a second; at 5 s one replace of a disruption command took ~40 s in the sandbox.
     */
    @WithDefault("2s")
    Duration lifecycleInterval();

    /**
     * How often instances of this cluster without a NodeClaim are looked for and terminated (Karpenter's instance
     * garbage collection runs every 2 min). Default {@code 2m}.
     */
    @WithDefault("2m")
    Duration garbageCollectionInterval();

    /** How old an instance must be before garbage collection may terminate it (Karpenter: 30s). */
    @WithDefault("30s")
    Duration garbageCollectionMinAge();

    /** How long an offering that failed with insufficient capacity stays unavailable (Karpenter: 3m). */
    @WithDefault("3m")
    Duration unavailableOfferingsTtl();

    /**
     * How long an accepted termination request waits for its replacement NodeClaims to be Initialized before the
     * disruption is cancelled and undone (Karpenter's minimum orchestration timeout). Default {@code 10m}.
     */
    @WithDefault("10m")
    Duration disruptionReplacementTimeout();

    /** Most instance types in one CreateFleet (Karpenter's {@code maxInstanceTypes}). */
    @WithDefault("60")
    int maxInstanceTypes();

    /** The instance-type catalog the launcher uses for capacities and labels ({@code aws} or {@code aws-small}). */
    @WithDefault("aws")
    String catalog();

    Ec2 ec2();

    /** How launch requests are handled at once and how their CreateFleet calls are merged (DESIGN.md). */
    Launch launch();

    /** Concurrent launches and Karpenter's CreateFleet batcher (karpenter-aws §1.4). */
    interface Launch {
        /**
         * Launch requests handled at once by one replica (the {@code kk-launch} worker pool of the
         * {@code nodeclaims-launch} channel): reservations stay one NodePool micro-batch at a time, launches of
         * many NodeClaims wait in the CreateFleet batcher together. Default {@code 128}.
         */
        @WithDefault("128")
        int concurrency();

        /** The CreateFleet batcher's window. */
        FleetBatch fleetBatch();
    }

    /** When a CreateFleet batch closes: Karpenter's 35 ms idle, 1 s max, 1000 NodeClaims. */
    interface FleetBatch {
        /** Closes this long after the last launch joined. Default {@code 35ms}. */
        @WithDefault("35ms")
        Duration idle();

        /** Closes this long after the first launch joined, however busy. Default {@code 1s}. */
        @WithDefault("1s")
        Duration max();

        /** Closes when it holds this many launches (EC2's instant-fleet maximum is 1000 instances). Default {@code 1000}. */
        @WithDefault("1000")
        int maxItems();
    }

    /** The interruption queue (Karpenter's {@code settings.interruptionQueue}; launcher DESIGN.md, "Interruption"). */
    Interruption interruption();

    /**
     * Spot interruption warnings, rebalance recommendations, scheduled changes and state changes read from the SQS
     * queue EventBridge feeds. One replica reads (a Lease); region, credentials and retries are the EC2 client's.
     */
    interface Interruption {
        /**
         * The SQS queue's name (Karpenter's {@code settings.interruptionQueue}); unset or empty: interruption handling
         * is off (nothing polled, no Lease taken).
         */
        Optional<String> queue();

        /**
         * SQS endpoint override; unset: {@code kk.launcher.ec2.endpoint} when that is set (the simulator serves SQS on
         * its EC2 port), else AWS's endpoint for the region.
         */
        Optional<URI> sqsEndpoint();

        /** ReceiveMessage long-poll wait (0-20 s). Default {@code 20s} (Karpenter's). */
        @WithDefault("20s")
        Duration waitTime();

        /**
         * How long a received message stays invisible to other reads; a message not deleted by then (the handling
         * failed, or the reader died) is delivered again. Default {@code 20s} (Karpenter's).
         */
        @WithDefault("20s")
        Duration visibilityTimeout();

        /** Messages per ReceiveMessage (1-10). Default {@code 10} (Karpenter's). */
        @WithDefault("10")
        int maxMessages();

        LeaseElection.Config leaderElection();

    }

    /** The EC2 API: region, endpoint (set it to reach the simulator) and the retry policy for throttling. */
    interface Ec2 {
        /**
         * Region of the EC2 endpoint. Default: {@code AWS_REGION} (IRSA injects it; the chart sets it from
         * {@code settings.region}), else {@code us-east-1}.
         */
        @WithDefault("${AWS_REGION:us-east-1}")
        String region();

        /** Endpoint override, e.g. {@code http://127.0.0.1:4566} for the EC2 simulator; AWS's endpoint when unset. */
        Optional<URI> endpoint();

        /**
         * EKS endpoint override for {@code DescribeCluster} (the simulator serves EKS on its EC2 endpoint); unset:
         * {@link #endpoint()} when that is set, else AWS's endpoint for the region.
         */
        Optional<URI> eksEndpoint();

        /**
         * Static credentials for an endpoint override (the simulator ignores signatures); unset = the SDK's default
         * credentials chain (IRSA / Pod Identity in EKS).
         */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Attempts per EC2 call, the first included; throttling ({@code RequestLimitExceeded}) and 5xx are retried. */
        @WithDefault("4")
        int maxAttempts();

        /** Base delay of the exponential backoff with jitter between attempts. Default {@code 100ms}. */
        @WithDefault("100ms")
        Duration retryBaseDelay();

        /** Cap of one backoff delay. Default {@code 20s}. */
        @WithDefault("20s")
        Duration retryMaxDelay();
    }
}
