package io.kafkarpenter.sandbox.ec2;

import static io.kafkarpenter.sandbox.ec2.SimulatedEc2.override;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;

class CreateFleetIT {
    private static final DefaultTargetCapacityType ON_DEMAND = DefaultTargetCapacityType.ON_DEMAND;
    private static final DefaultTargetCapacityType SPOT = DefaultTargetCapacityType.SPOT;

    private SimulatedEc2 sim;

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start().withLaunchTemplate();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private List<software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest> threeTypesTwoZones() {
        return List.of(
                sim.override("m5.large", "us-east-1a"), sim.override("m5.large", "us-east-1b"),
                sim.override("c5.large", "us-east-1a"), sim.override("c5.large", "us-east-1b"),
                sim.override("r5.large", "us-east-1a"), sim.override("r5.large", "us-east-1b"));
    }

    private Instance describe(String instanceId) {
        return sim.ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    @Test
    void onDemandLowestPriceLaunchesTheCheapestOverrideWithTheFleetTags() {
        CreateFleetResponse response = sim.ec2.createFleet(sim.fleet(ON_DEMAND, 1, threeTypesTwoZones()).build());

        assertThat(response.errors()).isEmpty();
        assertThat(response.fleetId()).startsWith("fleet-");
        assertThat(response.instances()).singleElement().satisfies(launched -> {
            assertThat(launched.instanceType().toString()).isEqualTo("c5.large");
            assertThat(launched.lifecycle().toString()).isEqualTo("on-demand");
            assertThat(launched.instanceIds()).hasSize(1);
            assertThat(launched.launchTemplateAndOverrides().overrides().availabilityZone()).isEqualTo("us-east-1a");
            assertThat(launched.launchTemplateAndOverrides().launchTemplateSpecification().launchTemplateName())
                    .isEqualTo(SimulatedEc2.LAUNCH_TEMPLATE);
        });
        Instance instance = describe(response.instances().get(0).instanceIds().get(0));
        assertThat(instance.instanceTypeAsString()).isEqualTo("c5.large");
        assertThat(instance.placement().availabilityZone()).isEqualTo("us-east-1a");
        assertThat(instance.subnetId()).isEqualTo(sim.subnet("us-east-1a"));
        assertThat(instance.imageId()).isEqualTo(sim.amd64Image());
        assertThat(instance.securityGroups()).extracting(g -> g.groupId()).containsExactly(sim.nodeSecurityGroup());
        assertThat(instance.privateDnsName()).matches("ip-10-0-1-\\d+\\.ec2\\.internal");
        assertThat(instance.instanceLifecycle()).isNull();
        assertThat(instance.tags()).extracting(t -> t.key() + "=" + t.value())
                .containsExactly("karpenter.sh/nodepool=default", "eks:eks-cluster-name=" + SimulatedEc2.CLUSTER);
        assertThat(sim.ec2.describeTags(r -> r.filters(f -> f.name("resource-type").values("fleet"))).tags())
                .singleElement().satisfies(t -> assertThat(t.resourceId()).isEqualTo(response.fleetId()));
    }

    @Test
    void spotPriceCapacityOptimizedLaunchesTheCheapestSpotPool() {
        sim.simulator.spotPrice("m5.large", null, 0.05);
        sim.simulator.spotPrice("c5.large", null, 0.04);
        sim.simulator.spotPrice("r5.large", null, 0.05);
        sim.simulator.spotPrice("r5.large", "us-east-1b", 0.02);

        CreateFleetResponse response = sim.ec2.createFleet(sim.fleet(SPOT, 1, threeTypesTwoZones()).build());

        assertThat(response.instances()).singleElement().satisfies(launched -> {
            assertThat(launched.instanceType().toString()).isEqualTo("r5.large");
            assertThat(launched.lifecycle().toString()).isEqualTo("spot");
            assertThat(launched.launchTemplateAndOverrides().overrides().availabilityZone()).isEqualTo("us-east-1b");
        });
        Instance instance = describe(response.instances().get(0).instanceIds().get(0));
        assertThat(instance.instanceLifecycleAsString()).isEqualTo("spot");
        assertThat(instance.spotInstanceRequestId()).startsWith("sir-");
    }

    @Test
    void prioritizedOnDemandFollowsThePriorities() {
        var overrides = List.of(
                override("r5.large", sim.subnet("us-east-1a"), "us-east-1a").toBuilder().priority(1.0).build(),
                override("c5.large", sim.subnet("us-east-1a"), "us-east-1a").toBuilder().priority(2.0).build());

        CreateFleetResponse response = sim.ec2.createFleet(sim.fleet(ON_DEMAND, 1, overrides)
                .onDemandOptions(o -> o.allocationStrategy("prioritized")).build());

        assertThat(response.instances().get(0).instanceType().toString()).isEqualTo("r5.large");
    }

    @Test
    void theSameClientTokenAndRequestReturnTheFirstResultWithoutLaunchingAgain() {
        var request = sim.fleet(ON_DEMAND, 1, threeTypesTwoZones()).clientToken("nodeclaim-default-abcde").build();

        CreateFleetResponse first = sim.ec2.createFleet(request);
        CreateFleetResponse second = sim.ec2.createFleet(request);

        assertThat(second.fleetId()).isEqualTo(first.fleetId());
        assertThat(second.instances().get(0).instanceIds()).isEqualTo(first.instances().get(0).instanceIds());
        assertThat(sim.simulator.instances()).hasSize(1);
        assertThat(describe(first.instances().get(0).instanceIds().get(0)).clientToken()).isEqualTo("nodeclaim-default-abcde");
    }

    @Test
    void concurrentRetriesWithOneClientTokenLaunchOnce() throws Exception {
        var request = sim.fleet(ON_DEMAND, 1, threeTypesTwoZones()).clientToken("nodeclaim-default-race").build();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<CreateFleetResponse>> answers = pool.invokeAll(
                    java.util.Collections.nCopies(6, () -> sim.ec2.createFleet(request)));
            List<String> launched = new java.util.ArrayList<>();
            for (var answer : answers) {
                launched.add(answer.get().instances().get(0).instanceIds().get(0));
            }
            assertThat(launched).containsOnly(launched.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(sim.simulator.instances()).hasSize(1);
    }

    @Test
    void theSameClientTokenWithOtherParametersIsAnIdempotentParameterMismatch() {
        sim.ec2.createFleet(sim.fleet(ON_DEMAND, 1, threeTypesTwoZones()).clientToken("tok-1").build());

        assertThatThrownBy(() -> sim.ec2.createFleet(sim.fleet(ON_DEMAND, 2, threeTypesTwoZones()).clientToken("tok-1").build()))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IdempotentParameterMismatch");
                });
        assertThat(sim.simulator.instances()).hasSize(1);
    }

