package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

class NetworkAndImagesIT {
    private SimulatedEc2 sim;

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start().withLaunchTemplate();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private int freeIps(String zone) {
        return sim.ec2.describeSubnets(r -> r.subnetIds(sim.subnet(zone))).subnets().get(0).availableIpAddressCount();
    }

    @Test
    void subnetsAreFoundByTheDiscoveryTagOnePerZone() {
        List<Subnet> subnets = sim.ec2.describeSubnets(r -> r.filters(
                f -> f.name("tag:karpenter.sh/discovery").values(SimulatedEc2.CLUSTER))).subnets();

        assertThat(subnets).extracting(Subnet::availabilityZone).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(subnets).extracting(Subnet::availabilityZoneId).containsExactly("use1-az1", "use1-az2", "use1-az3");
        assertThat(subnets).extracting(Subnet::cidrBlock).containsExactly("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24");
        assertThat(subnets).extracting(Subnet::availableIpAddressCount).containsOnly(251);
        assertThat(subnets.get(0).vpcId()).startsWith("vpc-");
        assertThat(sim.ec2.describeSubnets(r -> r.filters(f -> f.name("tag:karpenter.sh/discovery").values("other"))).subnets()).isEmpty();
        assertThat(sim.ec2.describeSubnets(r -> r.filters(f -> f.name("availability-zone").values("us-east-1b"))).subnets())
                .extracting(Subnet::subnetId).containsExactly(sim.subnet("us-east-1b"),
                        sim.simulator.publicSubnetIdsByZone().get("us-east-1b"));
    }

    @Test
    void freeAddressesGoDownAsInstancesLaunchAndComeBackWhenTheyTerminate() {
        List<String> ids = sim.ec2.createFleet(sim.fleet(DefaultTargetCapacityType.ON_DEMAND, 3,
                List.of(sim.override("c5.large", "us-east-1a"))).build()).instances().get(0).instanceIds();

        assertThat(freeIps("us-east-1a")).isEqualTo(248);
        assertThat(freeIps("us-east-1b")).isEqualTo(251);

        sim.ec2.terminateInstances(r -> r.instanceIds(ids.get(0)));
        assertThat(freeIps("us-east-1a")).isEqualTo(248);
        sim.clock.advance(Duration.ofSeconds(30));
        assertThat(freeIps("us-east-1a")).isEqualTo(249);
        assertThat(sim.simulator.availableIpAddressCount(sim.subnet("us-east-1a"))).isEqualTo(249);
    }

    @Test
    void unknownSubnetsAreNotFound() {
        assertThatThrownBy(() -> sim.ec2.describeSubnets(r -> r.subnetIds("subnet-0123456789abcdef0")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSubnetID.NotFound"));
    }

    @Test
    void securityGroupsAreFoundByTagIdAndName() {
        List<SecurityGroup> byTag = sim.ec2.describeSecurityGroups(r -> r.filters(
                f -> f.name("tag:karpenter.sh/discovery").values(SimulatedEc2.CLUSTER))).securityGroups();
        assertThat(byTag).extracting(SecurityGroup::groupName).containsExactly(SimulatedEc2.CLUSTER + "-node");

        assertThat(sim.ec2.describeSecurityGroups(r -> r.groupIds(sim.nodeSecurityGroup())).securityGroups())
                .extracting(SecurityGroup::groupName).containsExactly(SimulatedEc2.CLUSTER + "-node");
        assertThat(sim.ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("eks-cluster-sg-*"))).securityGroups())
                .singleElement().satisfies(g -> assertThat(g.tags()).anySatisfy(t -> assertThat(t.key()).isEqualTo("kubernetes.io/cluster/" + SimulatedEc2.CLUSTER)));
        assertThat(sim.ec2.describeSecurityGroups().securityGroups()).hasSize(3);
        assertThatThrownBy(() -> sim.ec2.describeSecurityGroups(r -> r.groupIds("sg-0123456789abcdef0")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound"));
    }

    @Test
    void al2023ImagesAreFoundByNameOwnerAndArchitecture() {
        List<Image> arm = sim.ec2.describeImages(r -> r.owners("amazon").filters(
                f -> f.name("name").values("amazon-eks-node-al2023-*-standard-1.34-*"),
                f -> f.name("architecture").values("arm64"))).images();

        assertThat(arm).hasSize(2).allSatisfy(i -> {
            assertThat(i.architectureAsString()).isEqualTo("arm64");
            assertThat(i.stateAsString()).isEqualTo("available");
            assertThat(i.imageId()).matches("ami-0[0-9a-f]{16}");
            assertThat(i.creationDate()).isNotBlank();
        });
        String newer = sim.simulator.publishImage("amazon-eks-node-al2023-arm64-standard-1.34-v20261201", "arm64");
        assertThat(sim.ec2.describeImages(r -> r.imageIds(newer)).images()).extracting(Image::name)
                .containsExactly("amazon-eks-node-al2023-arm64-standard-1.34-v20261201");
        assertThat(sim.ec2.describeImages(r -> r.owners("self")).images()).isEmpty();
        assertThatThrownBy(() -> sim.ec2.describeImages(r -> r.imageIds("ami-0123456789abcdef0")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAMIID.NotFound"));
        assertThatThrownBy(() -> sim.ec2.describeImages(r -> r.imageIds("my-image")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAMIID.Malformed"));
    }

    @Test
    void availabilityZonesAreTheConfiguredOnes() {
        List<AvailabilityZone> zones = sim.ec2.describeAvailabilityZones().availabilityZones();

        assertThat(zones).extracting(AvailabilityZone::zoneName).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(zones).extracting(AvailabilityZone::stateAsString).containsOnly("available");
        assertThat(zones).extracting(AvailabilityZone::regionName).containsOnly("us-east-1");
        assertThat(sim.ec2.describeAvailabilityZones(r -> r.filters(f -> f.name("zone-id").values("use1-az2"))).availabilityZones())
                .extracting(AvailabilityZone::zoneName).containsExactly("us-east-1b");
    }
}
