package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import io.kafkarpenter.model.disruption.fixtures.FirstFitConsolidation;

import java.util.Random;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;

/** Large clusters for the scale tests, and the naive first-fit consolidation they are compared with. */
final class ScaleClusters {

    private ScaleClusters() {
    }

    /**
     * {@code nodes} m6i.2xlarge nodes (7930m allocatable) over three zones, each running {@code podsPerNode} pods of
     * random sizes (100m-300m, 128-512Mi) from 50 deployments, using about {@code fill} of the node's cpu.
     */
    static ClusterSnapshot halfUsed(int nodes, int podsPerNode, double fill, String budget, long seed) {
        Random random = new Random(seed);
        DisruptionFixtures.ClusterBuilder b = cluster().pool(pool("default").budgets(budget));
        int podSeq = 0;
        for (int n = 0; n < nodes; n++) {
            DisruptionFixtures.NodeBuilder nb = node(String.format("node-%04d", n)).type("m6i.2xlarge")
                    .zone(DisruptionFixtures.ZONES.get(n % 3));
            long budgetMilli = (long) (7930 * fill);
            long used = 0;
            for (int p = 0; p < podsPerNode; p++) {
                long cpu = 100 + random.nextInt(3) * 100L;
                if (used + cpu > budgetMilli) {
                    break;
                }
                used += cpu;
                int app = random.nextInt(50);
                nb.pod(pod("p" + podSeq++).cpu(cpu + "m").memory((128 << random.nextInt(3)) + "Mi")
                        .label("app", "app-" + app));
            }
            b.node(nb);
        }
        return b.build();
    }

    /** The naive first-fit consolidation ({@link FirstFitConsolidation}): how many nodes it deletes. */
    static int firstFitDeletions(ClusterSnapshot s) {
        return FirstFitConsolidation.deletions(s).size();
    }
}
