package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import io.kafkarpenter.model.requirements.Labels;
import org.junit.jupiter.api.Test;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** The multi-node search (DESIGN.md in the package; rules of karpenter-core reference §5.8). */
class MultiNodeConsolidationTest {

    private static DisruptionFixtures.PoolBuilder onDemand(String budget) {
        return pool("default").budgets(budget).onDemandOnly();
    }

    @Test
    void threeNodesMergeIntoOneCheaperNode() {
        ClusterSnapshot s = cluster().pool(onDemand("100%"))
                .node(node("n1").type("m6i.2xlarge").pod(pod("a").cpu("500m").memory("1Gi")))
                .node(node("n2").type("m6i.2xlarge").pod(pod("b").cpu("500m").memory("1Gi")))
                .node(node("n3").type("m6i.2xlarge").pod(pod("c").cpu("500m").memory("1Gi")))
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.actingMethod()).isEqualTo(DisruptionMethod.MULTI_NODE_CONSOLIDATION);
        DisruptionCommand c = plan.commands().get(0);
        assertThat(c.nodes()).containsExactlyInAnyOrder("n1", "n2", "n3");
        assertThat(c.replacements()).singleElement()
                .satisfies(r -> assertThat(r.instanceType().name()).isEqualTo("m6i.large"));
        assertThat(c.savingsPerHour()).isEqualTo(3 * 0.384 - 0.096);
        assertThat(c.moves()).hasSize(3).containsValue(c.replacements().get(0).name());
    }

    @Test
    void nodesAreNotReplacedByTheirOwnTypeAtTheSamePriceADeleteDoesIt() {
        ClusterSnapshot s = cluster().pool(onDemand("100%"))
                .node(node("a").pods(2, "a", "100m"))
                .node(node("b").pods(1, "b", "100m"))
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.actingMethod()).isEqualTo(DisruptionMethod.SINGLE_NODE_CONSOLIDATION);
        assertThat(plan.commands().get(0).nodes()).containsExactly("b");
        assertThat(plan.commands().get(0).moves()).containsEntry("default/b-0", "a");
    }

    @Test
    void theBudgetBoundsTheCommand() {
        DisruptionFixtures.ClusterBuilder b = cluster().pool(onDemand("3"));
        for (int i = 0; i < 10; i++) {
            b.node(node("n" + i).type("m6i.2xlarge").pods(10, "p" + i, "300m"));
        }
        DisruptionCommand c = new DisruptionPlanner().plan(b.build()).commands().get(0);
        assertThat(c.method()).isEqualTo(DisruptionMethod.MULTI_NODE_CONSOLIDATION);
        assertThat(c.nodes()).hasSize(3);
    }

    @Test
    void deletionsDoNotPayForAReplacementTheReplacedNodesDoNotEarn() {
        // two nearly empty nodes go; the third is full and its replacement would cost what it costs
        ClusterSnapshot s = cluster().pool(onDemand("100%"))
                .node(node("empty-ish-1").type("m6i.2xlarge").pods(1, "x", "100m"))
                .node(node("empty-ish-2").type("m6i.2xlarge").pods(1, "y", "100m"))
                .node(node("full").type("m6i.2xlarge").pods(26, "z", "300m"))
                .node(node("keeper").type("m6i.2xlarge").pods(20, "k", "300m"))
                .build();
        DisruptionCommand c = new DisruptionPlanner().plan(s).commands().get(0);
        assertThat(c.method()).isEqualTo(DisruptionMethod.MULTI_NODE_CONSOLIDATION);
        assertThat(c.nodes()).containsExactlyInAnyOrder("empty-ish-1", "empty-ish-2");
        assertThat(c.replacements()).isEmpty();
    }

    @Test
    void onAHundredHalfUsedNodesItRemovesAtLeastAsManyAsFirstFit() {
        ClusterSnapshot s = ScaleClusters.halfUsed(100, 40, 0.5, "100%", 3);
        DisruptionCommand c = new DisruptionPlanner().plan(s).commands().get(0);
        assertThat(c.nodes().size()).isGreaterThanOrEqualTo(ScaleClusters.firstFitDeletions(s)).isGreaterThan(40);
        // every moved pod is placed on a node that stays or on the replacement
        java.util.Set<String> gone = new java.util.HashSet<>(c.nodes());
        assertThat(c.moves().values()).noneMatch(gone::contains);
    }

    @Test
    void spotNodesMergeSpotToSpotOnlyWithTheFeatureGate() {
        DisruptionFixtures.ClusterBuilder b = cluster().pool(pool("default").budgets("100%")
                .require(io.kafkarpenter.model.requirements.Requirement.in(Labels.CAPACITY_TYPE, "spot")));
        for (int i = 0; i < 3; i++) {
            b.node(node("s" + i).type("m6i.2xlarge").spot().pod(pod("p" + i).cpu("5")));
        }
        assertThat(new DisruptionPlanner().plan(b.build()).commands()).isEmpty();
        DisruptionPlan gated = new DisruptionPlanner().plan(b.spotToSpot().build());
        assertThat(gated.actingMethod()).as("multi-node spot-to-spot needs no 15 types")
                .isEqualTo(DisruptionMethod.MULTI_NODE_CONSOLIDATION);
        assertThat(gated.commands().get(0).replacements().get(0).capacityTypes()).containsExactly("spot");
    }
}
