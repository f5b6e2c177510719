package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.Reservation;

class InstancesIT {
    private SimulatedEc2 sim;

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start().withLaunchTemplate();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private List<String> launch(int count) {
        return sim.ec2.createFleet(sim.fleet(DefaultTargetCapacityType.ON_DEMAND, count,
                        List.of(sim.override("c5.large", "us-east-1a"))).build())
                .instances().get(0).instanceIds();
    }

    private Instance describe(String id) {
        return sim.ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private static List<String> ids(DescribeInstancesResponse response) {
        return response.reservations().stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();
    }

    @Test
    void instancesArePendingThenRunningAfterTheConfiguredDelay() {
        String id = launch(1).get(0);

        assertThat(describe(id).state().nameAsString()).isEqualTo("pending");
        assertThat(describe(id).state().code()).isZero();
        sim.clock.advance(Duration.ofSeconds(10));
        assertThat(describe(id).state().nameAsString()).isEqualTo("running");
        assertThat(describe(id).state().code()).isEqualTo(16);
    }

    @Test
    void terminationGoesThroughShuttingDownAndTheInstanceStaysDescribableForAWhile() {
        String id = launch(1).get(0);
        sim.clock.advance(Duration.ofSeconds(10));

        List<InstanceStateChange> changes = sim.ec2.terminateInstances(r -> r.instanceIds(id)).terminatingInstances();

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.previousState().nameAsString()).isEqualTo("running");
            assertThat(c.currentState().nameAsString()).isEqualTo("shutting-down");
        });
        sim.clock.advance(Duration.ofSeconds(30));
        Instance terminated = describe(id);
        assertThat(terminated.state().nameAsString()).isEqualTo("terminated");
        assertThat(terminated.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
        assertThat(sim.ec2.terminateInstances(r -> r.instanceIds(id)).terminatingInstances().get(0).previousState().nameAsString())
                .isEqualTo("terminated");
        sim.clock.advance(Duration.ofMinutes(60));
        assertThatThrownBy(() -> describe(id)).isInstanceOfSatisfying(Ec2Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound"));
    }

    @Test
    void filtersSelectByStateTagsAndIds() {
        List<String> ids = launch(3);
        sim.ec2.createTags(r -> r.resources(ids.get(0)).tags(t -> t.key("karpenter.sh/nodeclaim").value("default-abc")));
        sim.clock.advance(Duration.ofSeconds(10));
        sim.ec2.terminateInstances(r -> r.instanceIds(ids.get(2)));

        Filter live = Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped", "shutting-down").build();
        Filter running = Filter.builder().name("instance-state-name").values("running").build();
        Filter nodePool = Filter.builder().name("tag:karpenter.sh/nodepool").values("default").build();
        Filter hasNodeClaim = Filter.builder().name("tag-key").values("karpenter.sh/nodeclaim").build();
        Filter wildcard = Filter.builder().name("tag:karpenter.sh/nodeclaim").values("default-*").build();

        assertThat(ids(sim.ec2.describeInstances(r -> r.filters(running, nodePool)))).containsExactly(ids.get(0), ids.get(1));
        assertThat(ids(sim.ec2.describeInstances(r -> r.filters(live)))).containsExactlyElementsOf(ids);
        assertThat(ids(sim.ec2.describeInstances(r -> r.filters(hasNodeClaim)))).containsExactly(ids.get(0));
        assertThat(ids(sim.ec2.describeInstances(r -> r.filters(wildcard)))).containsExactly(ids.get(0));
        assertThat(ids(sim.ec2.describeInstances(r -> r.instanceIds(ids.get(1), ids.get(2)).filters(running)))).containsExactly(ids.get(1));
        assertThat(ids(sim.ec2.describeInstances(r -> r.filters(Filter.builder().name("instance-id").values(ids.get(2)).build()))))
                .containsExactly(ids.get(2));
    }

    @Test
    void instancesOfOneFleetShareAReservationAndPagesFollowNextToken() {
        launch(7);
        launch(5);

        DescribeInstancesResponse firstPage = sim.ec2.describeInstances(r -> r.maxResults(5));
        List<String> viaPaginator = sim.ec2.describeInstancesPaginator(r -> r.maxResults(5)).reservations().stream()
                .flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();

        assertThat(ids(firstPage)).hasSize(5);
        assertThat(firstPage.nextToken()).isNotBlank();
        assertThat(viaPaginator).hasSize(12).doesNotHaveDuplicates();
        List<Reservation> all = sim.ec2.describeInstances().reservations();
        assertThat(all).hasSize(2);
        assertThat(all.get(0).instances()).hasSize(7);
    }

    @Test
    void unknownAndMalformedIdsAreClientErrors() {
        assertThatThrownBy(() -> sim.ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("i-0123456789abcdef0");
                });
        assertThatThrownBy(() -> sim.ec2.terminateInstances(r -> r.instanceIds("not-an-id")))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.Malformed"));
        assertThatThrownBy(() -> sim.ec2.describeInstances(r -> r.instanceIds(launch(1).get(0)).maxResults(5)))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination"));
        assertThatThrownBy(() -> sim.ec2.describeInstances(r -> r.filters(f -> f.name("no-such-filter").values("x"))))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }

    @Test
    void theJavaViewShowsProviderIdsAndStates() {
        String id = launch(1).get(0);

        assertThat(sim.simulator.instance(id)).hasValueSatisfying(i -> {
            assertThat(i.providerId()).isEqualTo("aws:///us-east-1a/" + id);
            assertThat(i.state()).isEqualTo("pending");
            assertThat(i.capacityType()).isEqualTo("on-demand");
        });
        sim.simulator.interrupt(id);
        assertThat(describe(id).stateReason().code()).isEqualTo("Server.SpotInstanceTermination");
    }
}
