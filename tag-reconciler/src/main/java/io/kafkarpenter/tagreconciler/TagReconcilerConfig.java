package io.kafkarpenter.tagreconciler;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.kafkarpenter.service.kube.LeaseElection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The tag-reconciler's settings ({@code kk.tag-reconciler.*}), with Karpenter's defaults where Karpenter has one. */
@ConfigMapping(prefix = "kk.tag-reconciler")
public interface TagReconcilerConfig {

    /**
     * The EKS cluster's name (Karpenter's {@code CLUSTER_NAME}): the value of the discovery tags, written as
     * {@code eks:eks-cluster-name} on instances, and required (as {@code kubernetes.io/cluster/<name>=owned}) on an
     * instance before it is tagged. Default {@code kafkarpenter}.
     */
    @WithDefault("kafkarpenter")
    String clusterName();

    /** The discovery tag key on the cluster, subnets and security groups. Default {@code karpenter.sh/discovery}. */
    @WithDefault("karpenter.sh/discovery")
    String discoveryTagKey();

    /**
     * AWS region. Default: {@code AWS_REGION} (IRSA injects it; the chart sets it from {@code settings.region}), else
     * {@code us-east-1}.
     */
    @WithDefault("${AWS_REGION:us-east-1}")
    String region();

    /** EC2 endpoint (e.g. the simulator); absent: the SDK's default for the region. */
    Optional<URI> ec2Endpoint();

    /** EKS endpoint (the simulator serves it on its EC2 endpoint); absent: {@code ec2-endpoint} if set, else AWS's. */
    Optional<URI> eksEndpoint();

    /** IAM endpoint (the simulator serves it on its EC2 endpoint); absent: {@code ec2-endpoint} if set, else the global IAM endpoint. */
    Optional<URI> iamEndpoint();

    /**
     * How often the discovery tags are checked and repaired; a reconcile also runs at start, when an EC2NodeClass
     * changes and when {@code kk.nodeclaims.status} reports a NodeClaim. Default {@code 5m}.
     */
    @WithDefault("5m")
    Duration period();

    /**
     * How often every EC2NodeClass' status (subnets with free IPs, security groups, AMIs, instance profile) is resolved
     * again even when the class did not change, so a new {@code al2023@latest} AMI or a new subnet shows up (Karpenter
     * requeues subnets every minute). Default {@code 1m}.
     */
    @WithDefault("1m")
    Duration nodeClassPeriod();

    /**
     * Which subnets get the discovery tag: {@code private} (the cluster's subnets whose route table has no
     * {@code 0.0.0.0/0} route to an internet gateway), {@code all} (every subnet of the cluster), or a comma-separated
     * list of subnet ids. Default {@code private}.
     */
    @WithDefault("private")
    String subnets();

    /**
     * Which security groups get the discovery tag: {@code cluster} (the EKS cluster security group) or a
     * comma-separated list of group ids. Default {@code cluster}.
     */
    @WithDefault("cluster")
    String securityGroups();

    /** Report (decision records, metrics, logs) what would be written or removed, and write nothing. Default {@code false}. */
    @WithDefault("false")
    boolean dryRun();

    /**
     * Pause after every instance CreateTags: CreateTags shares EC2's mutating-call throttle with CreateFleet, so
     * Karpenter's tagging controller tags one instance per second. Default {@code 1s}.
     */
    @WithDefault("1s")
    Duration instanceTagInterval();

    /**
     * How often the loop looks for due work (a Quarkus {@code @Scheduled} tick): every wait of the service (period,
     * node-class-period, instance-tag-interval, backoff) is checked on a tick. Default {@code 1s}.
     */
    @WithDefault("1s")
    Duration tick();

    /** One active replica: a Kubernetes Lease (coordination.k8s.io/v1). */
    LeaseElection.Config leaderElection();
}
