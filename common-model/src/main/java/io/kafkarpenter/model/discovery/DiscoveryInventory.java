package io.kafkarpenter.model.discovery;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What AWS holds for one EKS cluster, as far as discovery tags go: the cluster, the subnets (the cluster's, those
 * explicitly selected, and those carrying this cluster's marker tag, so one that left the cluster is still seen) and
 * the security groups (the cluster security group, those selected, and those carrying the marker).
 */
public record DiscoveryInventory(Cluster cluster, List<Subnet> subnets, List<SecurityGroup> securityGroups) {

    public DiscoveryInventory {
        Objects.requireNonNull(cluster, "cluster");
        subnets = List.copyOf(subnets);
        securityGroups = List.copyOf(securityGroups);
    }

    /** The EKS cluster: its name (the discovery tag's value), ARN (EKS tag calls take it) and tags. */
    public record Cluster(String name, String arn, Map<String, String> tags) {
        public Cluster {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arn, "arn");
            tags = Map.copyOf(tags);
        }
    }

    /**
     * A subnet: zone, whether it is public (its route table sends 0.0.0.0/0 to an internet gateway), its tags, and
     * whether it is one of the cluster's subnets ({@code resourcesVpcConfig.subnetIds}).
     */
    public record Subnet(String id, String zone, boolean isPublic, Map<String, String> tags, boolean inCluster) {
        public Subnet {
            Objects.requireNonNull(id, "id");
            tags = Map.copyOf(tags);
        }
    }

    /** A security group: name, tags, and whether it is the cluster security group ({@code clusterSecurityGroupId}). */
    public record SecurityGroup(String id, String name, Map<String, String> tags, boolean clusterSecurityGroup) {
        public SecurityGroup {
            Objects.requireNonNull(id, "id");
            tags = Map.copyOf(tags);
        }
    }
}
