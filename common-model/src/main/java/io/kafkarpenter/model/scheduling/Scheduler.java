package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.resources.ResourceNames;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Karpenter's provisioning scheduler ({@code pkg/controllers/provisioning/scheduling/scheduler.go}) as plain Java.
 * One instance solves one batch; see DESIGN.md in this package for the loop and the data structures.
 */
public final class Scheduler {

    private final List<Template> templates = new ArrayList<>();
    private final List<ExistingNodeSlot> nodes = new ArrayList<>();
    final SchedulerOptions options;
    final Set<String> wellKnown;
    private final boolean toleratePreferNoSchedule;
    private final Map<String, ResourceList> remaining = new HashMap<>();
    private final Map<String, Long> remainingNodes = new HashMap<>();
    private static final Comparator<Claim> BY_LOAD = Comparator.comparingInt((Claim c) -> c.pods.size())
            .thenComparingLong(c -> c.seq);
    private final TreeSet<Claim> claimsByLoad = new TreeSet<>(BY_LOAD);
    /** Per hostname anti-affinity group: the claims (load order) whose hostname holds none of its pods. */
    private final Map<TopologyGroup, TreeSet<Claim>> freeOf = new HashMap<>();
    /** Per topology key other than hostname: claims by the single domain they are narrowed to. */
    private final Map<String, DomainIndex> domainIndex = new HashMap<>();
    private final List<Claim> claims = new ArrayList<>();
    private final Domains universe = new Domains();
    Topology topology;
    private int hostnameSeq;
    private long claimSeq;
    /** Records every change for rollback ({@link ClusterSimulation}); null in a provisioning solve. */
    UndoLog undo;
    /** At most this many open (unsealed) claims; 0 = existing nodes only. */
    int claimLimit = Integer.MAX_VALUE;
    /** Whether the pods being placed were moved off removed nodes (nodes that refuse moved pods decline them). */
    boolean placingMovedPods;
    /** Claims [0, sealedClaims) are settled (kept in topology and limits, closed to further pods). */
    private int sealedClaims;
    /** Where each pod a simulation placed is now: its ExistingNodeSlot or Claim (simulation only). */
    private final Map<SchedulingPod, Object> placements = new IdentityHashMap<>();

    /**
     * @param pools         NodePools that may launch nodes (ready, not static, not deleting)
     * @param existing      nodes and in-flight NodeClaims with their bound pods
     * @param daemonSets    one pod per DaemonSet (from its template), with its tolerations
     * @param extraWellKnownLabels label keys instance types define beyond Karpenter's well-known ones
     */
    public Scheduler(List<NodePoolTemplate> pools, List<ExistingNode> existing, List<SchedulingPod> daemonSets,
            SchedulerOptions options, Set<String> extraWellKnownLabels) {
        this.options = options;
        Set<String> known = new HashSet<>(Labels.WELL_KNOWN);
        known.addAll(extraWellKnownLabels);
        this.wellKnown = known;
        boolean preferNoSchedule = false;
        List<NodePoolTemplate> ordered = new ArrayList<>(pools);
        ordered.sort(Comparator.comparingInt(NodePoolTemplate::weight).reversed()
                .thenComparing(NodePoolTemplate::name, Comparator.reverseOrder()));
        for (NodePoolTemplate p : ordered) {
            for (Taint t : p.taints()) {
                preferNoSchedule |= Taint.PREFER_NO_SCHEDULE.equals(t.effect());
            }
            Template t = new Template(p, daemonSets, wellKnown);
            templates.add(t);
            ResourceList limits = p.limits();
            if (!limits.isEmpty()) {
                ResourceList.Builder b = ResourceList.builder();
                limits.asMilliMap().forEach((k, v) -> {
                    if (!ResourceNames.NODES.equals(k)) {
                        b.setMilli(k, v);
                    }
                });
                remaining.put(p.name(), b.build());
                if (limits.has(ResourceNames.NODES)) {
                    remainingNodes.put(p.name(), limits.milli(ResourceNames.NODES) / 1000);
                }
            }
            t.addDomains(universe);
        }
        this.toleratePreferNoSchedule = preferNoSchedule;
        for (ExistingNode n : existing) {
            ExistingNodeSlot slot = new ExistingNodeSlot(n, daemonSets, pools);
            nodes.add(slot);
            if (n.nodePool() != null) {
                ResourceList capacity = n.capacity() != null ? n.capacity() : n.allocatable();
                remaining.computeIfPresent(n.nodePool(), (k, v) -> subtractLimited(v, capacity));
                remainingNodes.computeIfPresent(n.nodePool(), (k, v) -> v - 1);
            }
        }
        nodes.sort(Comparator.comparing((ExistingNodeSlot s) -> !s.initialized).thenComparing(s -> s.name));
    }

