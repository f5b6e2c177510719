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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A NodeClaim being built in this solve. */
final class Claim {
    /** The solve this claim belongs to (its topology, well-known labels and options). */
    private final Scheduler scheduler;
    final Template template;
    final String hostname;
    Requirements requirements;
    int[] options;
    ResourceList requests = ResourceList.EMPTY;
    final List<SchedulingPod> pods = new ArrayList<>();
    final List<HostPort> ports = new ArrayList<>();
    long seq;
    /** The last requirements object instance-type compatibility was computed for (identity) and the result. */
    private Requirements compatibleFor;
    private boolean[] compatibleCached;
    /** Component-wise max over the options of (allocatable − daemon overhead): a quick upper bound. */
    ResourceList ceiling;

    Claim(Scheduler scheduler, Template template, String hostname) {
        this.scheduler = scheduler;
        this.template = template;
        this.hostname = hostname;
        this.requirements = template.requirements.copy().add(Requirement.in(Labels.HOSTNAME, hostname));
        this.options = template.all;
    }

    Attempt canAdd(PodConstraints c, int[] candidates) {
        SchedulingPod pod = c.pod();
        Taint untolerated = Toleration.firstUntolerated(template.pool.taints(), c.tolerations());
        if (untolerated != null) {
            return Attempt.fail(() -> Reason.UNTOLERATED_TAINT.format(poolName(), untolerated));
        }
        if (!pod.hostPorts().isEmpty() && HostPort.firstConflict(pod.hostPorts(), ports) != null) {
            return Attempt.fail(() -> Reason.HOST_PORT_CONFLICT.format(
                    HostPort.firstConflict(pod.hostPorts(), ports).port(), "a pod already planned on the NodeClaim"));
        }
        ResourceList total = requests.plus(pod.requests());
        if (ceiling != null && !total.fitsIn(ceiling)) {
            return Attempt.FULL;
        }
        Requirements podReqs = c.requirements();
        if (!podReqs.isEmpty() && !requirements.compatible(podReqs, scheduler.wellKnown)) {
            Requirements mine = requirements;
            return Attempt.fail(() -> Reason.INCOMPATIBLE_REQUIREMENTS.format(poolName(),
                    mine.compatibleError(podReqs, scheduler.wellKnown)));
        }
        if (c.hasTopology()) {
            TopologyGroup rejecting = scheduler.topology.rejectingGroup(c, requirements, hostname);
            if (rejecting != null) {
                Topology topology = scheduler.topology;
                String domain = Labels.HOSTNAME.equals(rejecting.key()) ? hostname
                        : requirements.get(rejecting.key()).single();
                return Attempt.fail(() -> topology.describeRejection(rejecting, c, domain));
            }
        }
        // the claim's requirements are shared and never narrowed in place: copy only when they change
        Requirements reqs = podReqs.isEmpty() ? requirements : requirements.copy().addAll(podReqs);
        if (!pod.volumeAlternatives().isEmpty()) {
            Requirements chosen = null;
            for (Requirements alt : pod.volumeAlternatives()) {
                if (reqs.compatible(alt, scheduler.wellKnown)) {
                    chosen = alt;
                    break;
                }
            }
            if (chosen == null) {
                return Attempt.fail(() -> Reason.VOLUME_ZONE_CONFLICT.format("of the pod",
                        pod.volumeAlternatives(), "NodePool " + poolName() + " cannot reach it"));
            }
            reqs = (reqs == requirements ? reqs.copy() : reqs).addAll(chosen);
        }
        if (c.hasTopology()) {
            if (reqs == requirements) {
                reqs = reqs.copy();
            }
            TopologyGroup failed = scheduler.topology.addRequirements(c, reqs);
            if (failed != null) {
                return Attempt.fail(() -> Topology.describe(failed));
            }
        }
        return filterInstanceTypes(pod, total, reqs, candidates);
    }

