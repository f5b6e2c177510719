package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirement;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** One pass of the loop: method order, expiration alongside, verdicts, pods that need a node anyway. */
class DisruptionPlannerTest {

    @Test
    void theFirstMethodThatActsWinsThePass() {
        ClusterSnapshot s = cluster()
                .pool(pool("default").budgets("100%").require(Requirement.in(Labels.CAPACITY_TYPE, "spot")))
                .node(node("empty"))
                .node(node("drifted-busy").pod(pod("web-0")))
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.actingMethod()).isEqualTo(DisruptionMethod.EMPTINESS);
        assertThat(plan.commands()).singleElement().satisfies(c -> assertThat(c.nodes()).containsExactly("empty"));
        assertThat(plan.notDisrupted()).singleElement().satisfies(v -> {
            assertThat(v.node()).isEqualTo("drifted-busy");
            assertThat(v.why()).isEqualTo(Reason.NOT_EVALUATED.format("drifted-busy", "emptiness"));
        });
    }

    @Test
    void expirationsComeOnTopOfTheLoopAndTheirPodsGoWhereTheyFit() {
        ClusterSnapshot s = cluster()
                .pool(pool("default").budgets("100%").whenEmpty().expireAfter(Duration.ofHours(30)))
                .node(node("old").createdAt(cluster().build().now().minus(Duration.ofHours(31))).pod(pod("web-0")))
                .node(node("young").pod(pod("web-1")))
                .node(node("empty"))
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).extracting(DisruptionCommand::method)
                .containsExactly(DisruptionMethod.EXPIRATION, DisruptionMethod.EMPTINESS);
        DisruptionCommand expiry = plan.commands().get(0);
        assertThat(expiry.nodes()).containsExactly("old");
        assertThat(expiry.moves()).hasSize(1).containsKey("default/web-0");
        assertThat(plan.placements()).containsKey("default/web-0");
    }

    @Test
    void theExpiredNodesPodsThatFitNowhereStayPending() {
        ClusterSnapshot s = cluster()
                .pool(pool("default").expireAfter(Duration.ofHours(1)).types(
                        io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.m6i().subList(0, 1)))
                .node(node("old").type("m6i.4xlarge").pod(pod("huge").cpu("12")))
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).singleElement()
                .satisfies(c -> assertThat(c.method()).isEqualTo(DisruptionMethod.EXPIRATION));
        assertThat(plan.stillPending()).singleElement()
                .satisfies(f -> assertThat(f.pod().key()).isEqualTo("default/huge"));
    }

    @Test
    void everyManagedNodeNotDisruptedGetsAReasonAndUnmanagedNodesAreLeftOut() {
        ClusterSnapshot s = cluster().pool(pool("default").budgets("100%").onDemandOnly())
                .node(node("a").type("m6i.2xlarge").pod(pod("big").cpu("7")))
                .node(node("b").pod(pod("guarded").doNotDisrupt("true")))
                .node(node("c").uninitialized())
                .node(node("unmanaged").unmanaged())
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).isEmpty();
        assertThat(plan.notDisrupted()).extracting(NodeVerdict::node).containsExactly("a", "b", "c");
        assertThat(plan.notDisrupted()).extracting(v -> v.why().reason()).containsExactly(
                Reason.NO_CHEAPER_REPLACEMENT, Reason.DO_NOT_DISRUPT_POD, Reason.NODE_NOT_INITIALIZED);
    }

    @Test
    void podsOfANodeBeingDeletedArePlacedFirstAndItCountsAgainstTheBudget() {
        ClusterSnapshot s = cluster().pool(pool("default").budgets("1"))
                .node(node("going").deleting().pod(pod("web-0")))
                .node(node("empty"))
                .node(node("target").pod(pod("web-1")))
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).as("the one allowed disruption is the node being deleted").isEmpty();
        assertThat(plan.placements()).containsKey("default/web-0");
        assertThat(plan.notDisrupted()).extracting(v -> v.why().reason())
                .containsExactly(Reason.NODE_DELETING, Reason.BUDGET_EXHAUSTED, Reason.NODE_NOMINATED);
    }

    @Test
    void aWhenEmptyPoolDoesNotConsolidateBusyNodes() {
        ClusterSnapshot s = cluster().pool(pool("default").budgets("100%").whenEmpty())
                .node(node("a").type("m6i.2xlarge").pod(pod("web-0"))).build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).isEmpty();
        assertThat(plan.notDisrupted().get(0).why().reason()).isEqualTo(Reason.NONEMPTY_CONSOLIDATION_DISABLED);
    }
}
