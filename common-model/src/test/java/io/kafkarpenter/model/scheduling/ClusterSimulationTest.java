package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kafkarpenter.model.scheduling.SchedulerFixtures.pod;
import static io.kafkarpenter.model.scheduling.SchedulerFixtures.pool;
import static io.kafkarpenter.model.scheduling.SchedulerFixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

/** Trials on one simulated cluster, and their rollback to a checkpoint. */
class ClusterSimulationTest {

    private static final LabelSelector WEB = LabelSelector.of(Map.of("app", "web"));

    private static ExistingNode node(String name, String cpu, SchedulingPod... pods) {
        return new ExistingNode(name, "default", Map.of(Labels.HOSTNAME, name, Labels.ZONE, "zone-1",
                Labels.NODEPOOL, "default"), List.of(), res(cpu, "8Gi", "20"), res(cpu, "8Gi", "20"), true, List.of(pods));
    }

    private static SchedulingPod web(String name) {
        return pod(name, "500m", "100Mi").labels(Map.of("app", "web"))
                .requiredAntiAffinity(PodAffinityTerm.of(Labels.HOSTNAME, WEB)).build();
    }

    private static ClusterSimulation sim(List<NodePoolTemplate> pools, List<ExistingNode> nodes) {
        List<SchedulingPod> all = new ArrayList<>();
        nodes.forEach(n -> all.addAll(n.pods()));
        return new ClusterSimulation(pools, nodes, List.of(), SchedulerOptions.DEFAULT, Set.of(), all);
    }

    @Test
    void aRolledBackTrialLeavesNoTraceInRoomOrTopology() {
        SchedulingPod x = web("x");
        SchedulingPod y = web("y");
        ClusterSimulation s = sim(List.of(), List.of(node("a", "2", x), node("b", "2", y), node("c", "2")));
        int start = s.checkpoint();

        ClusterSimulation.Outcome first = s.remove(List.of("a"), p -> true, List.of(), true, 0);
        assertThat(first.allPlaced()).isTrue();
        assertThat(s.placementOf(x)).as("not next to y").isEqualTo("c");
        assertThat(s.isRemoved("a")).isTrue();
        s.rollback(start);
        assertThat(s.isRemoved("a")).isFalse();
        assertThat(s.placementOf(x)).isNull();

        // had x's count stayed on c, y could not go there now
        ClusterSimulation.Outcome second = s.remove(List.of("b"), p -> true, List.of(), true, 0);
        assertThat(second.allPlaced()).isTrue();
        assertThat(s.placementOf(y)).isEqualTo("c");
    }

    @Test
    void podsMovedOntoANodeMoveAgainWhenThatNodeGoes() {
        SchedulingPod p1 = pod("p1", "500m", "100Mi").build();
        SchedulingPod p2 = pod("p2", "500m", "100Mi").build();
        ClusterSimulation s = sim(List.of(), List.of(node("a", "2", p1), node("b", "2", p2), node("c", "2")));
        s.orderTargets(List.of("b", "c", "a"));
        assertThat(s.remove(List.of("a"), p -> true, List.of(), true, 0).allPlaced()).isTrue();
        assertThat(s.placementOf(p1)).isEqualTo("b");
        ClusterSimulation.Outcome second = s.remove(List.of("b"), p -> true, List.of(), true, 0);
        assertThat(second.pods()).containsExactlyInAnyOrder(p1, p2);
        assertThat(s.placementOf(p1)).isEqualTo("c");
        assertThat(s.placementOf(p2)).isEqualTo("c");
    }

    @Test
    void refusingNodesDeclineMovedPodsButNotPendingOnes() {
        SchedulingPod p1 = pod("p1", "500m", "100Mi").build();
        ClusterSimulation s = sim(List.of(), List.of(node("a", "2", p1), node("c", "2")));
        s.refuseMovedPods(List.of("c"));
        int start = s.checkpoint();
        assertThat(s.remove(List.of("a"), p -> true, List.of(), true, 0).allPlaced()).isFalse();
        s.rollback(start);
        SchedulingPod pending = pod("pending", "500m", "100Mi").build();
        assertThat(s.place(List.of(pending), false, 0).allPlaced()).isTrue();
        assertThat(s.placementOf(pending)).isIn("a", "c");
    }