    /** Places the pods; every pod ends up on an existing node, on a new NodeClaim, or in the failures. */
    public SchedulingResult solve(List<SchedulingPod> pods) {
        Map<SchedulingPod, PodFailure> failures = new IdentityHashMap<>();
        List<SchedulingPod> valid = validate(pods, failures);
        prepare(valid);
        if (templates.isEmpty() && nodes.isEmpty()) {
            for (SchedulingPod p : valid) {
                ReasonMessage m = Reason.NO_NODEPOOLS.format();
                failures.put(p, new PodFailure(p, m, m.text()));
            }
            return result(pods, failures);
        }
        place(valid, failures);
        return result(pods, failures);
    }

    /** The pods Karpenter would consider; the others get their failure (an ignored-category reason) right away. */
    List<SchedulingPod> validate(List<SchedulingPod> pods, Map<SchedulingPod, PodFailure> failures) {
        List<SchedulingPod> valid = new ArrayList<>();
        for (SchedulingPod p : pods) {
            ReasonMessage why = ignoredBecause(p);
            if (why != null) {
                failures.put(p, new PodFailure(p, why, "ignored: " + why.text()));
            } else {
                valid.add(p);
            }
        }
        return valid;
    }

    /**
     * Builds the topology (a group for every constraint of these pods, counts from the pods bound to the existing
     * nodes) and the claim indexes. Every pod placed later must be among {@code pods}.
     */
    void prepare(List<SchedulingPod> pods) {
        List<Topology.NodeView> views = new ArrayList<>();
        for (ExistingNodeSlot n : nodes) {
            views.add(view(n));
        }
        topology = new Topology(universe, views, pods);
        for (TopologyGroup g : topology.hostnameAntiAffinityGroups()) {
            freeOf.put(g, new TreeSet<>(BY_LOAD));
        }
        for (String key : topology.domainKeys()) {
            domainIndex.put(key, new DomainIndex(key));
        }
    }

    private static Topology.NodeView view(ExistingNodeSlot n) {
        return new Topology.NodeView(n.name, n.labels, n.taints, n.boundPods);
    }

    /** Karpenter's queue: CPU then memory descending, retried until a full cycle makes no progress. */
    void place(List<SchedulingPod> valid, Map<SchedulingPod, PodFailure> failures) {
        List<SchedulingPod> sorted = new ArrayList<>(valid);
        sorted.sort(Comparator.comparingLong((SchedulingPod p) -> -p.requests().cpuMilli())
                .thenComparingLong(p -> -p.requests().memoryMilli())
                .thenComparingLong(SchedulingPod::creationOrder)
                .thenComparing(SchedulingPod::uid));
        ArrayDeque<SchedulingPod> queue = new ArrayDeque<>(sorted);
        Map<SchedulingPod, Integer> lastLength = new IdentityHashMap<>();
        while (!queue.isEmpty()) {
            SchedulingPod pod = queue.peekFirst();
            Integer last = lastLength.get(pod);
            if (last != null && last == queue.size()) {
                break; // a full cycle without progress
            }
            queue.pollFirst();
            PodFailure failure = trySchedule(pod);
            if (failure == null) {
                failures.remove(pod);
            } else {
                failures.put(pod, failure);
                queue.addLast(pod);
                lastLength.put(pod, queue.size());
            }
        }
    }