    @Test
    void insufficientCapacityOnTheCheapestPoolIsReportedAndTheNextPoolIsLaunched() {
        sim.simulator.faults().insufficientCapacity("c5.large", "us-east-1a", "on-demand");

        CreateFleetResponse response = sim.ec2.createFleet(sim.fleet(ON_DEMAND, 1, threeTypesTwoZones()).build());

        assertThat(response.errors()).singleElement().satisfies(error -> {
            assertThat(error.errorCode()).isEqualTo("InsufficientInstanceCapacity");
            assertThat(error.lifecycle().toString()).isEqualTo("on-demand");
            assertThat(error.launchTemplateAndOverrides().overrides().instanceTypeAsString()).isEqualTo("c5.large");
            assertThat(error.launchTemplateAndOverrides().overrides().availabilityZone()).isEqualTo("us-east-1a");
        });
        assertThat(response.instances()).singleElement().satisfies(launched -> {
            assertThat(launched.instanceType().toString()).isEqualTo("c5.large");
            assertThat(launched.launchTemplateAndOverrides().overrides().availabilityZone()).isEqualTo("us-east-1b");
        });
    }

    @Test
    void noCapacityAnywhereLaunchesNothingAndReportsEveryPool() {
        sim.simulator.faults().insufficientCapacity(null, null, "on-demand");

        CreateFleetResponse response = sim.ec2.createFleet(sim.fleet(ON_DEMAND, 1, threeTypesTwoZones()).build());

        assertThat(response.instances()).isEmpty();
        assertThat(response.errors()).hasSize(6).extracting(CreateFleetError::errorCode).containsOnly("InsufficientInstanceCapacity");
        assertThat(sim.simulator.instances()).isEmpty();
    }

