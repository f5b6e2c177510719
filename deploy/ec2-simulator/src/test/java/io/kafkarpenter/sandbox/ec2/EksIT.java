package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.NotFoundException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/** The EKS calls of the workshop's §1.7, with the real SDK EksClient on the simulator's port. */
class EksIT {
    private SimulatedEc2 sim;

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void describeClusterNamesTheVpcAllSubnetsAndTheClusterSecurityGroup() {
        Cluster cluster = sim.eks().describeCluster(r -> r.name(SimulatedEc2.CLUSTER)).cluster();

        assertThat(cluster.name()).isEqualTo(SimulatedEc2.CLUSTER);
        assertThat(cluster.arn()).isEqualTo("arn:aws:eks:us-east-1:123456789012:cluster/" + SimulatedEc2.CLUSTER)
                .isEqualTo(sim.simulator.clusterArn());
        assertThat(cluster.version()).isEqualTo("1.34");
        assertThat(cluster.statusAsString()).isEqualTo("ACTIVE");
        assertThat(cluster.createdAt()).isNotNull();
        assertThat(cluster.endpoint()).startsWith("https://");
        assertThat(cluster.kubernetesNetworkConfig().serviceIpv4Cidr()).isEqualTo("172.20.0.0/16");
        assertThat(cluster.certificateAuthority().data()).isNotBlank();
        assertThat(cluster.tags()).isEmpty();
        List<String> expectedSubnets = new java.util.ArrayList<>(sim.simulator.privateSubnetIdsByZone().values());
        expectedSubnets.addAll(sim.simulator.publicSubnetIdsByZone().values());
        assertThat(cluster.resourcesVpcConfig().subnetIds()).hasSize(6).containsExactlyElementsOf(expectedSubnets);
        assertThat(cluster.resourcesVpcConfig().clusterSecurityGroupId()).isEqualTo(sim.simulator.clusterSecurityGroupId())
                .isEqualTo(sim.simulator.securityGroupIdsByName().get("eks-cluster-sg-" + SimulatedEc2.CLUSTER));
        assertThat(cluster.resourcesVpcConfig().securityGroupIds()).isEmpty();
        assertThat(cluster.resourcesVpcConfig().vpcId()).isEqualTo(sim.ec2.describeVpcs().vpcs().get(0).vpcId());
        assertThat(sim.simulator.requests("DescribeCluster")).singleElement()
                .satisfies(r -> assertThat(r.parameter("name")).isEqualTo(SimulatedEc2.CLUSTER));
    }

    @Test
    void anotherClusterNameIsResourceNotFound() {
        assertThatThrownBy(() -> sim.eks().describeCluster(r -> r.name("other")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("other");
                });
    }

    @Test
    void clusterTagsRoundTripThroughTagListAndUntag() {
        String arn = sim.simulator.clusterArn();

        sim.eks().tagResource(r -> r.resourceArn(arn).tags(Map.of("karpenter.sh/discovery", SimulatedEc2.CLUSTER,
                "kafkarpenter.io/discovery-tag-owner", SimulatedEc2.CLUSTER, "team/x", "a b+c")));

        assertThat(sim.eks().listTagsForResource(r -> r.resourceArn(arn)).tags())
                .containsEntry("karpenter.sh/discovery", SimulatedEc2.CLUSTER).containsEntry("team/x", "a b+c").hasSize(3);
        assertThat(sim.eks().describeCluster(r -> r.name(SimulatedEc2.CLUSTER)).cluster().tags())
                .containsEntry("kafkarpenter.io/discovery-tag-owner", SimulatedEc2.CLUSTER);

        sim.eks().untagResource(r -> r.resourceArn(arn).tagKeys("karpenter.sh/discovery", "team/x"));

        assertThat(sim.simulator.tags(arn)).containsOnlyKeys("kafkarpenter.io/discovery-tag-owner");
        assertThat(sim.simulator.requests("TagResource")).singleElement()
                .satisfies(r -> assertThat(r.parameter("tags.team/x")).isEqualTo("a b+c"));
        assertThat(sim.simulator.requests("UntagResource")).singleElement()
                .satisfies(r -> assertThat(r.parameters()).containsEntry("tagKeys.1", "karpenter.sh/discovery")
                        .containsEntry("resourceArn", arn));
    }

    @Test
    void tagsChangedByHandAreSeenByTheApiAndNotLogged() {
        String arn = sim.simulator.clusterArn();
        sim.simulator.putTag(arn, "karpenter.sh/discovery", "someone-else");

        assertThat(sim.eks().listTagsForResource(r -> r.resourceArn(arn)).tags())
                .containsExactlyEntriesOf(Map.of("karpenter.sh/discovery", "someone-else"));
        sim.simulator.deleteTag(arn, "karpenter.sh/discovery");
        assertThat(sim.eks().listTagsForResource(r -> r.resourceArn(arn)).tags()).isEmpty();
        assertThat(sim.simulator.requests().stream().map(RecordedRequest::action).toList())
                .containsExactly("ListTagsForResource", "ListTagsForResource");
    }

    @Test
    void anUnknownArnIsNotFound() {
        String other = "arn:aws:eks:us-east-1:123456789012:cluster/other";

        assertThatThrownBy(() -> sim.eks().listTagsForResource(r -> r.resourceArn(other)))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> sim.eks().tagResource(r -> r.resourceArn(other).tags(Map.of("k", "v"))))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sim.eks().untagResource(r -> r.resourceArn(other).tagKeys("k")))
                .isInstanceOf(NotFoundException.class);
        assertThat(sim.simulator.requests("TagResource")).singleElement()
                .satisfies(r -> assertThat(r.errorCode()).isEqualTo("NotFoundException"));
    }

    @Test
    void aThrottledEksCallIsRetriedByTheSdk() {
        sim.simulator.faults().throttleNext(2, "DescribeCluster");

        assertThat(sim.eks().describeCluster(r -> r.name(SimulatedEc2.CLUSTER)).cluster().name()).isEqualTo(SimulatedEc2.CLUSTER);

        assertThat(sim.simulator.requests("DescribeCluster")).extracting(RecordedRequest::httpStatus).containsExactly(429, 429, 200);
        assertThat(sim.simulator.requests("DescribeCluster")).extracting(RecordedRequest::errorCode)
                .containsExactly("ThrottlingException", "ThrottlingException", null);
    }

    @Test
    void scriptedFailuresHitEksOperationsByName() {
        sim.simulator.faults().failNext("TagResource", 1, "AccessDeniedException", 403, "not allowed");

        assertThatThrownBy(() -> sim.eks().tagResource(r -> r.resourceArn(sim.simulator.clusterArn()).tags(Map.of("k", "v"))))
                .isInstanceOfSatisfying(EksException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                });
        assertThat(sim.simulator.tags(sim.simulator.clusterArn())).isEmpty();
    }

    @Test
    void aSubnetRemovedFromTheClusterLeavesDescribeCluster() {
        String subnet = sim.simulator.privateSubnetIdsByZone().get("us-east-1b");

        sim.simulator.removeSubnetFromCluster(subnet);
        assertThat(sim.eks().describeCluster(r -> r.name(SimulatedEc2.CLUSTER)).cluster().resourcesVpcConfig().subnetIds())
                .hasSize(5).doesNotContain(subnet);

        sim.simulator.addSubnetToCluster(subnet);
        assertThat(sim.simulator.clusterSubnetIds()).hasSize(6).endsWith(subnet);
        assertThat(sim.simulator.tags(subnet)).containsEntry("karpenter.sh/discovery", SimulatedEc2.CLUSTER);
    }
}
