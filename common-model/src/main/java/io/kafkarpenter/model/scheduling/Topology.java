package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Topology spread, pod affinity and pod anti-affinity bookkeeping for one solve (Karpenter's {@code topology.go}).
 *
 * <p>Groups are deduplicated by their identity (type, key, namespaces, selector, maxSkew, minDomains, node filter),
 * created up front for every constraint of every pending pod (so that every placement is counted), and seeded
 * with the pods already bound to existing nodes. Inverse anti-affinity groups hold the domains of pods that have
 * required anti-affinity, so that pods they select keep out of those domains.
 */
final class Topology {

    /** Existing node facts topology needs. */
    record NodeView(String name, Map<String, String> labels, List<Taint> taints, List<SchedulingPod> pods) {
    }

    private final Domains universe;
    private final Map<String, TopologyGroup> groups = new LinkedHashMap<>();
    private final Map<String, TopologyGroup> inverseGroups = new LinkedHashMap<>();
    /** For every pending pod: the group of each of its terms (by identity of the term object). */
    private final Map<SchedulingPod, Map<Object, TopologyGroup>> termGroups = new IdentityHashMap<>();
    /** Inverse groups owned by each pending pod with required anti-affinity. */
    private final Map<SchedulingPod, List<TopologyGroup>> ownedInverse = new IdentityHashMap<>();
    private final List<TopologyGroup> groupList = new ArrayList<>();
    private final List<TopologyGroup> inverseList = new ArrayList<>();
    private final Map<String, List<TopologyGroup>> byKey = new HashMap<>();
    /** Where count changes are recorded for rollback ({@link ClusterSimulation}); null in a provisioning solve. */
    UndoLog undo;

    Topology(Domains universe, List<NodeView> nodes, List<SchedulingPod> pending) {
        this.universe = universe;
        for (SchedulingPod pod : pending) {
            Map<Object, TopologyGroup> mine = new IdentityHashMap<>();
            for (SpreadConstraint s : pod.spread()) {
                mine.put(s, group(spreadGroup(pod, s)));
            }
            for (PodAffinityTerm t : pod.requiredAffinity()) {
                mine.put(t, group(affinityGroup(pod, t, TopologyGroup.Type.AFFINITY)));
            }
            for (PodAffinityTerm t : pod.preferredAffinity()) {
                mine.put(t, group(affinityGroup(pod, t, TopologyGroup.Type.AFFINITY)));
            }
            for (PodAffinityTerm t : pod.requiredAntiAffinity()) {
                mine.put(t, group(affinityGroup(pod, t, TopologyGroup.Type.ANTI_AFFINITY)));
            }
            for (PodAffinityTerm t : pod.preferredAntiAffinity()) {
                mine.put(t, group(affinityGroup(pod, t, TopologyGroup.Type.ANTI_AFFINITY)));
            }
            termGroups.put(pod, mine);
            List<TopologyGroup> inv = new ArrayList<>();
            for (PodAffinityTerm t : pod.requiredAntiAffinity()) {
                inv.add(inverse(affinityGroup(pod, t, TopologyGroup.Type.ANTI_AFFINITY)));
            }
            if (!inv.isEmpty()) {
                ownedInverse.put(pod, inv);
            }
        }
        for (NodeView node : nodes) {
            for (SchedulingPod p : node.pods()) {
                if (!p.terminal()) {
                    for (PodAffinityTerm t : p.requiredAntiAffinity()) {
                        inverse(affinityGroup(p, t, TopologyGroup.Type.ANTI_AFFINITY));
                    }
                }
            }
        }
        // existing nodes add their domains (for spread, only nodes that pass the group's node filter), then count
        // the pods already running, and the domains of running pods with required anti-affinity
        for (NodeView node : nodes) {
            for (TopologyGroup g : groupList) {
                String domain = domainOf(node, g.key());
                if (domain != null && (g.filter() == null || g.filter().matchesNode(node.labels(), node.taints()))) {
                    g.register(domain);
                }
            }
            for (TopologyGroup g : inverseList) {
                String domain = domainOf(node, g.key());
                if (domain != null) {
                    g.register(domain);
                }
            }
        }
        for (NodeView node : nodes) {
            for (SchedulingPod p : node.pods()) {
                if (p.terminal()) {
                    continue;
                }
                for (TopologyGroup g : groupList) {
                    String domain = domainOf(node, g.key());
                    if (domain != null && g.selects(p)
                            && (g.filter() == null || g.filter().matchesNode(node.labels(), node.taints()))) {
                        g.record(domain);
                    }
                }
                for (PodAffinityTerm t : p.requiredAntiAffinity()) {
                    TopologyGroup g = inverse(affinityGroup(p, t, TopologyGroup.Type.ANTI_AFFINITY));
                    String domain = domainOf(node, g.key());
                    if (domain != null) {
                        g.record(domain);
                    }
                }
            }
        }
    }

    private static String domainOf(NodeView node, String key) {
        String d = node.labels().get(key);
        if (d == null && Labels.HOSTNAME.equals(key)) {
            d = node.name();
        }
        return d;
    }

    private record Pending(String id, TopologyGroup group) {
    }

    private Pending spreadGroup(SchedulingPod pod, SpreadConstraint s) {
        LabelSelector selector = s.selector();
        if (selector != null) {
            for (String k : s.matchLabelKeys()) {
                String v = pod.labels().get(k);
                if (v != null) {
                    selector = selector.with(k, "In", v);
                }
            }
        }
        TopologyGroup.NodeFilter filter = new TopologyGroup.NodeFilter(
                s.honorNodeAffinity() ? filterTerms(pod) : List.of(),
                s.honorNodeTaints() ? pod.tolerations() : null);
        String id = "spread|" + s.topologyKey() + "|" + pod.namespace() + "|"
                + (selector == null ? "none" : selector.canonical()) + "|" + s.maxSkew() + "|" + s.minDomains()
                + "|" + filter.canonical();
        return new Pending(id, new TopologyGroup(TopologyGroup.Type.SPREAD, s.topologyKey(), Set.of(pod.namespace()),
                selector, s.maxSkew(), s.minDomains(), filter));
    }

    private static List<Requirements> filterTerms(SchedulingPod pod) {
        Requirements selector = new Requirements();
        pod.nodeSelector().forEach((k, v) -> selector.add(Requirement.in(k, v)));
        if (pod.requiredTerms() == null || pod.requiredTerms().isEmpty()) {
            return List.of(selector);
        }
        List<Requirements> terms = new ArrayList<>();
        for (Requirements t : pod.requiredTerms()) {
            terms.add(selector.copy().addAll(t));
        }
        return terms;
    }

    private Pending affinityGroup(SchedulingPod pod, PodAffinityTerm t, TopologyGroup.Type type) {
        LabelSelector selector = t.selector();
        if (selector != null) {
            for (String k : t.matchLabelKeys()) {
                String v = pod.labels().get(k);
                if (v != null) {
                    selector = selector.with(k, "In", v);
                }
            }
            for (String k : t.mismatchLabelKeys()) {
                String v = pod.labels().get(k);
                if (v != null) {
                    selector = selector.with(k, "NotIn", v);
                }
            }
        }
        Set<String> namespaces;
        if (t.allNamespaces()) {
            namespaces = null;
        } else if (t.namespaces().isEmpty()) {
            namespaces = Set.of(pod.namespace());
        } else {
            namespaces = t.namespaces();
        }
        String id = type + "|" + t.topologyKey() + "|" + (namespaces == null ? "*" : new TreeSet<>(namespaces))
                + "|" + (selector == null ? "none" : selector.canonical());
        return new Pending(id, new TopologyGroup(type, t.topologyKey(), namespaces, selector, Integer.MAX_VALUE,
                null, null));
    }

    private TopologyGroup group(Pending p) {
        TopologyGroup g = groups.get(p.id());
        if (g == null) {
            g = p.group();
            seed(g);
            groups.put(p.id(), g);
            groupList.add(g);
            byKey.computeIfAbsent(g.key(), k -> new ArrayList<>()).add(g);
        }
        return g;
    }

    private TopologyGroup inverse(Pending p) {
        TopologyGroup g = inverseGroups.get(p.id());
        if (g == null) {
            g = p.group();
            seed(g);
            inverseGroups.put(p.id(), g);
            inverseList.add(g);
            byKey.computeIfAbsent(g.key(), k -> new ArrayList<>()).add(g);
        }
        return g;
    }

    private void seed(TopologyGroup g) {
        if (g.filter() != null && g.filter().tolerations() != null) {
            universe.forEachTolerated(g.key(), g.filter().tolerations(), g::register); // nodeTaintsPolicy: Honor
        } else {
            universe.forEach(g.key(), g::register);
        }
    }

    /** Makes a domain known to every group of the key (e.g. a new NodeClaim's placeholder hostname). */
    void register(String key, String domain) {
        List<TopologyGroup> gs = byKey.get(key);
        if (gs != null) {
            for (TopologyGroup g : gs) {
                g.register(domain);
            }
        }
    }

    /** The groups that constrain this attempt of the pod: its own (remaining) terms and inverse anti-affinities. */
    List<TopologyGroup> matching(PodConstraints c) {
        SchedulingPod pod = c.pod();
        Map<Object, TopologyGroup> mine = termGroups.getOrDefault(pod, Map.of());
        List<TopologyGroup> out = new ArrayList<>();
        for (SpreadConstraint s : c.spread()) {
            add(out, mine.get(s));
        }
        for (PodAffinityTerm t : pod.requiredAffinity()) {
            add(out, mine.get(t));
        }
        for (PodAffinityTerm t : c.preferredAffinity()) {
            add(out, mine.get(t));
        }
        for (PodAffinityTerm t : pod.requiredAntiAffinity()) {
            add(out, mine.get(t));
        }
        for (PodAffinityTerm t : c.preferredAntiAffinity()) {
            add(out, mine.get(t));
        }
        for (TopologyGroup g : inverseList) {
            if (g.selects(pod)) {
                add(out, g);
            }
        }
        return out;
    }

    private static void add(List<TopologyGroup> out, TopologyGroup g) {
        if (g != null && !out.contains(g)) {
            out.add(g);
        }
    }

    /**
     * Narrows {@code nodeRequirements} in place to the domains the pod's topology allows. Returns null on success,
     * else an explanation.
     */
    TopologyGroup addRequirements(PodConstraints c, Requirements nodeRequirements) {
        Requirements strict = c.strict();
        for (TopologyGroup g : c.topologyGroups()) {
            Requirement podDomains = strict.get(g.key());
            Requirement nodeDomains = nodeRequirements.get(g.key());
            Requirement options = g.next(c.pod(), podDomains, nodeDomains);
            Requirement narrowed = nodeDomains.intersection(options);
            if (options.isEmpty() || narrowed.isEmpty()) {
                return g;
            }
            nodeRequirements.put(narrowed);
        }
        return null;
    }

    /**
     * A cheap early "no" for a NodeClaim whose domain of some group's key is already a single value (its hostname,
     * or a zone it was narrowed to) that the group rules out (saves copying and narrowing requirements): that group,
     * or null.
     */
    TopologyGroup rejectingGroup(PodConstraints c, Requirements nodeRequirements, String hostname) {
        for (TopologyGroup g : c.topologyGroups()) {
            String domain = Labels.HOSTNAME.equals(g.key()) ? hostname : nodeRequirements.get(g.key()).single();
            if (domain != null && g.rejectsDomain(c.pod(), c.strict().get(g.key()), domain)) {
                return g;
            }
        }
        return null;
    }

    /**
     * A pod-affinity group no node can satisfy now: none of the pods it must be near is placed in a domain the pod
     * may use, and the pod does not select itself (so it cannot start the group). Null when there is none.
     */
    TopologyGroup unsatisfiableAnywhere(PodConstraints c) {
        for (TopologyGroup g : c.topologyGroups()) {
            if (g.type() == TopologyGroup.Type.AFFINITY && !g.anyPodIn(c.strict().get(g.key())) && !g.selects(c.pod())) {
                return g;
            }
        }
        return null;
    }

    /** Topology keys other than hostname (claims are indexed by their single domain of each). */
    Set<String> domainKeys() {
        Set<String> keys = new java.util.HashSet<>(byKey.keySet());
        keys.remove(Labels.HOSTNAME);
        return keys;
    }

    /**
     * Per topology key (not hostname): the only domains a claim narrowed to a single domain may have for this pod,
     * when that can be told without the claim (affinity to placed pods, anti-affinity, spread skew). Keys missing
     * from the map are unrestricted. A claim narrowed to another domain would surely refuse the pod.
     */
    Map<String, Set<String>> allowedDomains(PodConstraints c) {
        Map<String, Set<String>> out = new HashMap<>();
        for (TopologyGroup g : c.topologyGroups()) {
            if (Labels.HOSTNAME.equals(g.key())) {
                continue;
            }
            Set<String> allowed = g.allowedDomains(c.pod(), c.strict().get(g.key()));
            if (allowed == null) {
                continue;
            }
            Set<String> prev = out.get(g.key());
            if (prev == null) {
                out.put(g.key(), allowed);
            } else {
                Set<String> both = new java.util.HashSet<>(prev);
                both.retainAll(allowed);
                out.put(g.key(), both);
            }
        }
        return out;
    }

    /** Hostname anti-affinity groups (own and inverse): a claim holding one of their pods is closed to the rest. */
    List<TopologyGroup> hostnameAntiAffinityGroups() {
        List<TopologyGroup> out = new ArrayList<>();
        for (TopologyGroup g : groupList) {
            if (g.type() == TopologyGroup.Type.ANTI_AFFINITY && Labels.HOSTNAME.equals(g.key())) {
                out.add(g);
            }
        }
        for (TopologyGroup g : inverseList) {
            if (Labels.HOSTNAME.equals(g.key())) {
                out.add(g);
            }
        }
        return out;
    }

    /** Which kube-scheduler predicate a failed group stands for (inverse groups: existing pods' anti-affinity). */
    NodeFit.Predicate predicateOf(TopologyGroup g) {
        return switch (g.type()) {
            case SPREAD -> NodeFit.Predicate.TOPOLOGY_SPREAD;
            case AFFINITY -> NodeFit.Predicate.POD_AFFINITY;
            default -> inverseGroups.containsValue(g) ? NodeFit.Predicate.EXISTING_PODS_ANTI_AFFINITY
                    : NodeFit.Predicate.POD_ANTI_AFFINITY;
        };
    }

    /** The shared-vocabulary explanation of a group that cannot be satisfied. */
    static ReasonMessage describe(TopologyGroup g) {
        String counts = "matching pods per domain " + g.describeCounts(6);
        switch (g.type()) {
            case SPREAD:
                return Reason.TOPOLOGY_SPREAD_UNSATISFIABLE.format(g.key(), g.maxSkew(), counts);
            case AFFINITY:
                return Reason.POD_AFFINITY_UNSATISFIABLE.format(g.key(), counts);
            default:
                return Reason.POD_ANTI_AFFINITY_UNSATISFIABLE.format(g.key(), counts);
        }
    }

    /**
     * Why {@code g} rules out a node whose domain of the group's key is {@code domain} ({@link #rejectingGroup}),
     * in the shared vocabulary: the constraint that failed and only what is true of it.
     */
    ReasonMessage describeRejection(TopologyGroup g, PodConstraints c, String domain) {
        Requirement podDomains = c.strict().get(g.key());
        String counts = g.describeCounts(6);
        switch (g.type()) {
            case SPREAD: {
                int self = g.selects(c.pod()) ? 1 : 0;
                return Reason.TOPOLOGY_SPREAD_UNSATISFIABLE.format(g.key(), g.maxSkew(), domain + " would hold "
                        + (g.count(domain) + self) + " matching pods, the least used eligible domain holds "
                        + g.minimum(podDomains) + " (matching pods per domain " + counts + ")");
            }
            case AFFINITY: {
                String why;
                if (g.anyPodIn(podDomains)) {
                    why = domain + " holds no pod it must be near (matching pods per domain " + counts + ")";
                } else if (g.anyPod()) {
                    why = "the pods it must be near are only in domains the pod cannot use (matching pods per domain "
                            + counts + ")";
                } else {
                    why = "no pod it must be near exists yet and the pod does not match its own selector";
                }
                return Reason.POD_AFFINITY_UNSATISFIABLE.format(g.key(), why);
            }
            default:
                if (inverseGroups.containsValue(g)) {
                    return Reason.POD_ANTI_AFFINITY_UNSATISFIABLE.format(g.key(), domain
                            + " holds a pod whose required anti-affinity excludes this pod");
                }
                return Reason.POD_ANTI_AFFINITY_UNSATISFIABLE.format(g.key(), domain
                        + " already holds a pod it must keep away from (matching pods per domain " + counts + ")");
        }
    }

    /**
     * Why a pod-affinity group found by {@link #unsatisfiableAnywhere} cannot be satisfied: its pods exist only in
     * domains the pod cannot use, or none exists yet.
     */
    static ReasonMessage describeHopeless(TopologyGroup g) {
        String why = g.anyPod()
                ? "the pods it must be near are only in domains the pod cannot use (matching pods per domain "
                        + g.describeCounts(6) + ")"
                : "no pod it must be near exists yet and the pod does not match its own selector";
        return Reason.POD_AFFINITY_UNSATISFIABLE.format(g.key(), why);
    }

    /** Records that the pod was placed on a node with these (final) requirements and taints. */
    void record(SchedulingPod pod, Requirements requirements, List<Taint> taints) {
        countPlacement(pod, requirements, taints, 1);
    }

    /** Takes back a {@link #record} with the same arguments: the pod leaves that node. */
    void unrecord(SchedulingPod pod, Requirements requirements, List<Taint> taints) {
        countPlacement(pod, requirements, taints, -1);
    }

    private void countPlacement(SchedulingPod pod, Requirements requirements, List<Taint> taints, int delta) {
        for (TopologyGroup g : groupList) {
            if (!g.counts(pod, requirements, taints)) {
                continue;
            }
            Requirement domains = requirements.get(g.key());
            if (g.type() == TopologyGroup.Type.ANTI_AFFINITY) {
                if (!domains.complement()) {
                    domains.values().forEach(d -> count(g, d, delta));
                }
            } else {
                String single = domains.single();
                if (single != null) {
                    count(g, single, delta);
                }
            }
        }
        List<TopologyGroup> inv = ownedInverse.get(pod);
        if (inv != null) {
            for (TopologyGroup g : inv) {
                Requirement domains = requirements.get(g.key());
                if (!domains.complement()) {
                    domains.values().forEach(d -> count(g, d, delta));
                }
            }
        }
    }

    /**
     * A pod counted at construction as bound to this node leaves it (its node is removed in a simulation): the
     * exact reverse of the constructor's counting.
     */
    void unbind(NodeView node, SchedulingPod p) {
        if (p.terminal()) {
            return;
        }
        for (TopologyGroup g : groupList) {
            String domain = domainOf(node, g.key());
            if (domain != null && g.selects(p)
                    && (g.filter() == null || g.filter().matchesNode(node.labels(), node.taints()))) {
                count(g, domain, -1);
            }
        }
        for (PodAffinityTerm t : p.requiredAntiAffinity()) {
            TopologyGroup g = inverse(affinityGroup(p, t, TopologyGroup.Type.ANTI_AFFINITY));
            String domain = domainOf(node, g.key());
            if (domain != null) {
                count(g, domain, -1);
            }
        }
    }

    private void count(TopologyGroup g, String domain, int delta) {
        if (delta > 0) {
            g.record(domain);
            if (undo != null) {
                undo.push(() -> g.unrecord(domain));
            }
        } else {
            g.unrecord(domain);
            if (undo != null) {
                undo.push(() -> g.record(domain));
            }
        }
    }
}
