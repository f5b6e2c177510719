package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import io.kafkarpenter.model.requirements.Labels;
import org.junit.jupiter.api.Test;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.ZONES;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** Consolidation keeps the pods' topology rules: zonal spread and anti-affinity hold after the moves. */
class TopologyConsolidationTest {

    private static ClusterSnapshot spreadOverZones(String type) {
        DisruptionFixtures.ClusterBuilder b = cluster().pool(pool("default").budgets("100%").onDemandOnly());
        for (int i = 0; i < 3; i++) {
            b.node(node("n" + i).type(type).zone(ZONES.get(i)).pod(pod("web-" + i).label("app", "web")
                    .view(v -> v.zoneSpread(1))));
        }
        return b.build();
    }

    @Test
    void aNodeWhosePodMustStayInItsZoneIsNotDeleted() {
        DisruptionPlan plan = new DisruptionPlanner().plan(spreadOverZones("m6i.large"));
        assertThat(plan.commands()).isEmpty();
    }

    @Test
    void aDearNodeIsReplacedInTheZoneTheSpreadNeeds() {
        DisruptionPlan plan = new DisruptionPlanner().plan(spreadOverZones("m6i.2xlarge"));
        DisruptionCommand c = plan.commands().get(0);
        assertThat(c.method()).isEqualTo(DisruptionMethod.SINGLE_NODE_CONSOLIDATION);
        String node = c.nodes().get(0);
        String zone = ZONES.get(Integer.parseInt(node.substring(1)));
        assertThat(c.replacements()).singleElement().satisfies(r -> {
            assertThat(r.zones()).containsExactly(zone);
            assertThat(r.requirements().get(Labels.ZONE).values()).containsExactly(zone);
        });
    }

    @Test
    void podsWithHostnameAntiAffinityAreNotStackedOnOneReplacement() {
        DisruptionFixtures.ClusterBuilder b = cluster().pool(pool("default").budgets("100%").onDemandOnly());
        for (int i = 0; i < 3; i++) {
            b.node(node("n" + i).type("m6i.2xlarge").pod(pod("web-" + i).label("app", "web")
                    .view(v -> v.selfAntiAffinity(Labels.HOSTNAME))));
        }
        DisruptionPlan plan = new DisruptionPlanner().plan(b.build());
        assertThat(plan.commands()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.replacements()).hasSizeLessThanOrEqualTo(1);
            assertThat(c.nodes()).hasSize(1); // one web pod per node: each goes to its own cheaper node
        });
    }
}