    private Attempt filterInstanceTypes(SchedulingPod pod, ResourceList total, Requirements reqs,
            int[] candidates) {
        boolean[] compatible;
        if (reqs == compatibleFor) {
            compatible = compatibleCached;
        } else {
            compatible = template.compatibleTypes(reqs);
            if (reqs == requirements) {
                compatibleFor = reqs;
                compatibleCached = compatible;
            }
        }
        boolean simple = !total.hasExtended();
        long tc = total.cpuMilli();
        long tm = total.memoryMilli();
        long tp = total.podsMilli();
        long te = total.ephemeralStorageMilli();
        int[] kept = new int[candidates.length];
        int n = 0;
        int reqOk = 0;
        int portOk = 0;
        boolean anyFits = false;
        for (int i : candidates) {
            if (!compatible[i]) {
                continue;
            }
            reqOk++;
            if (!pod.hostPorts().isEmpty()
                    && HostPort.firstConflict(pod.hostPorts(), template.daemonPorts.get(i)) != null) {
                continue;
            }
            portOk++;
            if (simple && !template.roomHasExtended[i]) {
                if (tc > template.roomCpu[i] || tm > template.roomMemory[i] || tp > template.roomPods[i]
                        || te > template.roomEphemeral[i]) {
                    continue;
                }
            } else if (!total.fitsIn(template.room[i])) {
                continue;
            }
            anyFits = true;
            kept[n++] = i;
        }
        if (n == 0) {
            if (reqOk == 0) {
                Requirements shown = reqs.copy().remove(Labels.HOSTNAME);
                // offerings or labels? tell which
                return Attempt.fail(() -> template.noTypeReason(shown, candidates));
            }
            if (portOk == 0) {
                return Attempt.fail(() -> Reason.HOST_PORT_CONFLICT.format(pod.hostPorts().get(0).port(),
                        "daemon set pods on every instance type of NodePool " + poolName()));
            }
            return Attempt.fail(() -> Reason.NO_INSTANCE_TYPE_FITS.format(poolName(),
                    resourcesMessage(total, largestRoom(candidates, compatible))));
        }
        int[] result = n == kept.length ? kept : java.util.Arrays.copyOf(kept, n);
        if (scheduler.options.minValuesStrict() && template.hasMinValues) {
            ReasonMessage mv = minValuesError(reqs, result);
            if (mv != null) {
                return Attempt.fail(mv);
            }
        }
        return Attempt.ok(reqs, result);
    }

    private ResourceList largestRoom(int[] candidates, boolean[] compatible) {
        ResourceList largest = ResourceList.EMPTY;
        for (int i : candidates) {
            if (compatible[i]) {
                largest = largest.max(template.room[i]);
            }
        }
        return largest;
    }

    private String poolName() {
        return template.pool.name();
    }

    /** e.g. "300 cpu (the largest offers 15900m after daemon sets)". */
    private String resourcesMessage(ResourceList total, ResourceList largest) {
        List<String> parts = new ArrayList<>();
        Map<String, String> need = total.format();
        Map<String, String> have = largest.format();
        for (String k : total.exceeding(largest)) {
            parts.add(need.get(k) + " " + k + " (the largest offers " + have.getOrDefault(k, "0")
                    + " after daemon sets)");
        }
        return String.join(", ", parts);
    }

    private ReasonMessage minValuesError(Requirements reqs, int[] kept) {
        for (Requirement r : reqs.all()) {
            if (r.minValues() == null) {
                continue;
            }
            Set<String> values = new HashSet<>();
            for (int i : kept) {
                InstanceType t = template.types[i];
                if (Labels.ZONE.equals(r.key()) || Labels.CAPACITY_TYPE.equals(r.key())) {
                    for (Offering o : t.availableOfferings(reqs)) {
                        values.add(Labels.ZONE.equals(r.key()) ? o.zone() : o.capacityType());
                    }
                } else {
                    String v = t.labels().get(r.key());
                    if (v != null && r.has(v)) {
                        values.add(v);
                    }
                }
            }
            if (values.size() < r.minValues()) {
                return Reason.MIN_VALUES_NOT_MET.format(poolName(), r.key(), r.minValues(), values.size());
            }
        }
        return null;
    }