    private SchedulingResult result(List<SchedulingPod> pods, Map<SchedulingPod, PodFailure> failures) {
        List<PlannedNodeClaim> planned = new ArrayList<>();
        for (Claim c : claims) {
            planned.add(c.finish());
        }
        List<SchedulingResult.Placement> placements = new ArrayList<>();
        for (ExistingNodeSlot n : nodes) {
            if (!n.newPods.isEmpty()) {
                placements.add(new SchedulingResult.Placement(n.name, List.copyOf(n.newPods)));
            }
        }
        List<PodFailure> failed = new ArrayList<>();
        for (SchedulingPod p : pods) {
            PodFailure f = failures.get(p);
            if (f != null) {
                failed.add(f);
            }
        }
        return new SchedulingResult(planned, placements, failed);
    }

    /** Why Karpenter would ignore this pod (provisioner.go Validate), or null. */
    private static ReasonMessage ignoredBecause(SchedulingPod p) {
        if (p.daemonSet() != null) {
            return Reason.DAEMONSET_POD.format(p.daemonSet());
        }
        if (p.ignoredBecause() != null) {
            return Reason.DRA_RESOURCE_CLAIMS.format(p.ignoredBecause());
        }
        if (p.usesMatchFields()) {
            return Reason.UNSUPPORTED_MATCH_FIELDS.format();
        }
        List<Requirements> selections = new ArrayList<>();
        Requirements selector = new Requirements();
        p.nodeSelector().forEach((k, v) -> selector.add(Requirement.in(k, v)));
        selections.add(selector);
        if (p.requiredTerms() != null) {
            selections.addAll(p.requiredTerms());
        }
        for (Requirements r : selections) {
            Requirement np = r.find(Labels.NODEPOOL);
            if (np != null && np.operator() == Operator.DoesNotExist) {
                return Reason.OPTS_OUT_OF_NODEPOOLS.format();
            }
            for (String key : r.keys()) {
                if (Labels.isRestrictedForPods(key)) {
                    return Reason.RESTRICTED_LABEL.format(key);
                }
            }
        }
        if (p.volumeError() != null) {
            return Reason.INVALID_VOLUME_CLAIM.format(p.volumeError(), "cannot be used");
        }
        return null;
    }

    private PodFailure trySchedule(SchedulingPod pod) {
        PodConstraints c = new PodConstraints(pod, options.preferencePolicy(), topology);
        while (true) {
            PodFailure f = add(c);
            if (f == null) {
                return null;
            }
            if (!c.relax(toleratePreferNoSchedule)) {
                return f;
            }
        }
    }

