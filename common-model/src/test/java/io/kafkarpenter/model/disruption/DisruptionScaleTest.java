package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import org.junit.jupiter.api.Test;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner at scale: every candidate is considered (no 100-node cap, no timeout), so it must be fast, and its
 * multi-node command must remove at least as many nodes as the naive first-fit consolidation.
 */
class DisruptionScaleTest {

    @Test
    void aPassOverAThousandHalfUsedNodesRemovesAtLeastAsManyAsFirstFit() {
        ClusterSnapshot cluster = ScaleClusters.halfUsed(1000, 40, 0.5, "100%", 42);
        int pods = cluster.nodes().stream().mapToInt(n -> n.pods().size()).sum();
        assertThat(pods).isGreaterThan(15_000);

        DisruptionPlanner planner = new DisruptionPlanner();
        long best = Long.MAX_VALUE;
        DisruptionPlan plan = null;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            plan = planner.plan(cluster);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("1000 nodes, %d pods: best pass %d ms%n", pods, best / 1_000_000);

        assertThat(plan.actingMethod()).isEqualTo(DisruptionMethod.MULTI_NODE_CONSOLIDATION);
        int removed = plan.commands().get(0).nodes().size();
        int firstFit = ScaleClusters.firstFitDeletions(cluster);
        System.out.printf("multi-node removes %d nodes, first-fit %d%n", removed, firstFit);
        assertThat(removed).isGreaterThanOrEqualTo(firstFit);
        assertThat(best / 1_000_000).as("pass time (ms), target 2000 on 2 cores").isLessThan(10_000);
    }

    @Test
    void aPassOverAThousandNodesWithSpreadAndAntiAffinityStaysFast() {
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
        ClusterSnapshot cluster = b.build();
        long best = Long.MAX_VALUE;
        DisruptionPlan plan = null;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            plan = new DisruptionPlanner().plan(cluster);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("1000 nodes, 20000 pods with spread and anti-affinity: best pass %d ms, %d nodes removed%n",
                best / 1_000_000, plan.commands().get(0).nodes().size());
        assertThat(plan.actingMethod()).isEqualTo(DisruptionMethod.MULTI_NODE_CONSOLIDATION);
        assertThat(plan.commands().get(0).nodes().size()).isGreaterThan(400);
        assertThat(best / 1_000_000).as("pass time (ms), target 2000 on 2 cores").isLessThan(10_000);
    }
}