    @Test
    void aPartialFleetLaunchesWhatItCanAndReportsTheRest() {
        sim.simulator.faults().maxInstancesPerFleet(2);

        CreateFleetResponse response = sim.ec2.createFleet(sim.fleet(ON_DEMAND, 3, threeTypesTwoZones()).build());

        assertThat(response.instances()).singleElement().satisfies(l -> assertThat(l.instanceIds()).hasSize(2));
        assertThat(response.errors()).extracting(CreateFleetError::errorCode).containsExactly("UnfulfillableCapacity");
    }

    @Test
    void aPoolWithLittleCapacitySpillsIntoTheNextPool() {
        sim.simulator.faults().poolCapacity("c5.large", "us-east-1a", "on-demand", 1);

        CreateFleetResponse response = sim.ec2.createFleet(sim.fleet(ON_DEMAND, 3, threeTypesTwoZones()).build());

        assertThat(response.instances()).hasSize(2);
        assertThat(response.instances().get(0).instanceIds()).hasSize(1);
        assertThat(response.instances().get(0).launchTemplateAndOverrides().overrides().availabilityZone()).isEqualTo("us-east-1a");
        assertThat(response.instances().get(1).instanceIds()).hasSize(2);
        assertThat(response.instances().get(1).launchTemplateAndOverrides().overrides().availabilityZone()).isEqualTo("us-east-1b");
        assertThat(response.errors()).extracting(CreateFleetError::errorCode).containsExactly("InsufficientInstanceCapacity");
    }

    @Test
    void vcpuQuotasStopLaunches() {
        sim.simulator.faults().onDemandVcpuQuota(4).spotVcpuQuota(0);

        CreateFleetResponse onDemand = sim.ec2.createFleet(sim.fleet(ON_DEMAND, 3, List.of(sim.override("c5.large", "us-east-1a"))).build());
        CreateFleetResponse spot = sim.ec2.createFleet(sim.fleet(SPOT, 1, List.of(sim.override("c5.large", "us-east-1a"))).build());

        assertThat(onDemand.instances().get(0).instanceIds()).hasSize(2);
        assertThat(onDemand.errors()).extracting(CreateFleetError::errorCode).containsExactly("VcpuLimitExceeded");
        assertThat(spot.instances()).isEmpty();
        assertThat(spot.errors()).extracting(CreateFleetError::errorCode).containsExactly("MaxSpotInstanceCountExceeded");
    }

    @Test
    void aFullSubnetAnswersInsufficientFreeAddresses() {
        String subnet = sim.subnet("us-east-1a");
        sim.simulator.consumeSubnetIps(subnet, 251);

        CreateFleetResponse response = sim.ec2.createFleet(sim.fleet(ON_DEMAND, 1, List.of(
                sim.override("c5.large", "us-east-1a"), sim.override("m5.large", "us-east-1b"))).build());

        assertThat(response.errors()).extracting(CreateFleetError::errorCode).containsExactly("InsufficientFreeAddressesInSubnet");
        assertThat(response.instances().get(0).instanceType().toString()).isEqualTo("m5.large");
    }

    @Test
    void anUnknownLaunchTemplateIsReportedPerOverride() {
        var request = sim.fleet(ON_DEMAND, 1, List.of(sim.override("c5.large", "us-east-1a"))).build().toBuilder()
                .launchTemplateConfigs(c -> c.launchTemplateSpecification(s -> s.launchTemplateName("missing").version("$Latest"))
                        .overrides(sim.override("c5.large", "us-east-1a")))
                .build();

        CreateFleetResponse response = sim.ec2.createFleet(request);

        assertThat(response.instances()).isEmpty();
        assertThat(response.errors()).extracting(CreateFleetError::errorCode)
                .containsExactly("InvalidLaunchTemplateName.NotFoundException");
    }

    @Test
    void anArm64TypeWithAnAmd64ImageIsRefused() {
        CreateFleetResponse response = sim.ec2.createFleet(sim.fleet(ON_DEMAND, 1, List.of(
                sim.override("m6g.large", "us-east-1a"), sim.override("m5.large", "us-east-1a"))).build());

        assertThat(response.errors()).extracting(CreateFleetError::errorCode).containsExactly("InvalidParameterValue");
        assertThat(response.instances().get(0).instanceType().toString()).isEqualTo("m5.large");
    }

    @Test
    void missingTargetCapacityIsABadRequest() {
        var request = sim.fleet(ON_DEMAND, 1, threeTypesTwoZones()).targetCapacitySpecification((t) -> { }).build();

        assertThatThrownBy(() -> sim.ec2.createFleet(request)).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter");
        });
    }
}
