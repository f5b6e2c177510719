package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The naive consolidation: repeatedly delete the emptiest node (by cpu requested) whose pods, first-fit onto
     * the other remaining nodes in name order, all fit by resources; returns how many nodes it deletes.
     */
    static int firstFitDeletions(ClusterSnapshot s) {
        Map<String, ResourceList> free = new HashMap<>();
        Map<String, List<ResourceList>> podsOn = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (ClusterNode n : s.nodes()) {
            ResourceList room = n.allocatable();
            List<ResourceList> pods = new ArrayList<>();
            for (BoundPod p : n.pods()) {
                room = room.minus(p.pod().requests());
                pods.add(p.pod().requests());
            }
            free.put(n.name(), room);
            podsOn.put(n.name(), pods);
            names.add(n.name());
        }
        names.sort(Comparator.naturalOrder());
        List<String> remaining = new ArrayList<>(names);
        int deleted = 0;
        boolean progress = true;
        java.util.Set<String> tried = new java.util.HashSet<>();
        while (progress) {
            progress = false;
            List<String> byUse = new ArrayList<>(remaining);
            byUse.removeAll(tried);
            byUse.sort(Comparator.comparingLong((String n) -> -free.get(n).cpuMilli()).thenComparing(n -> n));
            for (String victim : byUse) {
                Map<String, ResourceList> trial = new HashMap<>(free);
                Map<String, List<ResourceList>> moved = new HashMap<>();
                boolean ok = true;
                for (ResourceList r : podsOn.get(victim)) {
                    String target = null;
                    for (String t : remaining) {
                        if (!t.equals(victim) && r.fitsIn(trial.get(t))) {
                            target = t;
                            break;
                        }
                    }
                    if (target == null) {
                        ok = false;
                        break;
                    }
                    trial.put(target, trial.get(target).minus(r));
                    moved.computeIfAbsent(target, k -> new ArrayList<>()).add(r);
                }
                if (ok) {
                    free.clear();
                    free.putAll(trial);
                    moved.forEach((t, rs) -> podsOn.get(t).addAll(rs));
                    remaining.remove(victim);
                    deleted++;
                    progress = true;
                    tried.clear();
                    break;
                }
                tried.add(victim);
            }
        }
        return deleted;
    }
}
