package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import org.junit.jupiter.api.Test;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner at scale: every candidate is considered (no 100-node cap, no timeout), and its multi-node command must
 * remove at least as many nodes as the naive first-fit consolidation. How fast it is, is measured by
 * {@code bin/kk bench disruption} (docs/benchmarks.md), not asserted here.
 */
class DisruptionScaleTest {

    @Test
    void aPassOverAThousandHalfUsedNodesRemovesAtLeastAsManyAsFirstFit() {
        ClusterSnapshot cluster = ScaleClusters.halfUsed(1000, 40, 0.5, "100%", 42);
        int pods = cluster.nodes().stream().mapToInt(n -> n.pods().size()).sum();
        assertThat(pods).isGreaterThan(15_000);

        DisruptionPlan plan = new DisruptionPlanner().plan(cluster);

        assertThat(plan.actingMethod()).isEqualTo(DisruptionMethod.MULTI_NODE_CONSOLIDATION);
        int removed = plan.commands().get(0).nodes().size();
        assertThat(removed).isGreaterThanOrEqualTo(ScaleClusters.firstFitDeletions(cluster));
    }

    @Test
    void aPassOverAThousandNodesWithSpreadAndAntiAffinityRemovesMoreThanFourHundred() {
        DisruptionFixtures.ClusterBuilder b = cluster().pool(pool("default").budgets("100%").onDemandOnly());
        int seq = 0;
        for (int n = 0; n < 1000; n++) {
            DisruptionFixtures.NodeBuilder nb = node(String.format("node-%04d", n)).type("m6i.2xlarge")
                    .zone(DisruptionFixtures.ZONES.get(n % 3));
            for (int p = 0; p < 20; p++, seq++) {
                DisruptionFixtures.PodBuilder pb = pod("p" + seq).cpu("196m").label("app", "a" + (seq % 40));
                if (seq % 10 < 3) {
                    pb.view(v -> v.spreadOn("topology.kubernetes.io/zone", 2, "ScheduleAnyway"));
                } else if (seq % 10 == 3) {
                    pb.view(v -> v.selfAntiAffinity("kubernetes.io/hostname"));
                }
                nb.pod(pb);
            }
            b.node(nb);
        }
        DisruptionPlan plan = new DisruptionPlanner().plan(b.build());

        assertThat(plan.actingMethod()).isEqualTo(DisruptionMethod.MULTI_NODE_CONSOLIDATION);
        assertThat(plan.commands().get(0).nodes().size()).isGreaterThan(400);
    }
}
