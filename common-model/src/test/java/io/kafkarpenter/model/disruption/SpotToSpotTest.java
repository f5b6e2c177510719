package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** Replacing spot with spot, and on-demand with spot (karpenter-core reference §5.7). */
class SpotToSpotTest {

    private static InstanceType spotType(String name, int cpu, double price) {
        return DisruptionFixtures.type(name, cpu, cpu * 4, List.of(new Offering("us-east-1a", "spot", price, true),
                new Offering("us-east-1b", "spot", price, true)));
    }

    /** A spot "big" node at 1.0/h and {@code cheaper} spot types that can hold its pod, at 0.10, 0.11, ... */
    private static ClusterSnapshot spotCluster(int cheaper, boolean gate) {
        List<InstanceType> types = new ArrayList<>();
        types.add(spotType("big", 16, 1.0));
        for (int i = 0; i < cheaper; i++) {
            types.add(spotType(String.format("small-%02d", i), 2, 0.10 + i / 100.0));
        }
        DisruptionFixtures.ClusterBuilder b = cluster()
                .pool(pool("default").budgets("100%").types(types).require(Requirement.in(Labels.CAPACITY_TYPE, "spot")))
                .node(node("spot-node").type(types.get(0)).spot().pod(pod("web-0").cpu("500m")));
        return gate ? b.spotToSpot().build() : b.build();
    }

    @Test
    void withoutTheFeatureGateASpotNodeIsNotReplacedBySpot() {
        DisruptionPlan plan = new DisruptionPlanner().plan(spotCluster(20, false));
        assertThat(plan.commands()).isEmpty();
        assertThat(plan.notDisrupted().get(0).why()).isEqualTo(Reason.SPOT_TO_SPOT_DISABLED.format());
    }

    @Test
    void aSingleSpotNodeNeedsFifteenCheaperTypes() {
        DisruptionPlan plan = new DisruptionPlanner().plan(spotCluster(14, true));
        assertThat(plan.commands()).isEmpty();
        assertThat(plan.notDisrupted().get(0).why()).isEqualTo(Reason.SPOT_TO_SPOT_TOO_FEW_TYPES.format(15, 14));
    }

    @Test
    void withFifteenOrMoreTheReplacementIsTruncatedToTheCheapestFifteen() {
        DisruptionPlan plan = new DisruptionPlanner().plan(spotCluster(20, true));
        PlannedNodeClaim r = plan.commands().get(0).replacements().get(0);
        assertThat(r.instanceTypes()).hasSize(15);
        assertThat(r.instanceTypes().get(0).name()).isEqualTo("small-00");
        assertThat(r.instanceTypes().get(14).name()).isEqualTo("small-14");
        assertThat(r.capacityTypes()).containsExactly("spot");
        assertThat(plan.commands().get(0).savingsPerHour()).isEqualTo(0.9);
    }

    @Test
    void anOnDemandNodeReplacedFromAPoolAllowingBothIsReplacedBySpotOnly() {
        ClusterSnapshot s = cluster().pool(pool("default").budgets("100%"))
                .node(node("od").type("m6i.2xlarge").pod(pod("web-0").cpu("500m"))).build();
        PlannedNodeClaim r = new DisruptionPlanner().plan(s).commands().get(0).replacements().get(0);
        assertThat(r.capacityTypes()).containsExactly("spot");
        assertThat(r.offering().capacityType()).isEqualTo("spot");
        assertThat(r.requirements().get(Labels.CAPACITY_TYPE).values()).containsExactly("spot");
    }

    @Test
    void theWorstCaseLaunchPriceMustBeBelowTheNodesPrice() {
        InstanceType zonesDiffer = DisruptionFixtures.type("m6i.large", 2, 8,
                List.of(new Offering("us-east-1a", "on-demand", 0.05, true),
                        new Offering("us-east-1b", "on-demand", 0.5, true)));
        ClusterSnapshot s = cluster()
                .pool(pool("default").budgets("100%").onDemandOnly().types(List.of(zonesDiffer,
                        DisruptionFixtures.type("m6i.2xlarge", 8, 32, 0.384))))
                .node(node("od").type("m6i.2xlarge").pod(pod("web-0").cpu("500m"))).build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).as("it may launch in us-east-1b at 0.5/h").isEmpty();
        assertThat(plan.notDisrupted().get(0).why().reason()).isEqualTo(Reason.NO_CHEAPER_REPLACEMENT);
    }
}