    private PodFailure add(PodConstraints c) {
        if (c.hasTopology()) {
            TopologyGroup hopeless = topology.unsatisfiableAnywhere(c);
            if (hopeless != null) {
                ReasonMessage m = Topology.describeHopeless(hopeless);
                return new PodFailure(c.pod(), m, m.text());
            }
        }
        for (ExistingNodeSlot n : nodes) {
            if (n.closed || (placingMovedPods && n.refusesMovedPods)) {
                continue;
            }
            if (placingMovedPods && n.failsMovedPods) {
                if (n.fitsResources(c.pod()) && n.verdict(c, topology).fits()) {
                    ReasonMessage m = Reason.NODE_NOT_INITIALIZED.format(n.name);
                    return new PodFailure(c.pod(), m, "would schedule only on a node that is not initialized: "
                            + m.text());
                }
                continue;
            }
            if (n.tryAdd(c, topology)) {
                track(c.pod(), n);
                return null;
            }
        }
        for (java.util.Iterator<Claim> it = candidateClaims(c); it.hasNext(); ) {
            Claim claim = it.next();
            Attempt a = claim.canAdd(c, claim.options);
            if (a.ok()) {
                commit(claim, c.pod(), a);
                return null;
            }
        }
        if (templates.isEmpty()) {
            ReasonMessage m = Reason.NO_NODEPOOLS.format();
            return new PodFailure(c.pod(), m, m.text() + " and no existing node fits");
        }
        if (claims.size() - sealedClaims >= claimLimit) {
            ReasonMessage m = Reason.TOO_MANY_REPLACEMENTS.format(claimLimit + 1);
            return new PodFailure(c.pod(), m, m.text());
        }
        List<Attempt> errors = new ArrayList<>();
        String hostname = "hostname-placeholder-" + String.format("%04d", hostnameSeq);
        topology.register(Labels.HOSTNAME, hostname);
        for (Template t : templates) {
            Claim claim = new Claim(this, t, hostname);
            if (t.types.length == 0) {
                errors.add(Attempt.fail(Reason.NO_INSTANCE_TYPE_MATCHES.format(t.pool.name(),
                        "the NodePool's requirements")));
                continue;
            }
            int[] allowed = t.withinLimits(remaining.get(t.pool.name()));
            Long nodesLeft = remainingNodes.get(t.pool.name());
            Attempt a = nodesLeft != null && nodesLeft <= 0 ? null : claim.canAdd(c, allowed);
            if (a != null && a.ok()) {
                open(claim);
                commit(claim, c.pod(), a);
                final ResourceList used = ResourceList.maxOf(t.capacity, claim.options);
                changeLimits(t.pool.name(), v -> subtractLimited(v, used), -1);
                return null;
            }
            if (a == null || (allowed.length < t.types.length && !a.ok())) {
                // would it fit without the limits? then the limits are the reason
                Attempt unlimited = claim.canAdd(c, t.all);
                if (unlimited.ok()) {
                    errors.add(Attempt.fail(limitsMessage(t, nodesLeft, unlimited.options)));
                    continue;
                }
                a = unlimited;
            }
            errors.add(a);
        }
        return summarize(c.pod(), errors);
    }

    /**
     * The claims this pod may join, least loaded first. Karpenter tries every claim in that order; claims that
     * surely refuse the pod are skipped through indexes (see DESIGN.md): claims holding a pod of a hostname
     * anti-affinity group it belongs to, and claims narrowed to a domain its topology rules out.
     */
    private java.util.Iterator<Claim> candidateClaims(PodConstraints c) {
        java.util.Collection<Claim> best = claimsByLoad;
        List<java.util.Collection<Claim>> bestParts = null;
        int bestSize = claimsByLoad.size();
        if (c.hasTopology()) {
            for (TopologyGroup g : c.topologyGroups()) {
                TreeSet<Claim> eligible = freeOf.get(g);
                if (eligible != null && eligible.size() < bestSize) {
                    best = eligible;
                    bestParts = null;
                    bestSize = eligible.size();
                }
            }
            for (Map.Entry<String, Set<String>> e : topology.allowedDomains(c).entrySet()) {
                DomainIndex index = domainIndex.get(e.getKey());
                if (index == null) {
                    continue;
                }
                List<java.util.Collection<Claim>> parts = new ArrayList<>();
                int size = index.unnarrowed.size();
                parts.add(index.unnarrowed);
                for (String d : e.getValue()) {
                    TreeSet<Claim> in = index.byDomain.get(d);
                    if (in != null) {
                        parts.add(in);
                        size += in.size();
                    }
                }
                if (size < bestSize) {
                    bestParts = parts;
                    bestSize = size;
                }
            }
        }
        if (bestParts == null) {
            return best.iterator();
        }
        return new MergedByLoad(bestParts);
    }

    /** Iterates several load-ordered claim sets as one load-ordered sequence. */
    private static final class MergedByLoad implements java.util.Iterator<Claim> {
        private final List<java.util.Iterator<Claim>> iterators = new ArrayList<>();
        private final List<Claim> heads = new ArrayList<>();

        MergedByLoad(List<java.util.Collection<Claim>> parts) {
            for (java.util.Collection<Claim> p : parts) {
                java.util.Iterator<Claim> it = p.iterator();
                iterators.add(it);
                heads.add(it.hasNext() ? it.next() : null);
            }
        }

