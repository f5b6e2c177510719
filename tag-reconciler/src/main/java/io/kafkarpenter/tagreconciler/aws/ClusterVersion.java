package io.kafkarpenter.tagreconciler.aws;

import io.kafkarpenter.service.aws.AwsErrors;
import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.tagreconciler.TagReconcilerConfig;

/**
 * The EKS cluster's Kubernetes version ({@code major.minor}, EKS DescribeCluster), which the {@code al2023} alias
 * images must match (Karpenter reads it from the API server or EKS every 5 minutes). Asked again after
 * {@code period}; when EKS cannot say, {@code null} (any version; logged once per change).
 */
@ApplicationScoped
public class ClusterVersion {

    private static final Logger LOG = Logger.getLogger(ClusterVersion.class);

    private final AwsApis aws;
    private final TagReconcilerConfig config;
    private final Clock clock = Clock.systemUTC();
    private String version;
    private Instant askedAt = Instant.EPOCH;
    private String lastProblem = "";

    ClusterVersion(AwsApis aws, TagReconcilerConfig config) {
        this.aws = aws;
        this.config = config;
    }

    public synchronized String get() {
        Instant now = clock.instant();
        if (!askedAt.equals(Instant.EPOCH) && now.isBefore(askedAt.plus(config.period()))) {
            return version;
        }
        askedAt = now;
        try {
            version = aws.eks().describeCluster(r -> r.name(config.clusterName())).cluster().version();
            lastProblem = "";
        } catch (RuntimeException e) {
            String problem = AwsErrors.describe(e);
            if (!problem.equals(lastProblem)) {
                LOG.warnf("EKS cluster %s: version unknown (%s); alias AMIs of any Kubernetes version are listed",
                    config.clusterName(), problem);
                lastProblem = problem;
            }
        }
        return version;
    }
}
