package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Randomized invariant test (issue 19 §4): a few hundred small random clusters — NodePools with weights, taints,
 * limits and zone/arch/capacity-type/family requirements, existing nodes with pods, DaemonSets, deployments with
 * node selectors, required node affinity, tolerations, DoNotSchedule spread and required (anti-)affinity — solved by
 * the {@link Scheduler}, and every decision checked against the invariants below, computed independently of the
 * engine. Fixed seeds, so a failure is repeatable: it prints the seed and a cluster shrunk greedily (pods, daemon
 * sets, nodes and pools dropped while the invariant still fails).
 */
class SchedulerInvariantTest {

    static final int CLUSTERS = 300;
    static final long FIRST_SEED = 19_000;

    static final List<String> ZONES = List.of("zone-1", "zone-2", "zone-3");
    static final String FAMILY = "karpenter.k8s.aws/instance-family";
    static final List<InstanceType> CATALOG = catalog();

    /** A generated cluster; {@link #describe()} prints it for a failure report. */
    record Cluster(List<NodePoolTemplate> pools, List<ExistingNode> nodes, List<SchedulingPod> daemons,
            List<SchedulingPod> pods) {

        String describe() {
            StringBuilder sb = new StringBuilder();
            for (NodePoolTemplate p : pools) {
                sb.append("  pool ").append(p.name()).append(" weight=").append(p.weight()).append(" reqs=")
                        .append(p.requirements()).append(" taints=").append(p.taints()).append(" limits=")
                        .append(p.limits()).append('\n');
            }
            for (ExistingNode n : nodes) {
                sb.append("  node ").append(n.name()).append(" pool=").append(n.nodePool()).append(" labels=")
                        .append(new TreeMap<>(n.labels())).append(" taints=").append(n.taints()).append(" alloc=")
                        .append(n.allocatable()).append(" pods=").append(n.pods().stream().map(SchedulerInvariantTest::pod).toList())
                        .append('\n');
            }
            daemons.forEach(d -> sb.append("  daemon ").append(pod(d)).append('\n'));
            pods.forEach(p -> sb.append("  pod ").append(pod(p)).append('\n'));
            return sb.toString();
        }
    }

    private static String pod(SchedulingPod p) {
        StringBuilder sb = new StringBuilder(p.name()).append(' ').append(p.requests()).append(" labels=")
                .append(new TreeMap<>(p.labels()));
        if (!p.nodeSelector().isEmpty()) {
            sb.append(" nodeSelector=").append(new TreeMap<>(p.nodeSelector()));
        }
        if (p.requiredTerms() != null && !p.requiredTerms().isEmpty()) {
            sb.append(" terms=").append(p.requiredTerms());
        }
        if (!p.tolerations().isEmpty()) {
            sb.append(" tolerations=").append(p.tolerations());
        }
        p.spread().forEach(s -> sb.append(" spread(").append(s.topologyKey()).append(", maxSkew ").append(s.maxSkew()).append(')'));
        p.requiredAffinity().forEach(t -> sb.append(" affinity(").append(t.topologyKey()).append(')'));
        p.requiredAntiAffinity().forEach(t -> sb.append(" antiAffinity(").append(t.topologyKey()).append(')'));
        return sb.toString();
    }

