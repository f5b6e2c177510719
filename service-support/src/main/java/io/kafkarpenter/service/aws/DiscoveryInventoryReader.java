package io.kafkarpenter.service.aws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.model.discovery.DiscoveryInventory;
import io.kafkarpenter.model.discovery.DiscoverySelection;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.VpcConfigResponse;

/**
 * Reads a {@link DiscoveryInventory} from AWS: EKS {@code DescribeCluster} (ARN, tags, subnet ids, cluster security
 * group, VPC); EC2 {@code DescribeSubnets} for the cluster's subnets, the explicitly selected ones and those carrying
 * this cluster's marker tag (so a subnet that left the cluster is still found); {@code DescribeRouteTables} of their
 * VPCs to tell public from private; {@code DescribeSecurityGroups} for the cluster group, the selected ones and the
 * marked ones. Read-only; errors propagate (the callers retry transient ones).
 */
public final class DiscoveryInventoryReader {

    /** EC2 accepts up to 200 values per filter. */
    private static final int FILTER_VALUES = 200;

    private final Ec2Client ec2;
    private final EksClient eks;

    public DiscoveryInventoryReader(Ec2Client ec2, EksClient eks) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.eks = Objects.requireNonNull(eks, "eks");
    }

    /** Everything the planner needs for {@code clusterName} and {@code selection}. */
    public DiscoveryInventory read(String clusterName, DiscoverySelection selection) {
        Cluster cluster = describeCluster(clusterName);
        VpcConfigResponse vpc = cluster.resourcesVpcConfig();
        Set<String> clusterSubnets = new LinkedHashSet<>(vpc == null ? List.of() : vpc.subnetIds());
        String clusterGroup = vpc == null ? null : vpc.clusterSecurityGroupId();

        Set<String> subnetIds = new LinkedHashSet<>(clusterSubnets);
        subnetIds.addAll(selection.subnetIds());
        Map<String, Subnet> subnets = new LinkedHashMap<>();
        describeSubnets(List.of(Filter.builder().name("subnet-id").values(subnetIds).build()), subnetIds.isEmpty())
            .forEach(s -> subnets.put(s.subnetId(), s));
        describeSubnets(List.of(markedBy(clusterName)), false).forEach(s -> subnets.putIfAbsent(s.subnetId(), s));

        Set<String> vpcs = new LinkedHashSet<>();
        if (vpc != null && vpc.vpcId() != null) {
            vpcs.add(vpc.vpcId());
        }
        subnets.values().forEach(s -> vpcs.add(s.vpcId()));
        List<RouteTable> routeTables = describeRouteTables(vpcs);

        List<DiscoveryInventory.Subnet> subnetList = new ArrayList<>();
        for (Subnet s : subnets.values()) {
            subnetList.add(new DiscoveryInventory.Subnet(s.subnetId(), s.availabilityZone(),
                isPublic(s, routeTables), tags(s.tags()), clusterSubnets.contains(s.subnetId())));
        }

        Set<String> groupIds = new LinkedHashSet<>();
        if (clusterGroup != null) {
            groupIds.add(clusterGroup);
        }
        groupIds.addAll(selection.securityGroupIds());
        Map<String, SecurityGroup> groups = new LinkedHashMap<>();
        describeSecurityGroups(Filter.builder().name("group-id").values(groupIds).build(), groupIds.isEmpty())
            .forEach(g -> groups.put(g.groupId(), g));
        describeSecurityGroups(markedBy(clusterName), false).forEach(g -> groups.putIfAbsent(g.groupId(), g));
        List<DiscoveryInventory.SecurityGroup> groupList = groups.values().stream()
            .map(g -> new DiscoveryInventory.SecurityGroup(g.groupId(), g.groupName(), tags(g.tags()),
                g.groupId().equals(clusterGroup)))
            .toList();

        return new DiscoveryInventory(
            new DiscoveryInventory.Cluster(clusterName, cluster.arn(), cluster.tags() == null ? Map.of()
                : cluster.tags()),
            subnetList, groupList);
    }

    private Cluster describeCluster(String clusterName) {
        try {
            return eks.describeCluster(r -> r.name(clusterName)).cluster();
        } catch (ResourceNotFoundException e) {
            throw new ClusterNotFoundException(clusterName, e);
        }
    }

    private static Filter markedBy(String clusterName) {
        return Filter.builder().name("tag:" + AwsTagKeys.DISCOVERY_MARKER).values(clusterName).build();
    }

    private List<Subnet> describeSubnets(List<Filter> filters, boolean nothingToAsk) {
        if (nothingToAsk) {
            return List.of();
        }
        List<Subnet> out = new ArrayList<>();
        for (List<Filter> chunk : chunked(filters)) {
            ec2.describeSubnetsPaginator(r -> r.filters(chunk)).subnets().forEach(out::add);
        }
        return out;
    }

    private List<SecurityGroup> describeSecurityGroups(Filter filter, boolean nothingToAsk) {
        if (nothingToAsk) {
            return List.of();
        }
        List<SecurityGroup> out = new ArrayList<>();
        for (List<Filter> chunk : chunked(List.of(filter))) {
            ec2.describeSecurityGroupsPaginator(r -> r.filters(chunk)).securityGroups().forEach(out::add);
        }
        return out;
    }

    private List<RouteTable> describeRouteTables(Collection<String> vpcIds) {
        if (vpcIds.isEmpty()) {
            return List.of();
        }
        List<RouteTable> out = new ArrayList<>();
        for (List<Filter> chunk : chunked(List.of(Filter.builder().name("vpc-id").values(vpcIds).build()))) {
            ec2.describeRouteTablesPaginator(r -> r.filters(chunk)).routeTables().forEach(out::add);
        }
        return out;
    }

    /** A filter with more values than EC2 accepts becomes several requests (its other filters repeated). */
    private static List<List<Filter>> chunked(List<Filter> filters) {
        Filter big = filters.stream().filter(f -> f.values().size() > FILTER_VALUES).findFirst().orElse(null);
        if (big == null) {
            return List.of(filters);
        }
        List<List<Filter>> out = new ArrayList<>();
        List<String> values = big.values();
        for (int i = 0; i < values.size(); i += FILTER_VALUES) {
            List<Filter> chunk = new ArrayList<>(filters);
            chunk.set(filters.indexOf(big), big.toBuilder()
                .values(values.subList(i, Math.min(values.size(), i + FILTER_VALUES))).build());
            out.add(chunk);
        }
        return out;
    }

    /**
     * Public = the subnet's route table (its explicit association, else its VPC's main table) sends
     * {@code 0.0.0.0/0} to an internet gateway ({@code igw-*}).
     */
    static boolean isPublic(Subnet subnet, List<RouteTable> routeTables) {
        Optional<RouteTable> table = routeTables.stream()
            .filter(t -> t.associations().stream().anyMatch(a -> subnet.subnetId().equals(a.subnetId())))
            .findFirst()
            .or(() -> routeTables.stream()
                .filter(t -> Objects.equals(t.vpcId(), subnet.vpcId()))
                .filter(t -> t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main())))
                .findFirst());
        return table.map(t -> t.routes().stream().anyMatch(DiscoveryInventoryReader::isDefaultRouteToInternet))
            .orElse(false);
    }

    private static boolean isDefaultRouteToInternet(Route r) {
        return "0.0.0.0/0".equals(r.destinationCidrBlock()) && r.gatewayId() != null && r.gatewayId().startsWith("igw-")
            && !"blackhole".equals(r.stateAsString());
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach(t -> out.put(t.key(), t.value() == null ? "" : t.value()));
        return out;
    }
}