    @Test
    void aMovedPodThatWouldLandOnAFailingNodeFailsInsteadOfGoingElsewhere() {
        SchedulingPod p1 = pod("p1", "500m", "100Mi").build();
        ClusterSimulation s = sim(List.of(pool("default")), List.of(node("a", "2", p1), node("c", "2")));
        s.failMovedPods(List.of("c"));
        int start = s.checkpoint();
        ClusterSimulation.Outcome moved = s.remove(List.of("a"), p -> true, List.of(), true, Integer.MAX_VALUE);
        assertThat(moved.failures()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("not initialized"));
        assertThat(s.newClaims()).as("no claim instead").isEmpty();
        s.rollback(start);
        SchedulingPod pending = pod("pending", "500m", "100Mi").build();
        s.refuseMovedPods(List.of("a"));
        assertThat(s.place(List.of(pending), false, 0).allPlaced()).as("pending pods may use it").isTrue();
    }

    @Test
    void theClaimLimitCapsNewNodeClaimsAndRollbackDropsThem() {
        SchedulingPod big = pod("big", "1500m", "100Mi").build();
        SchedulingPod big2 = pod("big2", "1500m", "100Mi").build();
        ClusterSimulation s = sim(List.of(pool("default")), List.of(node("a", "2", big), node("b", "2", big2)));
        int start = s.checkpoint();
        assertThat(s.remove(List.of("a"), p -> true, List.of(), true, 0).allPlaced()).isFalse();
        s.rollback(start);
        assertThat(s.remove(List.of("a"), p -> true, List.of(), true, 1).allPlaced()).isTrue();
        assertThat(s.newClaims()).singleElement().satisfies(c -> assertThat(c.pods()).containsExactly(big));
        assertThat(s.placementOf(big)).isEqualTo(s.newClaims().get(0).name());
        s.rollback(start);
        assertThat(s.newClaims()).isEmpty();
    }

    @Test
    void aRemovedNodesCapacityNoLongerCountsAgainstItsNodePoolsLimits() {
        NodePoolTemplate limited = pool("default", 0, new io.kafkarpenter.model.requirements.Requirements(), List.of(),
                ResourceList.parse(Map.of("cpu", "4")));
        SchedulingPod big = pod("big", "1500m", "100Mi").build();
        ClusterSimulation s = sim(List.of(limited), List.of(node("a", "2", big),
                node("b", "2", pod("big2", "1500m", "100Mi").build())));
        int start = s.checkpoint();
        // nodes a and b use the 4 cpu of the limit: no new claim
        assertThat(s.place(List.of(pod("more", "1500m", "100Mi").build()), false, 1).allPlaced()).isFalse();
        s.rollback(start);
        // without a, its 2 cpu are free for a replacement (the fixture's "small" type has 2)
        assertThat(s.remove(List.of("a"), p -> true, List.of(), true, 1).allPlaced()).isTrue();
        assertThat(s.newClaims()).singleElement()
                .satisfies(c -> assertThat(c.instanceType().name()).isEqualTo("small"));
        s.rollback(start);
        assertThat(s.place(List.of(pod("more", "1500m", "100Mi").build()), false, 1).allPlaced())
                .as("rolled back: the limit is used up again").isFalse();
    }

    @Test
    void settlingKeepsPendingClaimsOutOfReach() {
        ClusterSimulation s = sim(List.of(pool("default")), List.of(node("a", "2", pod("p1", "1500m", "100Mi").build())));
        s.place(List.of(pod("pending", "1500m", "100Mi").build()), false, Integer.MAX_VALUE);
        s.settle();
        assertThat(s.settledClaims()).hasSize(1);
        assertThat(s.newClaims()).isEmpty();
        assertThat(s.remove(List.of("a"), p -> true, List.of(), true, 0).allPlaced())
                .as("the pending pod's claim takes no moved pod").isFalse();
    }
}
