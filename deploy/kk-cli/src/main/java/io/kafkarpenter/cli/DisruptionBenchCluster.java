package io.kafkarpenter.cli;

import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;
import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.ZONES;

/**
 * The cluster {@code kk bench disruption} plans on: {@code N} half-used on-demand nodes of six real instance types
 * (c6a/m6a/r6a .xlarge and .2xlarge from the built-in us-east-1 catalog, catalog prices and EKS allocatable) spread
 * round-robin over three zones, running Deployment-owned pods (ReplicaSet owner, labels {@code app} and
 * {@code pod-template-hash}).
 *
 * <p>Deployments are generated one after another with a fixed request per Deployment (cpu 50–250m, memory
 * 128–512Mi), 5–40 replicas; a quarter of them have a zonal topology spread (maxSkew 1, DoNotSchedule) and place
 * replica {@code r} in zone {@code r mod 3}, the others go to any zone. Each replica lands on a random node of its
 * zone that still has room under half of its allocatable cpu and memory; a Deployment whose replica finds none
 * stops there (a spread Deployment's zones then differ by at most one). Generation ends when no node can take the
 * smallest pod. That gives about 19 pods per node (~12 on an .xlarge, ~25 on a .2xlarge), every node just under
 * half of its cpu or of its memory (cpu 27–50%: memory fills first on c6a). One PodDisruptionBudget
 * (maxUnavailable 1) covers the first Deployment ({@value #PDB_REPLICAS} replicas, any zone).
 *
 * <p>One NodePool {@code default}: the c6a, m6a and r6a families (every size) on-demand, WhenEmptyOrUnderutilized,
 * consolidateAfter 0s, budget 100%. Nodes are initialized and were created a day before the snapshot.
 */
final class DisruptionBenchCluster {

    static final List<String> FAMILIES = List.of("c6a", "m6a", "r6a");
    static final List<String> NODE_TYPES = List.of("c6a.xlarge", "c6a.2xlarge", "m6a.xlarge", "m6a.2xlarge",
            "r6a.xlarge", "r6a.2xlarge");
    static final String PDB_DEPLOYMENT = "svc-0000";
    static final int PDB_REPLICAS = 30;
    private static final int[] CPU_MILLI = {50, 100, 150, 200, 250};
    private static final int[] MEMORY_MI = {128, 192, 256, 384, 512};
    private static final double FILL = 0.5;
    private static final int SPREAD_EVERY = 4;
    private static final int PICKS = 8;

    private DisruptionBenchCluster() {
    }

    /** The NodePool's instance types: the three families from the built-in catalog, default kubelet settings. */
    static List<InstanceType> instanceTypes() {
        List<CatalogEntry> entries = new ArrayList<>();
        for (CatalogEntry e : BuiltInCatalog.load(BuiltInCatalog.AWS_US_EAST_1)) {
            if (FAMILIES.contains(e.family())) {
                entries.add(e);
            }
        }
        return CatalogInstanceTypes.build(entries, KubeletSettings.DEFAULT, CatalogInstanceTypes.Options.US_EAST_1);
    }

    /** A node being filled: how much of its half it has left, and its pods. */
    private static final class Slot {
        final DisruptionFixtures.NodeBuilder node;
        final int zone;
        long cpuLeft;
        long memLeft;
        long podsLeft;
        int pods;

        Slot(DisruptionFixtures.NodeBuilder node, int zone, InstanceType type) {
            this.node = node;
            this.zone = zone;
            ResourceList a = type.allocatable();
            this.cpuLeft = (long) (a.cpuMilli() * FILL);
            this.memLeft = (long) (a.memoryMilli() / 1000 * FILL);
            this.podsLeft = a.podsMilli() / 1000;
        }

        boolean fits(long cpu, long memBytes) {
            return cpu <= cpuLeft && memBytes <= memLeft && podsLeft > 0;
        }

        boolean open() {
            return fits(CPU_MILLI[0], MEMORY_MI[0] << 20);
        }
    }