    @Test
    void everyDecisionKeepsTheEngineInvariants() {
        int pods = 0;
        int placed = 0;
        int claims = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + CLUSTERS; seed++) {
            Cluster cluster = generate(new Random(seed));
            SchedulingResult result = solve(cluster);
            pods += cluster.pods().size();
            placed += cluster.pods().size() - result.unschedulable().size();
            claims += result.nodeClaims().size();
            String violation = violation(cluster, result);
            if (violation != null) {
                Cluster small = shrink(cluster);
                fail("seed " + seed + ": " + violation(small) + "\nshrunk cluster:\n" + small.describe()
                        + "original violation: " + violation);
            }
        }
        // not vacuous: most pods are placed, on many NodeClaims, and some stay pending
        assertThat(placed).as("pods placed of %d", pods).isGreaterThan(pods / 2).isLessThan(pods);
        assertThat(claims).isGreaterThan(CLUSTERS);
    }

    // -- generator ------------------------------------------------------------------------------------------------

    private static List<InstanceType> catalog() {
        List<InstanceType> out = new ArrayList<>();
        String[][] types = {
                {"c-small", "c", "amd64", "2", "4"}, {"c-large", "c", "amd64", "8", "16"},
                {"m-small", "m", "amd64", "2", "8"}, {"m-large", "m", "amd64", "8", "32"},
                {"r-medium", "r", "amd64", "4", "32"}, {"g-small", "c", "arm64", "2", "4"},
                {"g-large", "m", "arm64", "8", "32"}, {"x-huge", "m", "amd64", "32", "128"}};
        for (int i = 0; i < types.length; i++) {
            String[] t = types[i];
            int cpu = Integer.parseInt(t[3]);
            int mem = Integer.parseInt(t[4]);
            double price = 0.04 * cpu + 0.005 * mem + ("arm64".equals(t[2]) ? -0.01 : 0);
            List<Offering> offerings = new ArrayList<>();
            for (int z = 0; z < ZONES.size(); z++) {
                if ((i + z) % 4 == 3) {
                    continue; // not every type in every zone
                }
                offerings.add(new Offering(ZONES.get(z), Labels.CAPACITY_TYPE_ON_DEMAND, price * (1 + 0.01 * z), true));
                offerings.add(new Offering(ZONES.get(z), Labels.CAPACITY_TYPE_SPOT, price * (0.3 + 0.05 * z),
                        (i * 7 + z) % 5 != 0));
            }
            out.add(new InstanceType(t[0], Map.of(Labels.ARCH, t[2], Labels.OS, "linux", FAMILY, t[1]),
                    SchedulerFixtures.res(Integer.toString(cpu), mem + "Gi", "30"),
                    SchedulerFixtures.res((cpu * 1000 - 150) + "m", (mem * 1024 - 300) + "Mi", "30"), offerings));
        }
        return out;
    }

    private static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static List<String> subset(Random r, List<String> from) {
        List<String> out = new ArrayList<>();
        for (String s : from) {
            if (r.nextBoolean()) {
                out.add(s);
            }
        }
        return out.isEmpty() ? List.of(pick(r, from)) : out;
    }

    static Cluster generate(Random r) {
        List<NodePoolTemplate> pools = new ArrayList<>();
        int poolCount = 1 + r.nextInt(3);
        for (int i = 0; i < poolCount; i++) {
            List<Requirement> reqs = new ArrayList<>();
            if (r.nextInt(3) == 0) {
                reqs.add(Requirement.of(Labels.ZONE, Operator.In, subset(r, ZONES)));
            }
            if (r.nextInt(3) == 0) {
                reqs.add(Requirement.of(Labels.ARCH, Operator.In, subset(r, List.of("amd64", "arm64"))));
            }
            if (r.nextInt(3) == 0) {
                reqs.add(Requirement.of(Labels.CAPACITY_TYPE, Operator.In,
                        subset(r, List.of(Labels.CAPACITY_TYPE_ON_DEMAND, Labels.CAPACITY_TYPE_SPOT))));
            }
            if (r.nextInt(4) == 0) {
                reqs.add(Requirement.of(FAMILY, r.nextBoolean() ? Operator.In : Operator.NotIn, subset(r, List.of("c", "m", "r"))));
            }
            List<Taint> taints = r.nextInt(4) == 0 ? List.of(new Taint("dedicated", "team-" + i, Taint.NO_SCHEDULE)) : List.of();
            ResourceList limits = r.nextInt(4) == 0 ? ResourceList.parse(Map.of("cpu", Integer.toString(8 + 8 * r.nextInt(4)))) : null;
            pools.add(new NodePoolTemplate("pool-" + i, r.nextInt(3) * 10, Requirements.of(reqs), Map.of(), taints,
                    List.of(), limits, CATALOG, null));
        }
        List<ExistingNode> nodes = new ArrayList<>();
        int nodeCount = r.nextInt(3);
        for (int i = 0; i < nodeCount; i++) {
            NodePoolTemplate owner = pick(r, pools);
            InstanceType type = pick(r, CATALOG);
            Map<String, String> labels = new HashMap<>(type.labels());
            String name = "node-" + i;
            labels.put(Labels.ZONE, pick(r, ZONES));
            labels.put(Labels.HOSTNAME, name);
            labels.put(Labels.CAPACITY_TYPE, Labels.CAPACITY_TYPE_ON_DEMAND);
            labels.put(Labels.NODEPOOL, owner.name());
            List<SchedulingPod> bound = new ArrayList<>();
            int boundCount = r.nextInt(3);
            for (int j = 0; j < boundCount; j++) {
                bound.add(SchedulingPod.builder("default", name + "-pod-" + j)
                        .labels(Map.of("app", "app-" + r.nextInt(4)))
                        .requests(requests(r, 250, 500)).build());
            }
            nodes.add(new ExistingNode(name, owner.name(), labels, owner.taints(), type.allocatable(),
                    type.capacity(), true, bound));
        }
        List<SchedulingPod> daemons = new ArrayList<>();
        if (r.nextBoolean()) {
            SchedulingPod.Builder d = SchedulingPod.builder("kube-system", "ds-" + daemons.size())
                    .requests(requests(r, 100, 200)).daemonSet("kube-system/ds");
            if (r.nextBoolean()) {
                d.nodeSelector(Map.of(Labels.ARCH, pick(r, List.of("amd64", "arm64"))));
            }
            if (r.nextBoolean()) {
                d.toleration(new Toleration(null, "Exists", null, null));
            }
            daemons.add(d.build());
        }
        List<SchedulingPod> pods = new ArrayList<>();
        int deployments = 1 + r.nextInt(4);
        for (int i = 0; i < deployments; i++) {
            String app = "app-" + i;
            int replicas = 1 + r.nextInt(5);
            ResourceList req = requests(r, 2000, 4000);
            Map<String, String> selector = new HashMap<>();
            if (r.nextInt(4) == 0) {
                selector.put(Labels.ARCH, pick(r, List.of("amd64", "arm64")));
            }
            if (r.nextInt(5) == 0) {
                selector.put(Labels.ZONE, pick(r, ZONES));
            }
            List<Requirements> terms = new ArrayList<>();
            if (r.nextInt(4) == 0) {
                terms.add(Requirements.of(Requirement.of(FAMILY, Operator.In, subset(r, List.of("c", "m", "r")))));
                if (r.nextBoolean()) {
                    terms.add(Requirements.of(Requirement.of(Labels.CAPACITY_TYPE, Operator.In, Labels.CAPACITY_TYPE_SPOT)));
                }
            }
            List<Toleration> tolerations = new ArrayList<>();
            if (r.nextInt(3) == 0) {
                tolerations.add(new Toleration("dedicated", "Exists", null, Taint.NO_SCHEDULE));
            }
            LabelSelector mine = LabelSelector.of(Map.of("app", app));
            int topology = r.nextInt(7);
            int skew = 1 + r.nextInt(2); // one constraint per deployment: every replica carries the same
            for (int k = 0; k < replicas; k++) {
                SchedulingPod.Builder b = SchedulingPod.builder("default", app + "-" + k).labels(Map.of("app", app))
                        .requests(req).nodeSelector(selector).tolerations(tolerations);
                if (!terms.isEmpty()) {
                    b.requiredTerms(terms);
                }
                switch (topology) {
                    case 1 -> b.spread(SpreadConstraint.of(Labels.ZONE, skew, true, mine));
                    case 2 -> b.spread(SpreadConstraint.of(Labels.HOSTNAME, skew, true, mine));
                    case 3 -> b.requiredAntiAffinity(PodAffinityTerm.of(Labels.HOSTNAME, mine));
                    case 4 -> b.requiredAntiAffinity(PodAffinityTerm.of(Labels.ZONE, mine));
                    case 5 -> b.requiredAffinity(PodAffinityTerm.of(Labels.ZONE, mine));
                    default -> {
                    }
                }
                pods.add(b.build());
            }
        }
        return new Cluster(pools, nodes, daemons, pods);
    }

    private static ResourceList requests(Random r, int maxCpuMilli, int maxMemMi) {
        long cpu = 100 + r.nextInt(maxCpuMilli / 100) * 100L;
        long mem = 64 + r.nextInt(maxMemMi / 64) * 64L;
        return ResourceList.parse(Map.of("cpu", cpu + "m", "memory", mem + "Mi", "pods", "1"));
    }

    // -- invariants -----------------------------------------------------------------------------------------------

    /** Where a pod landed: a planned NodeClaim or an existing node (labels and taints as the pod sees them). */
    private record Landing(String name, Map<String, String> labels, List<Taint> taints, List<String> zones,
            boolean existing) {
    }

    private static SchedulingResult solve(Cluster c) {
        return new Scheduler(c.pools(), c.nodes(), c.daemons(), SchedulerOptions.DEFAULT, Set.of()).solve(c.pods());
    }

    /** The first broken invariant of the cluster's decision, or null (for shrinking: solves it again). */
    static String violation(Cluster c) {
        try {
            return violation(c, solve(c));
        } catch (RuntimeException e) {
            return "the engine threw " + e;
        }
    }

    /** The first broken invariant of {@code result}, the cluster's decision, or null. */
    static String violation(Cluster c, SchedulingResult result) {
        Map<SchedulingPod, Landing> where = new IdentityHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (PlannedNodeClaim claim : result.nodeClaims()) {
            Landing l = new Landing(claim.name(), labelsOf(claim), claim.taints(), claim.zones(), false);
            claim.pods().forEach(p -> where.put(p, l));
            claim.pods().forEach(p -> seen.merge(p.key(), 1, Integer::sum));
        }
        Map<String, ExistingNode> nodesByName = new HashMap<>();
        c.nodes().forEach(n -> nodesByName.put(n.name(), n));
        for (SchedulingResult.Placement placement : result.existingNodes()) {
            ExistingNode n = nodesByName.get(placement.node());
            if (n == null) {
                return "pods placed on unknown node " + placement.node();
            }
            Landing l = new Landing(n.name(), n.labels(), n.taints(), List.of(n.labels().get(Labels.ZONE)), true);
            placement.pods().forEach(p -> where.put(p, l));
            placement.pods().forEach(p -> seen.merge(p.key(), 1, Integer::sum));
        }
        result.unschedulable().forEach(f -> seen.merge(f.pod().key(), 1, Integer::sum));
        // every pod exactly once
        for (SchedulingPod p : c.pods()) {
            int n = seen.getOrDefault(p.key(), 0);
            if (n != 1) {
                return "pod " + p.key() + " appears " + n + " times in the decision";
            }
        }
        if (seen.size() != c.pods().size()) {
            return "the decision names pods that were not pending: " + seen.keySet();
        }
        Map<String, NodePoolTemplate> poolsByName = new HashMap<>();
        c.pools().forEach(p -> poolsByName.put(p.name(), p));
        for (PlannedNodeClaim claim : result.nodeClaims()) {
            String v = claimViolation(c, claim, poolsByName.get(claim.nodePool()));
            if (v != null) {
                return "NodeClaim " + claim.name() + " (" + claim.nodePool() + "): " + v;
            }
        }
        for (SchedulingResult.Placement placement : result.existingNodes()) {
            ExistingNode n = nodesByName.get(placement.node());
            ResourceList used = ResourceList.EMPTY;
            for (SchedulingPod p : n.pods()) {
                used = used.plus(p.requests());
            }
            for (SchedulingPod d : c.daemons()) {
                if (daemonRunsOn(d, n.labels(), n.taints())) {
                    used = used.plus(d.requests());
                }
            }
            for (SchedulingPod p : placement.pods()) {
                used = used.plus(p.requests());
            }
            if (!used.fitsIn(n.allocatable())) {
                return "node " + n.name() + ": bound pods, daemons and placed pods " + used + " exceed " + n.allocatable();
            }
        }
        for (Map.Entry<SchedulingPod, Landing> e : where.entrySet()) {
            String v = placementViolation(e.getKey(), e.getValue());
            if (v != null) {
                return "pod " + e.getKey().key() + " on " + e.getValue().name() + ": " + v;
            }
        }
        String limits = limitsViolation(c, result);
        if (limits != null) {
            return limits;
        }
        return topologyViolation(c, where);
    }

    private static Map<String, String> labelsOf(PlannedNodeClaim claim) {
        Map<String, String> labels = new HashMap<>(claim.instanceType().labels());
        labels.putAll(claim.labels());
        labels.put(Labels.ZONE, claim.offering().zone());
        labels.put(Labels.CAPACITY_TYPE, claim.offering().capacityType());
        labels.put(Labels.NODEPOOL, claim.nodePool());
        labels.put(Labels.HOSTNAME, claim.name());
        return labels;
    }

    /** What the pod asks of any node: node selector, one required term, tolerated taints. */
    private static String placementViolation(SchedulingPod p, Landing l) {
        for (Map.Entry<String, String> s : p.nodeSelector().entrySet()) {
            if (!s.getValue().equals(l.labels().get(s.getKey()))) {
                return "node selector " + s + " but the node has " + s.getKey() + "=" + l.labels().get(s.getKey());
            }
        }
        if (p.requiredTerms() != null && !p.requiredTerms().isEmpty()
                && p.requiredTerms().stream().noneMatch(t -> t.matchesLabels(l.labels()))) {
            return "no required node-affinity term matches " + new TreeMap<>(l.labels());
        }
        Taint untolerated = Toleration.firstUntolerated(l.taints().stream()
                .filter(t -> !Taint.PREFER_NO_SCHEDULE.equals(t.effect())).toList(), p.tolerations());
        if (untolerated != null) {
            return "untolerated taint " + untolerated;
        }
        return null;
    }

    private static boolean daemonRunsOn(SchedulingPod d, Map<String, String> labels, List<Taint> taints) {
        return Toleration.firstUntolerated(taints, d.tolerations()) == null
                && d.nodeSelector().entrySet().stream().allMatch(s -> s.getValue().equals(labels.get(s.getKey())));
    }

    /** The daemon pods a type of this pool carries (their selectors are arch only: compared with the type). */
    private static ResourceList daemonOverhead(Cluster c, NodePoolTemplate pool, InstanceType type) {
        ResourceList sum = ResourceList.EMPTY;
        for (SchedulingPod d : c.daemons()) {
            String arch = d.nodeSelector().get(Labels.ARCH);
            boolean archOk = arch == null || (pool.requirements().get(Labels.ARCH).has(arch)
                    && arch.equals(type.labels().get(Labels.ARCH)));
            if (archOk && Toleration.firstUntolerated(pool.taints(), d.tolerations()) == null) {
                sum = sum.plus(d.requests());
            }
        }
        return sum;
    }

    private static String claimViolation(Cluster c, PlannedNodeClaim claim, NodePoolTemplate pool) {
        if (pool == null) {
            return "unknown NodePool";
        }
        if (claim.instanceTypes().isEmpty() || claim.instanceTypes().get(0) != claim.instanceType()) {
            return "the chosen type is not the first option";
        }
        ResourceList requests = ResourceList.EMPTY;
        for (SchedulingPod p : claim.pods()) {
            requests = requests.plus(p.requests());
        }
        Map<String, String> labels = labelsOf(claim);
        if (!pool.requirements().matchesLabels(labels)) {
            return "labels " + new TreeMap<>(labels) + " break the NodePool requirements " + pool.requirements();
        }
        if (!claim.taints().containsAll(pool.taints())) {
            return "taints " + claim.taints() + " lack the NodePool's " + pool.taints();
        }
        double previous = -1;
        for (InstanceType t : claim.instanceTypes()) {
            ResourceList needed = requests.plus(daemonOverhead(c, pool, t));
            if (!needed.fitsIn(t.allocatable())) {
                return "pods " + requests + " + daemons on " + t.name() + " exceed its allocatable " + t.allocatable();
            }
            Map<String, String> typeLabels = new HashMap<>(t.labels());
            for (Requirement r : pool.requirements().all()) {
                String v = typeLabels.get(r.key());
                if (v != null && !r.has(v)) {
                    return "option " + t.name() + " breaks the NodePool requirement " + r;
                }
            }
            for (SchedulingPod p : claim.pods()) {
                for (Map.Entry<String, String> s : p.nodeSelector().entrySet()) {
                    String v = typeLabels.get(s.getKey());
                    if (v != null && !v.equals(s.getValue())) {
                        return "option " + t.name() + " breaks " + p.key() + "'s node selector " + s;
                    }
                }
            }
            Offering cheapest = null;
            for (Offering o : t.offerings()) {
                if (o.available() && claim.zones().contains(o.zone()) && claim.capacityTypes().contains(o.capacityType())
                        && (cheapest == null || o.price() < cheapest.price())) {
                    cheapest = o;
                }
            }
            if (cheapest == null) {
                return "option " + t.name() + " has no available offering in " + claim.zones() + " " + claim.capacityTypes();
            }
            if (cheapest.price() < previous - 1e-12) {
                return "options are not cheapest first: " + t.name() + " at " + cheapest.price() + " after " + previous;
            }
            previous = cheapest.price();
        }
        Offering o = claim.offering();
        if (!o.available() || !claim.zones().contains(o.zone()) || !claim.capacityTypes().contains(o.capacityType())) {
            return "offering " + o + " is not one the claim allows";
        }
        return null;
    }

    /** Per NodePool with a cpu limit: existing nodes' capacity + the largest option of each new claim ≤ the limit. */
    private static String limitsViolation(Cluster c, SchedulingResult result) {
        for (NodePoolTemplate pool : c.pools()) {
            if (!pool.limits().has("cpu")) {
                continue;
            }
            long used = 0;
            for (ExistingNode n : c.nodes()) {
                if (pool.name().equals(n.nodePool())) {
                    used += n.capacity().cpuMilli();
                }
            }
            long existing = used;
            for (PlannedNodeClaim claim : result.nodeClaims()) {
                if (claim.nodePool().equals(pool.name())) {
                    used += claim.instanceTypes().stream().mapToLong(t -> t.capacity().cpuMilli()).max().orElse(0);
                }
            }
            if (used > pool.limits().cpuMilli() && used > existing) {
                return "NodePool " + pool.name() + " cpu limit " + pool.limits().cpuMilli() + "m exceeded: " + used + "m";
            }
        }
        return null;
    }

    /**
     * DoNotSchedule spread and required (anti-)affinity where the outcome does not depend on the order pods were
     * tried: each group here selects exactly its own deployment's replicas, which all carry the constraint.
     */
    private static String topologyViolation(Cluster c, Map<SchedulingPod, Landing> where) {
        Map<String, List<SchedulingPod>> byApp = new LinkedHashMap<>();
        for (SchedulingPod p : c.pods()) {
            byApp.computeIfAbsent(p.labels().get("app"), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<SchedulingPod>> e : byApp.entrySet()) {
            String app = e.getKey();
            SchedulingPod first = e.getValue().get(0);
            List<SchedulingPod> placed = e.getValue().stream().filter(where::containsKey).toList();
            // pods of the app already bound, by node
            Map<String, Integer> boundPerNode = new HashMap<>();
            Map<String, Integer> boundPerZone = new HashMap<>();
            for (ExistingNode n : c.nodes()) {
                for (SchedulingPod p : n.pods()) {
                    if (app.equals(p.labels().get("app"))) {
                        boundPerNode.merge(n.name(), 1, Integer::sum);
                        boundPerZone.merge(n.labels().get(Labels.ZONE), 1, Integer::sum);
                    }
                }
            }
            Map<String, Integer> perNode = new HashMap<>(boundPerNode);
            placed.forEach(p -> perNode.merge(where.get(p).name(), 1, Integer::sum));
            for (SpreadConstraint s : first.spread()) {
                if (Labels.HOSTNAME.equals(s.topologyKey())) {
                    for (SchedulingPod p : placed) {
                        int n = perNode.get(where.get(p).name());
                        if (n > s.maxSkew()) {
                            return "hostname spread of " + app + " (maxSkew " + s.maxSkew() + "): " + where.get(p).name()
                                    + " holds " + n;
                        }
                    }
                } else {
                    String v = zoneSpreadViolation(c, app, s, first, placed, where, boundPerZone);
                    if (v != null) {
                        return v;
                    }
                }
            }
            for (PodAffinityTerm t : first.requiredAntiAffinity()) {
                if (Labels.HOSTNAME.equals(t.topologyKey())) {
                    for (SchedulingPod p : placed) {
                        if (perNode.get(where.get(p).name()) > 1) {
                            return "hostname anti-affinity of " + app + ": " + where.get(p).name() + " holds "
                                    + perNode.get(where.get(p).name());
                        }
                    }
                } else {
                    Set<String> taken = new HashSet<>(boundPerZone.keySet());
                    for (SchedulingPod p : placed) {
                        for (String z : where.get(p).zones()) {
                            if (!taken.add(z)) {
                                return "zone anti-affinity of " + app + ": " + p.key() + " may land in " + z
                                        + ", which another pod of the app holds or may land in";
                            }
                        }
                    }
                }
            }
            for (PodAffinityTerm t : first.requiredAffinity()) {
                // Karpenter: domains holding its pods that the pod may use; none (and the pod selects itself):
                // the first replica starts the group in one domain and the rest follow it
                Set<String> zones = new TreeSet<>();
                placed.forEach(p -> zones.addAll(where.get(p).zones()));
                String own = first.nodeSelector().get(Labels.ZONE);
                Set<String> allowed = new TreeSet<>(boundPerZone.keySet());
                allowed.removeIf(z -> own != null && !own.equals(z));
                if (allowed.isEmpty() && zones.size() > 1) {
                    return "zone affinity of " + app + " (no pod in a usable zone yet): its pods may land in " + zones;
                }
                if (!allowed.isEmpty() && !allowed.containsAll(zones)) {
                    return "zone affinity of " + app + ": pods may land in " + zones + ", its pods are in " + allowed;
                }
            }
        }
        return null;
    }

    /**
     * Counts only grow, so each placement's count ≤ (min at the time) + maxSkew ≤ final min + maxSkew. The min is
     * taken over domains that are surely in the engine's universe and the pod's: zones of existing nodes and claims
     * the pod's node selector and affinity accept (a subset, so the check never asks more than Karpenter does).
     */
    private static String zoneSpreadViolation(Cluster c, String app, SpreadConstraint s, SchedulingPod first,
            List<SchedulingPod> placed, Map<SchedulingPod, Landing> where, Map<String, Integer> boundPerZone) {
        Map<String, Integer> perZone = new HashMap<>();
        Set<String> eligible = new HashSet<>();
        for (ExistingNode n : c.nodes()) {
            if (nodeFilter(first, n.labels())) {
                eligible.add(n.labels().get(Labels.ZONE));
                for (SchedulingPod p : n.pods()) {
                    if (app.equals(p.labels().get("app"))) {
                        perZone.merge(n.labels().get(Labels.ZONE), 1, Integer::sum);
                    }
                }
            }
        }
        Function<Landing, String> zoneOf = l -> l.zones().size() == 1 ? l.zones().get(0) : null;
        for (Landing l : new HashSet<>(where.values())) {
            if (zoneOf.apply(l) != null && nodeFilter(first, l.labels())) {
                eligible.add(zoneOf.apply(l));
            }
        }
        for (SchedulingPod p : placed) {
            String z = zoneOf.apply(where.get(p));
            if (z == null) {
                return "zone spread of " + app + ": " + p.key() + " is on a claim not narrowed to one zone "
                        + where.get(p).zones();
            }
            perZone.merge(z, 1, Integer::sum);
        }
        int min = eligible.stream().mapToInt(z -> perZone.getOrDefault(z, 0)).min().orElse(0);
        for (SchedulingPod p : placed) {
            String z = zoneOf.apply(where.get(p));
            if (perZone.get(z) - min > s.maxSkew()) {
                return "zone spread of " + app + " (maxSkew " + s.maxSkew() + "): " + z + " holds " + perZone.get(z)
                        + ", an eligible zone holds " + min + " " + new TreeMap<>(perZone);
            }
        }
        return null;
    }

    /** nodeAffinityPolicy Honor: the node matches the pod's node selector and one of its required terms. */
    private static boolean nodeFilter(SchedulingPod p, Map<String, String> labels) {
        for (Map.Entry<String, String> s : p.nodeSelector().entrySet()) {
            if (!s.getValue().equals(labels.get(s.getKey()))) {
                return false;
            }
        }
        return p.requiredTerms() == null || p.requiredTerms().isEmpty()
                || p.requiredTerms().stream().anyMatch(t -> t.matchesLabels(labels));
    }

    // -- shrinking ------------------------------------------------------------------------------------------------

    /** Greedy: drop one pod, daemon set, node or pool at a time while the cluster still breaks an invariant. */
    static Cluster shrink(Cluster c) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int kind = 0; kind < 4 && !progress; kind++) {
                int size = switch (kind) {
                    case 0 -> c.pods().size();
                    case 1 -> c.daemons().size();
                    case 2 -> c.nodes().size();
                    default -> c.pools().size();
                };
                for (int i = size - 1; i >= 0 && !progress; i--) {
                    Cluster smaller = without(c, kind, i);
                    if (smaller != null && violation(smaller) != null) {
                        c = smaller;
                        progress = true;
                    }
                }
            }
        }
        return c;
    }

    private static <T> List<T> minus(List<T> list, int i) {
        List<T> out = new ArrayList<>(list);
        out.remove(i);
        return out;
    }

    private static Cluster without(Cluster c, int kind, int i) {
        return switch (kind) {
            case 0 -> c.pods().size() > 1 ? new Cluster(c.pools(), c.nodes(), c.daemons(), minus(c.pods(), i)) : null;
            case 1 -> new Cluster(c.pools(), c.nodes(), minus(c.daemons(), i), c.pods());
            case 2 -> new Cluster(c.pools(), minus(c.nodes(), i), c.daemons(), c.pods());
            default -> c.pools().size() > 1 ? new Cluster(minus(c.pools(), i), c.nodes(), c.daemons(), c.pods()) : null;
        };
    }
}
