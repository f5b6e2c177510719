package io.kafkarpenter.service.aws;

/** EKS does not know the cluster (wrong name or region): nothing can be tagged. */
public final class ClusterNotFoundException extends RuntimeException {

    private final String clusterName;

    public ClusterNotFoundException(String clusterName, Throwable cause) {
        super("EKS cluster " + clusterName + " not found (DescribeCluster: " + cause.getMessage() + ")", cause);
        this.clusterName = clusterName;
    }

    public String clusterName() {
        return clusterName;
    }
}