    static ClusterSnapshot generate(int nodeCount, long seed) {
        Random random = new Random(seed);
        List<InstanceType> types = instanceTypes();
        List<Slot> slots = new ArrayList<>();
        List<List<Slot>> open = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < nodeCount; i++) {
            InstanceType type = byName(types, NODE_TYPES.get(random.nextInt(NODE_TYPES.size())));
            int zone = i % ZONES.size();
            Slot s = new Slot(DisruptionFixtures.node(String.format("node-%05d", i)).type(type)
                    .zone(ZONES.get(zone)), zone, type);
            slots.add(s);
            open.get(zone).add(s);
        }
        List<String> deployments = new ArrayList<>();
        int stalled = 0;
        for (int d = 0; openCount(open) > 0 && stalled < 200; d++) {
            String name = String.format("svc-%04d", d);
            String hash = Long.toHexString(0x5000000000L + (random.nextLong() & 0xfffffffffL)).substring(0, 10);
            int cpu = CPU_MILLI[random.nextInt(CPU_MILLI.length)];
            int memMi = MEMORY_MI[random.nextInt(MEMORY_MI.length)];
            int replicas = 5 + random.nextInt(36);
            if (name.equals(PDB_DEPLOYMENT)) {
                replicas = PDB_REPLICAS;
            }
            boolean spread = d % SPREAD_EVERY == 1;
            int placed = 0;
            for (int r = 0; r < replicas; r++) {
                Slot target = pick(open, spread ? r % ZONES.size() : random.nextInt(ZONES.size()), cpu,
                        (long) memMi << 20, random);
                if (target == null) {
                    break;
                }
                DisruptionFixtures.PodBuilder pod = DisruptionFixtures.pod(name + "-" + hash + "-" + r)
                        .cpu(cpu + "m").memory(memMi + "Mi").label("app", name).label("pod-template-hash", hash)
                        .view(v -> v.ownedBy("ReplicaSet", name + "-" + hash));
                if (spread) {
                    pod.view(v -> v.zoneSpread(1));
                }
                target.node.pod(pod);
                target.cpuLeft -= cpu;
                target.memLeft -= (long) memMi << 20;
                target.podsLeft--;
                target.pods++;
                if (!target.open()) {
                    open.get(target.zone).remove(target);
                }
                placed++;
            }
            if (placed > 0) {
                deployments.add(name);
                stalled = 0;
            } else {
                stalled++;
            }
        }
        DisruptionFixtures.ClusterBuilder cluster = DisruptionFixtures.cluster()
                .pool(DisruptionFixtures.pool("default").types(types).onDemandOnly().budgets("100%"));
        for (Slot s : slots) {
            cluster.node(s.node);
        }
        if (deployments.contains(PDB_DEPLOYMENT)) {
            cluster.pdb(DisruptionFixtures.pdb(PDB_DEPLOYMENT + "-pdb", PDB_DEPLOYMENT, null, "1"));
        }
        return cluster.build();
    }

    /** A random open node of the zone where the pod fits (a few tries, then a scan), or null. */
    private static Slot pick(List<List<Slot>> open, int zone, int cpu, long memBytes, Random random) {
        List<Slot> candidates = open.get(zone);
        if (candidates.isEmpty()) {
            return null;
        }
        for (int i = 0; i < PICKS; i++) {
            Slot s = candidates.get(random.nextInt(candidates.size()));
            if (s.fits(cpu, memBytes)) {
                return s;
            }
        }
        for (Slot s : candidates) {
            if (s.fits(cpu, memBytes)) {
                return s;
            }
        }
        return null;
    }

    private static int openCount(List<List<Slot>> open) {
        int n = 0;
        for (List<Slot> z : open) {
            n += z.size();
        }
        return n;
    }

    private static InstanceType byName(List<InstanceType> types, String name) {
        for (InstanceType t : types) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalStateException("instance type " + name + " is not in the built-in catalog");
    }
}
