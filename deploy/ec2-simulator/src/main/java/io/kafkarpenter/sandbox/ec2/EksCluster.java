package io.kafkarpenter.sandbox.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated EKS cluster: what DescribeCluster answers and what the EKS tag operations change. Mutable; only
 * touched while holding the {@link Ec2State} lock.
 */
final class EksCluster {
    final String name;
    final String arn;
    final String version;
    final Instant createdAt;
    final String endpoint;
    final String vpcId;
    final String clusterSecurityGroupId;
    /** {@code resourcesVpcConfig.subnetIds}: private then public; tests move subnets in and out. */
    final List<String> subnetIds = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>();

    EksCluster(String name, String region, String accountId, String version, Instant createdAt, String vpcId,
               String clusterSecurityGroupId) {
        this.name = name;
        this.arn = "arn:aws:eks:" + region + ":" + accountId + ":cluster/" + name;
        this.version = version;
        this.createdAt = createdAt;
        this.endpoint = "https://" + Integer.toHexString(name.hashCode()).toUpperCase() + "0123456789ABCDEF.gr7." + region
                + ".eks.amazonaws.com";
        this.vpcId = vpcId;
        this.clusterSecurityGroupId = clusterSecurityGroupId;
    }
}
