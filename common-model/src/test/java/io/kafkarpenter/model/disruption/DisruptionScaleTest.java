package io.kafkarpenter.model.disruption;

import org.junit.jupiter.api.Test;

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
}
