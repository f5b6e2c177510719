package io.kafkarpenter.launcher.eks;

import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * What a new node needs to join the cluster: the four fields of nodeadm's {@code NodeConfig.spec.cluster}, all
 * required by nodeadm (karpenter-aws §2.4): the cluster's name, its API server endpoint, its CA bundle (base64 of
 * the PEM, as EKS answers it) and its service CIDR (from which nodeadm derives the cluster DNS address).
 */
public record ClusterBootstrap(String name, String apiServerEndpoint, String certificateAuthority, String cidr) {

    /**
     * From EKS {@code DescribeCluster}: the endpoint (unless configured), the CA bundle and the service CIDR (IPv4,
     * else IPv6), as Karpenter takes them.
     *
     * @throws IllegalStateException when EKS does not say one of them (e.g. a cluster still being created)
     */
    public static ClusterBootstrap of(Cluster cluster, Optional<URI> configuredEndpoint) {
        String endpoint = configuredEndpoint.map(URI::toString).orElse(cluster.endpoint());
        String ca = cluster.certificateAuthority() == null ? null : cluster.certificateAuthority().data();
        String cidr = null;
        if (cluster.kubernetesNetworkConfig() != null) {
            cidr = blankToNull(cluster.kubernetesNetworkConfig().serviceIpv4Cidr());
            if (cidr == null) {
                cidr = blankToNull(cluster.kubernetesNetworkConfig().serviceIpv6Cidr());
            }
        }
        require(endpoint, "endpoint", cluster.name());
        require(ca, "certificateAuthority.data", cluster.name());
        require(cidr, "kubernetesNetworkConfig.serviceIpv4Cidr/serviceIpv6Cidr", cluster.name());
        return new ClusterBootstrap(cluster.name(), endpoint, ca, cidr);
    }

    private static void require(String value, String field, String cluster) {
        if (blankToNull(value) == null) {
            throw new IllegalStateException("EKS DescribeCluster of " + cluster + " has no " + field
                + ": nodes cannot join without it");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