        @Override
        public boolean hasNext() {
            for (Claim h : heads) {
                if (h != null) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Claim next() {
            int min = -1;
            for (int i = 0; i < heads.size(); i++) {
                Claim h = heads.get(i);
                if (h != null && (min < 0 || BY_LOAD.compare(h, heads.get(min)) < 0)) {
                    min = i;
                }
            }
            Claim out = heads.get(min);
            java.util.Iterator<Claim> it = iterators.get(min);
            heads.set(min, it.hasNext() ? it.next() : null);
            return out;
        }
    }

    /** Claims by their single value of one topology key (zone, capacity type, ...); the rest are "unnarrowed". */
    private static final class DomainIndex {
        final String key;
        final Map<String, TreeSet<Claim>> byDomain = new HashMap<>();
        final TreeSet<Claim> unnarrowed = new TreeSet<>(BY_LOAD);

        DomainIndex(String key) {
            this.key = key;
        }

        void remove(Claim claim) {
            String d = claim.requirements.get(key).single();
            if (d == null) {
                unnarrowed.remove(claim);
            } else {
                TreeSet<Claim> in = byDomain.get(d);
                if (in != null) {
                    in.remove(claim);
                }
            }
        }

        void add(Claim claim) {
            String d = claim.requirements.get(key).single();
            if (d == null) {
                unnarrowed.add(claim);
            } else {
                byDomain.computeIfAbsent(d, k -> new TreeSet<>(BY_LOAD)).add(claim);
            }
        }
    }

    /** Adds a new claim to the solve and its indexes. */
    private void open(Claim claim) {
        if (undo != null) {
            int hostnameBefore = hostnameSeq;
            long seqBefore = claimSeq;
            undo.push(() -> {
                unindex(claim);
                claims.remove(claims.size() - 1);
                hostnameSeq = hostnameBefore;
                claimSeq = seqBefore;
            });
        }
        hostnameSeq++;
        claim.seq = claimSeq++;
        claims.add(claim);
        index(claim);
    }

    /** Commits a pod to a claim, keeping the load-ordered indexes in step. */
    private void commit(Claim claim, SchedulingPod pod, Attempt a) {
        if (undo != null) {
            Runnable restore = claim.snapshot();
            undo.push(() -> {
                unindex(claim);
                restore.run();
                index(claim);
            });
        }
        unindex(claim);
        claim.commit(pod, a);
        index(claim);
        track(pod, claim);
    }

    private void unindex(Claim claim) {
        claimsByLoad.remove(claim);
        for (TreeSet<Claim> eligible : freeOf.values()) {
            eligible.remove(claim);
        }
        for (DomainIndex index : domainIndex.values()) {
            index.remove(claim);
        }
    }

    private void index(Claim claim) {
        claimsByLoad.add(claim);
        for (Map.Entry<TopologyGroup, TreeSet<Claim>> e : freeOf.entrySet()) {
            if (e.getKey().count(claim.hostname) == 0) {
                e.getValue().add(claim);
            }
        }
        for (DomainIndex index : domainIndex.values()) {
            index.add(claim);
        }
    }

    /** Remembers where a simulation placed a pod (an ExistingNodeSlot or a Claim). */
    private void track(SchedulingPod pod, Object where) {
        if (undo != null) {
            Object before = placements.put(pod, where);
            undo.push(() -> {
                if (before == null) {
                    placements.remove(pod);
                } else {
                    placements.put(pod, before);
                }
            });
        }
    }

    /** Applies a change to a NodePool's remaining limits (resources and node count), recorded for rollback. */
    private void changeLimits(String pool, java.util.function.UnaryOperator<ResourceList> resources, long nodeDelta) {
        ResourceList before = remaining.get(pool);
        Long nodesBefore = remainingNodes.get(pool);
        if (undo != null && (before != null || nodesBefore != null)) {
            undo.push(() -> {
                if (before != null) {
                    remaining.put(pool, before);
                }
                if (nodesBefore != null) {
                    remainingNodes.put(pool, nodesBefore);
                }
            });
        }
        if (before != null) {
            remaining.put(pool, resources.apply(before));
        }
        if (nodesBefore != null) {
            remainingNodes.put(pool, nodesBefore + nodeDelta);
        }
    }

    // -- simulation support (ClusterSimulation) -----------------------------------------------------------------------

    /** The existing node of this name, or null. */
    ExistingNodeSlot slot(String name) {
        for (ExistingNodeSlot n : nodes) {
            if (n.name.equals(name)) {
                return n;
            }
        }
        return null;
    }

    List<ExistingNodeSlot> slots() {
        return nodes;
    }

    /** Tries existing nodes in this order from now on (the provisioning order is initialized first, then name). */
    void orderSlots(Comparator<ExistingNodeSlot> order) {
        nodes.sort(order);
    }

    void recordChanges(UndoLog log) {
        this.undo = log;
        topology.undo = log;
        for (ExistingNodeSlot n : nodes) {
            n.undo = log;
        }
    }

    /**
     * Removes a node from the simulated cluster: it accepts no pod, its pods leave the topology counts and its
     * capacity no longer counts against its NodePool's limits. Returns the pods that must move: its bound pods that
     * {@code movable} accepts and the pods the simulation placed on it.
     */
    List<SchedulingPod> close(ExistingNodeSlot slot, java.util.function.Predicate<SchedulingPod> movable) {
        if (slot.closed) {
            throw new IllegalStateException("node " + slot.name + " is already removed");
        }
        slot.closed = true;
        if (undo != null) {
            undo.push(() -> slot.closed = false);
        }
        Topology.NodeView view = view(slot);
        List<SchedulingPod> movers = new ArrayList<>();
        for (SchedulingPod p : slot.boundPods) {
            if (p.terminal()) {
                continue;
            }
            topology.unbind(view, p);
            if (movable.test(p)) {
                movers.add(p);
            }
        }
        for (int i = 0; i < slot.newPods.size(); i++) {
            SchedulingPod p = slot.newPods.get(i);
            if (placements.get(p) == slot) {
                topology.unrecord(p, slot.newPodPlacements.get(i), slot.taints);
                movers.add(p);
            }
        }
        ExistingNode n = slot.source;
        if (n.nodePool() != null) {
            ResourceList capacity = n.capacity() != null ? n.capacity() : n.allocatable();
            changeLimits(n.nodePool(), v -> addLimited(v, capacity), 1);
        }
        return movers;
    }

    /** Settles the claims opened so far: they stay (topology, limits) but take no more pods. Not undoable. */
    void sealClaims() {
        for (int i = sealedClaims; i < claims.size(); i++) {
            unindex(claims.get(i));
        }
        sealedClaims = claims.size();
    }

    /** The claims opened since the last {@link #sealClaims}, finished (types in price order). */
    List<PlannedNodeClaim> openClaims() {
        List<PlannedNodeClaim> out = new ArrayList<>();
        for (int i = sealedClaims; i < claims.size(); i++) {
            out.add(claims.get(i).finish());
        }
        return out;
    }

    /** The sealed claims, finished. */
    List<PlannedNodeClaim> sealedClaims() {
        List<PlannedNodeClaim> out = new ArrayList<>();
        for (int i = 0; i < sealedClaims; i++) {
            out.add(claims.get(i).finish());
        }
        return out;
    }

    /** The node or claim name a simulation placed the pod on, or null when it did not place it. */
    String placementOf(SchedulingPod pod) {
        Object where = placements.get(pod);
        if (where instanceof ExistingNodeSlot n) {
            return n.name;
        }
        return where == null ? null : ((Claim) where).name();
    }

    /** Which limits stop the instance types that would otherwise fit ({@code fitting}), and what is left. */
    private ReasonMessage limitsMessage(Template t, Long nodesLeft, int[] fitting) {
        if (nodesLeft != null && nodesLeft <= 0) {
            return Reason.NODEPOOL_LIMIT_REACHED.format(t.pool.name(), ResourceNames.NODES,
                    t.pool.limits().milli(ResourceNames.NODES) / 1000);
        }
        ResourceList left = remaining.get(t.pool.name());
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Map<String, String> limitText = t.pool.limits().format();
        for (Map.Entry<String, Long> e : left.asMilliMap().entrySet()) {
            String k = e.getKey();
            long smallest = Long.MAX_VALUE;
            for (int i : fitting) {
                smallest = Math.min(smallest, t.capacity[i].milli(k));
            }
            if (smallest > e.getValue()) {
                names.add(k);
                String leftText = ResourceList.builder().setMilli(k, Math.max(0, e.getValue())).build().format().get(k);
                String need = ResourceList.builder().setMilli(k, smallest).build().format().get(k);
                values.add(limitText.get(k) + " (" + leftText + " left, the smallest fitting instance type has " + need + ")");
            }
        }
        return Reason.NODEPOOL_LIMIT_REACHED.format(t.pool.name(), String.join("/", names), String.join("/", values));
    }

    /** How far a NodePool got with the pod: the reason of the one that came closest is reported first. */
    private static final List<Reason> DEPTH = List.of(Reason.NO_NODEPOOLS, Reason.UNTOLERATED_TAINT,
            Reason.INCOMPATIBLE_REQUIREMENTS, Reason.NO_INSTANCE_TYPE_MATCHES, Reason.HOST_PORT_CONFLICT,
            Reason.VOLUME_ZONE_CONFLICT, Reason.TOPOLOGY_SPREAD_UNSATISFIABLE, Reason.POD_AFFINITY_UNSATISFIABLE,
            Reason.POD_ANTI_AFFINITY_UNSATISFIABLE, Reason.ALL_OFFERINGS_UNAVAILABLE, Reason.NO_INSTANCE_TYPE_FITS,
            Reason.MIN_VALUES_NOT_MET, Reason.NODEPOOL_LIMIT_REACHED);

    private static PodFailure summarize(SchedulingPod pod, List<Attempt> errors) {
        Attempt deepest = errors.get(0);
        for (Attempt a : errors) {
            if (DEPTH.indexOf(a.reason().reason()) > DEPTH.indexOf(deepest.reason().reason())) {
                deepest = a;
            }
        }
        StringBuilder sb = new StringBuilder(deepest.reason().text());
        for (Attempt a : errors) {
            if (a != deepest) {
                sb.append("; ").append(a.reason().text());
            }
        }
        return new PodFailure(pod, deepest.reason(), sb.toString());
    }

    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    /** A deterministic generateName-like suffix: "default-x7k2p". */
    static String claimName(String pool, long seq) {
        long h = (seq + 1) * 0x9E3779B97F4A7C15L ^ pool.hashCode();
        StringBuilder sb = new StringBuilder(pool).append('-');
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_ALPHABET.charAt((int) Math.floorMod(h, NAME_ALPHABET.length())));
            h = Long.rotateRight(h * 31 + 7, 11);
        }
        return sb.toString();
    }

    /** remaining + freed, only for the resources that are limited (the keys of {@code remaining}). */
    private static ResourceList addLimited(ResourceList remaining, ResourceList freed) {
        ResourceList.Builder b = ResourceList.builder();
        remaining.asMilliMap().forEach((k, v) -> b.setMilli(k, ResourceList.subtractSaturated(v, -freed.milli(k))));
        return b.build();
    }

    /** remaining − used, only for the resources that are limited (the keys of {@code remaining}). */
    private static ResourceList subtractLimited(ResourceList remaining, ResourceList used) {
        ResourceList.Builder b = ResourceList.builder();
        remaining.asMilliMap().forEach((k, v) -> b.setMilli(k, ResourceList.subtractSaturated(v, used.milli(k))));
        return b.build();
    }

    /** For diagnostics: label keys instance types define. */
    public static Set<String> labelKeysOf(List<InstanceType> types) {
        Set<String> keys = new LinkedHashSet<>();
        for (InstanceType t : types) {
            keys.addAll(t.labels().keySet());
        }
        return keys;
    }
}
