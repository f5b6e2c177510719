package io.kafkarpenter.launcher.eks;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.ec2.Ec2ClientProducer;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.EksException;

/**
 * The cluster's {@link ClusterBootstrap}, asked of EKS ({@code DescribeCluster} of {@code kk.launcher.cluster-name},
 * IAM action {@code eks:DescribeCluster}) at the first launch and kept for the process' life, as Karpenter reads it
 * once at start. {@code kk.launcher.cluster-endpoint}, when set, replaces the endpoint EKS answers. Until EKS has
 * answered nothing is launched: a failure is thrown to the caller (the launch record is retried in place with
 * backoff; after 10 min its channel's health turns DOWN), since an instance whose user data lacks these fields never
 * joins the cluster.
 */
@ApplicationScoped
public class ClusterBootstraps {

    private static final Logger LOG = Logger.getLogger(ClusterBootstraps.class);

    private final LauncherConfig config;
    private final LauncherMetrics metrics;
    private volatile ClusterBootstrap resolved;
    private EksClient eks;

    ClusterBootstraps(LauncherConfig config, LauncherMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** The cluster's bootstrap fields; asks EKS the first time (and again after a failure). */
    public ClusterBootstrap get() {
        ClusterBootstrap known = resolved;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (resolved == null) {
                try {
                    resolved = ClusterBootstrap.of(eks().describeCluster(r -> r.name(config.clusterName())).cluster(),
                        config.clusterEndpoint());
                } catch (EksException e) {
                    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                    metrics.cloudProviderError("DescribeCluster", code);
                    LOG.errorf("EKS DescribeCluster of %s failed (%s): no instance is launched until it answers",
                        config.clusterName(), code == null ? e.getMessage() : code + ": " + e.getMessage());
                    throw e;
                }
                LOG.infof("cluster %s: nodes join %s (from %s), service CIDR %s", resolved.name(),
                    resolved.apiServerEndpoint(), config.clusterEndpoint().isPresent() ? "kk.launcher.cluster-endpoint"
                        : "EKS DescribeCluster", resolved.cidr());
            }
            return resolved;
        }
    }

    private EksClient eks() {
        if (eks == null) {
            LauncherConfig.Ec2 ec2 = config.ec2();
            eks = Ec2ClientProducer.configure(EksClient.builder(), ec2, ec2.eksEndpoint().or(ec2::endpoint)).build();
        }
        return eks;
    }

    @PreDestroy
    synchronized void close() {
        if (eks != null) {
            eks.close();
        }
    }
}
