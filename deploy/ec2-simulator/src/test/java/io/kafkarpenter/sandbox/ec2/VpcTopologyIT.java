package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** The workshop VPC: public and private subnets told apart by their route tables, with or without discovery tags. */
class VpcTopologyIT {

    /** What a client does: a subnet's table is its explicit association, else the main one; public = 0.0.0.0/0 → igw. */
    private static boolean isPublic(String subnetId, List<RouteTable> tables) {
        RouteTable table = tables.stream().filter(t -> t.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId())))
                .findFirst().orElseGet(() -> tables.stream()
                        .filter(t -> t.associations().stream().anyMatch(RouteTableAssociation::main)).findFirst().orElseThrow());
        return table.routes().stream().anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())
                && r.gatewayId() != null && r.gatewayId().startsWith("igw-"));
    }

    @Test
    void largerSubnetsArePackedInTheVpcAndHoldThousandsOfInstances() {
        try (SimulatedEc2 sim = SimulatedEc2.start(c -> c.subnetPrefixLength(19)).withLaunchTemplate()) {
            assertThat(sim.ec2.describeSubnets().subnets()).extracting(Subnet::cidrBlock).containsExactlyInAnyOrder(
                    "10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19", "10.0.128.0/19", "10.0.160.0/19");
            assertThat(sim.ec2.describeSubnets().subnets()).extracting(Subnet::availableIpAddressCount).containsOnly(8187);

            sim.ec2.createFleet(sim.fleet(DefaultTargetCapacityType.ON_DEMAND, 600, List.of(sim.override("c5.large", "us-east-1b"))).build());

            assertThat(sim.simulator.instances()).hasSize(600).extracting(InstanceSnapshot::privateIpAddress)
                    .doesNotHaveDuplicates().contains("10.0.32.4", "10.0.33.0", "10.0.34.91")
                    .allSatisfy(ip -> assertThat(ip).startsWith("10.0.3"));
            assertThat(sim.simulator.availableIpAddressCount(sim.subnet("us-east-1b"))).isEqualTo(8187 - 600);
        }
        assertThatThrownBy(() -> Ec2SimulatorConfig.builder().subnetPrefixLength(16).build())
                .hasMessageContaining("subnetPrefixLength: 17 to 24");
        assertThatThrownBy(() -> Ec2SimulatorConfig.builder().subnetPrefixLength(18).build())
                .hasMessageContaining("do not fit");
    }

    @Test
    void routeTablesTellThePublicSubnetsFromThePrivateOnes() {
        try (SimulatedEc2 sim = SimulatedEc2.start()) {
            List<Subnet> subnets = sim.ec2.describeSubnets().subnets();
            List<RouteTable> tables = sim.ec2.describeRouteTables().routeTables();

            Map<String, Boolean> publicById = subnets.stream().collect(Collectors.toMap(Subnet::subnetId, s -> isPublic(s.subnetId(), tables)));
            assertThat(subnets).hasSize(6);
            assertThat(sim.simulator.privateSubnetIdsByZone().values()).allSatisfy(id -> assertThat(publicById.get(id)).isFalse());
            assertThat(sim.simulator.publicSubnetIdsByZone().values()).hasSize(3).allSatisfy(id -> assertThat(publicById.get(id)).isTrue());
            assertThat(sim.simulator.subnetIdsByZone()).isEqualTo(sim.simulator.privateSubnetIdsByZone());
            assertThat(subnets).filteredOn(Subnet::mapPublicIpOnLaunch).extracting(Subnet::cidrBlock)
                    .containsExactly("10.0.101.0/24", "10.0.102.0/24", "10.0.103.0/24");
            assertThat(sim.ec2.describeSubnets(r -> r.filters(f -> f.name("map-public-ip-on-launch").values("true"))).subnets())
                    .extracting(Subnet::subnetId).containsExactlyElementsOf(sim.simulator.publicSubnetIdsByZone().values());
            assertThat(sim.ec2.describeSubnets(r -> r.filters(f -> f.name("tag:kubernetes.io/role/elb").values("1"))).subnets())
                    .extracting(Subnet::tags).allSatisfy(tags -> assertThat(tags).anySatisfy(t -> assertThat(t.value()).startsWith(SimulatedEc2.CLUSTER + "-public-")));

            // main table: local route only, no subnet; one public table with igw; per-zone private tables with a NAT
            assertThat(tables).hasSize(5);
            RouteTable main = sim.ec2.describeRouteTables(r -> r.filters(f -> f.name("association.main").values("true"))).routeTables().get(0);
            assertThat(main.routes()).singleElement().satisfies(route -> {
                assertThat(route.gatewayId()).isEqualTo("local");
                assertThat(route.destinationCidrBlock()).isEqualTo("10.0.0.0/16");
            });
            assertThat(main.associations()).singleElement().satisfies(a -> assertThat(a.subnetId()).isNull());
            String privateA = sim.simulator.privateSubnetIdsByZone().get("us-east-1a");
            RouteTable ofPrivateA = sim.ec2.describeRouteTables(r -> r.filters(f -> f.name("association.subnet-id").values(privateA)))
                    .routeTables().get(0);
            assertThat(ofPrivateA.routes()).anySatisfy(route -> assertThat(route.natGatewayId()).startsWith("nat-"));
            assertThat(sim.ec2.describeRouteTables(r -> r.filters(f -> f.name("route.gateway-id").values("igw-*"))).routeTables())
                    .singleElement().satisfies(t -> assertThat(t.associations()).hasSize(3));
            assertThat(sim.ec2.describeRouteTables(r -> r.routeTableIds(ofPrivateA.routeTableId())).routeTables()).hasSize(1);
            assertThatThrownBy(() -> sim.ec2.describeRouteTables(r -> r.routeTableIds("rtb-0123456789abcdef0")))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRouteTableID.NotFound"));
            assertThatThrownBy(() -> sim.ec2.describeRouteTables(r -> r.filters(f -> f.name("nope").values("x"))))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        }
    }

    @Test
    void describeVpcsAnswersTheOneVpc() {
        try (SimulatedEc2 sim = SimulatedEc2.start()) {
            List<Vpc> vpcs = sim.ec2.describeVpcs().vpcs();

            assertThat(vpcs).singleElement().satisfies(v -> {
                assertThat(v.cidrBlock()).isEqualTo("10.0.0.0/16");
                assertThat(v.stateAsString()).isEqualTo("available");
                assertThat(v.isDefault()).isFalse();
                assertThat(v.cidrBlockAssociationSet()).singleElement().satisfies(a -> assertThat(a.cidrBlock()).isEqualTo("10.0.0.0/16"));
                assertThat(v.tags()).anySatisfy(t -> assertThat(t.value()).isEqualTo(SimulatedEc2.CLUSTER + "-vpc"));
            });
            String vpcId = vpcs.get(0).vpcId();
            assertThat(sim.ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs()).hasSize(1);
            assertThat(sim.ec2.describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs()).isEmpty();
            assertThat(sim.ec2.describeRouteTables(r -> r.filters(f -> f.name("vpc-id").values(vpcId))).routeTables()).hasSize(5);
            assertThatThrownBy(() -> sim.ec2.describeVpcs(r -> r.vpcIds("vpc-0123456789abcdef0")))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidVpcID.NotFound"));
        }
    }

    @Test
    void withoutDiscoveryTagsNothingCarriesTheDiscoveryTag() {
        try (SimulatedEc2 sim = SimulatedEc2.start(c -> c.discoveryTags(false))) {
            assertThat(sim.ec2.describeTags(r -> r.filters(f -> f.name("key").values("karpenter.sh/discovery"))).tags()).isEmpty();
            assertThat(sim.eks().describeCluster(r -> r.name(SimulatedEc2.CLUSTER)).cluster().tags()).isEmpty();
            assertThat(sim.ec2.describeSubnets().subnets()).hasSize(6);
        }
    }

    @Test
    void withoutPublicSubnetsTheLayoutIsPrivateOnly() {
        try (SimulatedEc2 sim = SimulatedEc2.start(c -> c.publicSubnets(false))) {
            assertThat(sim.simulator.publicSubnetIdsByZone()).isEmpty();
            assertThat(sim.ec2.describeSubnets().subnets()).hasSize(3).noneMatch(Subnet::mapPublicIpOnLaunch);
            assertThat(sim.ec2.describeRouteTables().routeTables()).hasSize(4);
            assertThat(sim.simulator.clusterSubnetIds()).containsExactlyElementsOf(sim.simulator.subnetIdsByZone().values());
        }
    }

    @Test
    void fleetsGoWhereTheOverridesSayAndPublicSubnetsCountTheirOwnAddresses() {
        try (SimulatedEc2 sim = SimulatedEc2.start().withLaunchTemplate()) {
            String publicA = sim.simulator.publicSubnetIdsByZone().get("us-east-1a");
            String privateA = sim.simulator.privateSubnetIdsByZone().get("us-east-1a");

            List<String> inPublic = sim.ec2.createFleet(sim.fleet(DefaultTargetCapacityType.ON_DEMAND, 2,
                    List.of(SimulatedEc2.override("c5.large", publicA, "us-east-1a"))).build()).instances().get(0).instanceIds();
            List<String> byZone = sim.ec2.createFleet(sim.fleet(DefaultTargetCapacityType.ON_DEMAND, 1,
                    List.of(SimulatedEc2.override("c5.large", null, "us-east-1a"))).build()).instances().get(0).instanceIds();

            List<Instance> launched = sim.ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream()).toList();
            assertThat(launched).filteredOn(i -> inPublic.contains(i.instanceId())).extracting(Instance::subnetId).containsOnly(publicA);
            assertThat(launched).filteredOn(i -> inPublic.contains(i.instanceId())).extracting(Instance::privateIpAddress)
                    .allSatisfy(ip -> assertThat(ip).startsWith("10.0.101."));
            assertThat(launched).filteredOn(i -> byZone.contains(i.instanceId())).extracting(Instance::subnetId).containsOnly(privateA);
            assertThat(sim.simulator.availableIpAddressCount(publicA)).isEqualTo(249);
            assertThat(sim.simulator.availableIpAddressCount(privateA)).isEqualTo(250);
        }
    }

    @Test
    void deleteTagsFollowsEc2Semantics() {
        try (SimulatedEc2 sim = SimulatedEc2.start()) {
            String subnet = sim.simulator.privateSubnetIdsByZone().get("us-east-1a");
            String clusterSg = sim.simulator.clusterSecurityGroupId();
            sim.simulator.putTag(subnet, "empty", "");
            sim.simulator.putTag(subnet, "k", "v");

            // Value="" deletes only an empty value; a wrong value deletes nothing; no Value deletes whatever the value
            sim.ec2.deleteTags(r -> r.resources(subnet).tags(t -> t.key("empty").value(""), t -> t.key("k").value("other")));
            assertThat(sim.simulator.tags(subnet)).doesNotContainKey("empty").containsEntry("k", "v");
            sim.ec2.deleteTags(r -> r.resources(subnet).tags(t -> t.key("k")));
            assertThat(sim.simulator.tags(subnet)).doesNotContainKey("k").containsKey("karpenter.sh/discovery");

            // no Tag at all: every user tag goes, aws: tags stay
            sim.ec2.deleteTags(r -> r.resources(clusterSg));
            assertThat(sim.simulator.tags(clusterSg)).containsOnlyKeys("aws:eks:cluster-name");
            sim.ec2.deleteTags(r -> r.resources(clusterSg).tags(t -> t.key("aws:eks:cluster-name")));
            assertThat(sim.simulator.tags(clusterSg)).containsOnlyKeys("aws:eks:cluster-name");
        }
    }
}
