package io.kafkarpenter.sandbox.e2e;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The sandbox's AWS side as a user sees it with the AWS CLI, here the real SDK against the simulator (it serves EC2,
 * EKS and IAM on one endpoint): the EKS cluster and its tags, its subnets told apart by their route tables (public:
 * {@code 0.0.0.0/0} to an internet gateway), tags of any resource, and the simulator's request log and faults
 * ({@code /_sim/requests}, {@code /_sim/faults}).
 */
final class WorkshopAws implements AutoCloseable {

    private final Sandbox sandbox;
    private final EksClient eks;
    private final IamClient iam;

    WorkshopAws(Sandbox sandbox) {
        this.sandbox = sandbox;
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox"));
        this.eks = EksClient.builder().region(Region.US_EAST_1).endpointOverride(sandbox.ec2Endpoint())
            .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(sandbox.ec2Endpoint())
            .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    EksClient eks() {
        return eks;
    }

    IamClient iam() {
        return iam;
    }

    Cluster cluster() {
        return eks.describeCluster(r -> r.name(sandbox.options().clusterName())).cluster();
    }

    Map<String, String> clusterTags() {
        return eks.listTagsForResource(r -> r.resourceArn(cluster().arn())).tags();
    }

    /** The cluster's subnets, public or private by their route table (its own association, else the VPC's main one). */
    Map<Boolean, List<Subnet>> subnetsByPublic() {
        Cluster c = cluster();
        List<Subnet> subnets = sandbox.ec2().describeSubnets(r -> r.subnetIds(c.resourcesVpcConfig().subnetIds())).subnets();
        List<RouteTable> tables = sandbox.ec2().describeRouteTables(r -> r.filters(Filter.builder().name("vpc-id")
            .values(c.resourcesVpcConfig().vpcId()).build())).routeTables();
        return subnets.stream().collect(Collectors.partitioningBy(s -> isPublic(s.subnetId(), tables)));
    }

    private static boolean isPublic(String subnetId, List<RouteTable> tables) {
        RouteTable own = tables.stream().filter(t -> t.associations().stream()
            .anyMatch(a -> subnetId.equals(a.subnetId()))).findFirst()
            .orElseGet(() -> tables.stream().filter(t -> t.associations().stream()
                .anyMatch(RouteTableAssociation::main)).findFirst().orElseThrow());
        return own.routes().stream().anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())
            && r.gatewayId() != null && r.gatewayId().startsWith("igw-"));
    }

    /** The tags of an EC2 resource (subnet, security group, instance). */
    Map<String, String> tags(String resourceId) {
        return sandbox.ec2().describeTags(r -> r.filters(Filter.builder().name("resource-id").values(resourceId).build()))
            .tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b, TreeMap::new));
    }

    /** EC2 DeleteTags of one key, as {@code aws ec2 delete-tags} would. */
    void deleteTag(String resourceId, String key) {
        sandbox.ec2().deleteTags(r -> r.resources(resourceId).tags(Tag.builder().key(key).build()));
    }

    /** The simulator's request log, oldest first, of one action (EC2, EKS or IAM operation name). */
    List<JsonNode> requests(String action) {
        return new SimulatorControl(sandbox.ec2Endpoint()).requests(action);
    }

    /** The request's parameter, or null (EC2/IAM Query parameters; EKS calls carry theirs in path and body). */
    static String parameter(JsonNode request, String name) {
        JsonNode v = request.path("parameters").get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Replaces the simulator's faults ({@code PUT /_sim/faults}, YAML); an empty string clears them. */
    void faults(String yaml) {
        new SimulatorControl(sandbox.ec2Endpoint()).faults(yaml);
    }

    @Override
    public void close() {
        eks.close();
        iam.close();
    }
}