    /** Restores the claim's state as of now (for rollback). */
    Runnable snapshot() {
        Requirements requirementsBefore = requirements;
        int[] optionsBefore = options;
        ResourceList requestsBefore = requests;
        int podsBefore = pods.size();
        int portsBefore = ports.size();
        ResourceList ceilingBefore = ceiling;
        Requirements compatibleForBefore = compatibleFor;
        boolean[] compatibleCachedBefore = compatibleCached;
        return () -> {
            requirements = requirementsBefore;
            options = optionsBefore;
            requests = requestsBefore;
            pods.subList(podsBefore, pods.size()).clear();
            ports.subList(portsBefore, ports.size()).clear();
            ceiling = ceilingBefore;
            compatibleFor = compatibleForBefore;
            compatibleCached = compatibleCachedBefore;
        };
    }

    String name() {
        return Scheduler.claimName(template.pool.name(), seq);
    }

    void commit(SchedulingPod pod, Attempt a) {
        requirements = a.requirements;
        boolean sameOptions = a.options.length == options.length && ceiling != null; // a subset of the same size
        options = a.options;
        requests = requests.plus(pod.requests());
        pods.add(pod);
        ports.addAll(pod.hostPorts());
        if (!sameOptions) {
            ceiling = ResourceList.maxOf(template.room, options);
        }
        scheduler.topology.record(pod, requirements, template.pool.taints());
    }

    /**
     * The cheapest {@code max} of the claim's types, in price order; when requirements carry minValues, the
     * cheapest type of each needed distinct value is kept first so that the truncated list still meets them.
     */
    private List<Integer> truncate(int[] priceOrder, boolean[] mine, Requirements reqs, int max) {
        java.util.LinkedHashSet<Integer> keep = new java.util.LinkedHashSet<>();
        if (template.hasMinValues) {
            for (Requirement r : reqs.all()) {
                if (r.minValues() == null || Labels.ZONE.equals(r.key()) || Labels.CAPACITY_TYPE.equals(r.key())) {
                    continue;
                }
                Set<String> seen = new HashSet<>();
                for (int i : priceOrder) {
                    String v = mine[i] ? template.types[i].labels().get(r.key()) : null;
                    if (v != null && seen.size() < r.minValues() && seen.add(v)) {
                        keep.add(i);
                    }
                }
            }
        }
        for (int i : priceOrder) {
            if (keep.size() >= max) {
                break;
            }
            if (mine[i]) {
                keep.add(i);
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i : priceOrder) {
            if (keep.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    PlannedNodeClaim finish() {
        Requirements reqs = requirements.copy().remove(Labels.HOSTNAME);
        Template.PriceOrder order = template.priceOrder(reqs);
        boolean[] mine = new boolean[template.types.length];
        for (int i : options) {
            mine[i] = true;
        }
        List<Integer> sorted = truncate(order.order(), mine, reqs, scheduler.options.maxInstanceTypes());
        Map<Integer, Offering> cheapest = new HashMap<>();
        for (int i : sorted) {
            cheapest.put(i, order.cheapest()[i]);
        }
        List<InstanceType> types = new ArrayList<>();
        Set<String> zones = new TreeSet<>();
        Set<String> capacityTypes = new TreeSet<>();
        for (int i : sorted) {
            types.add(template.types[i]);
            for (Offering o : template.types[i].availableOfferings(reqs)) {
                zones.add(o.zone());
                capacityTypes.add(o.capacityType());
            }
        }
        int first = sorted.get(0);
        Offering offering = cheapest.get(first);
        Map<String, String> labels = new TreeMap<>(template.pool.labels());
        for (Requirement r : reqs.all()) {
            String v = r.single();
            if (v == null && r.operator() == Operator.In && !scheduler.wellKnown.contains(r.key())) {
                v = r.any();
            }
            if (v != null && !Labels.isRestrictedForPods(r.key()) || Labels.NODEPOOL.equals(r.key()) && v != null) {
                labels.put(r.key(), v);
            }
        }
        return new PlannedNodeClaim(name(), template.pool.name(), types,
                template.types[first], offering, new ArrayList<>(zones), new ArrayList<>(capacityTypes), labels,
                template.pool.taints(), template.pool.startupTaints(), reqs, requests, template.overhead[first],
                List.copyOf(pods));
    }
}
