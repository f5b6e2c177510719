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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A NodePool prepared for this solve: requirements, compatible instance types and their daemon overhead. */
final class Template {
    final NodePoolTemplate pool;
    final Requirements requirements;
    final InstanceType[] types;
    final int[] all;
    final ResourceList[] overhead;
    /** allocatable − daemon overhead, per type. */
    final ResourceList[] room;
    final ResourceList[] capacity;
    final long[] roomCpu;
    final long[] roomMemory;
    final long[] roomPods;
    final long[] roomEphemeral;
    final boolean[] roomHasExtended;
    /** Per offering requirements (zone, capacity type): types ordered by their cheapest compatible offering. */
    private final Map<Requirements, PriceOrder> priceOrders = new HashMap<>();
    final List<List<HostPort>> daemonPorts;
    final boolean hasMinValues;
    /** Keys any instance type's requirements constrain: only these decide type compatibility. */
    final Set<String> typeKeys = new HashSet<>();
    private final Map<Requirements, boolean[]> compatibleCache = new HashMap<>();
    private final ResourceList maxCapacity;

    Template(NodePoolTemplate pool, List<SchedulingPod> daemonSets, Set<String> wellKnown) {
        this.pool = pool;
        Requirements reqs = pool.requirements().copy();
        pool.labels().forEach((k, v) -> reqs.add(Requirement.in(k, v)));
        reqs.add(Requirement.in(Labels.NODEPOOL, pool.name()));
        if (pool.nodeClassName() != null) {
            reqs.add(Requirement.in(Labels.NODECLASS, pool.nodeClassName()));
        }
        List<InstanceType> compatible = new ArrayList<>();
        Set<String> zones = new TreeSet<>();
        Set<String> capacityTypes = new TreeSet<>();
        for (InstanceType t : pool.instanceTypes()) {
            if (!t.requirements().intersects(reqs)) {
                continue;
            }
            List<Offering> offers = t.availableOfferings(reqs);
            if (offers.isEmpty()) {
                continue;
            }
            compatible.add(t);
            for (Offering o : offers) {
                zones.add(o.zone());
                capacityTypes.add(o.capacityType());
            }
        }
        if (!zones.isEmpty()) {
            reqs.add(Requirement.of(Labels.ZONE, Operator.In, zones));
            reqs.add(Requirement.of(Labels.CAPACITY_TYPE, Operator.In, capacityTypes));
        }
        this.requirements = reqs;
        this.types = compatible.toArray(new InstanceType[0]);
        this.all = new int[types.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        this.overhead = new ResourceList[types.length];
        this.room = new ResourceList[types.length];
        this.capacity = new ResourceList[types.length];
        for (int i = 0; i < types.length; i++) {
            capacity[i] = types[i].capacity();
        }
        this.daemonPorts = new ArrayList<>();
        boolean minValues = false;
        for (Requirement r : reqs.all()) {
            minValues |= r.minValues() != null;
        }
        this.hasMinValues = minValues;
        ResourceList maxCap = ResourceList.EMPTY;
        for (InstanceType t : types) {
            typeKeys.addAll(t.requirements().keys());
            maxCap = maxCap.max(t.capacity());
        }
        this.maxCapacity = maxCap;
        List<SchedulingPod> daemons = new ArrayList<>();
        for (SchedulingPod ds : daemonSets) {
            if (Toleration.firstUntolerated(ExistingNodeSlot.withoutPreferNoSchedule(pool.taints()), ds.tolerations()) != null) {
                continue;
            }
            if (daemonCompatible(ds, reqs, wellKnown) != null) {
                daemons.add(ds);
            }
        }
        for (int i = 0; i < types.length; i++) {
            ResourceList sum = ResourceList.EMPTY;
            List<HostPort> ports = new ArrayList<>();
            for (SchedulingPod ds : daemons) {
                Requirements dsReqs = daemonCompatible(ds, reqs, wellKnown);
                if (dsReqs != null && types[i].requirements().intersects(dsReqs)) {
                    sum = sum.plus(ds.requests());
                    ports.addAll(ds.hostPorts());
                }
            }
            overhead[i] = sum;
            room[i] = types[i].allocatable().minus(sum);
            daemonPorts.add(ports);
        }
        this.roomCpu = new long[types.length];
        this.roomMemory = new long[types.length];
        this.roomPods = new long[types.length];
        this.roomEphemeral = new long[types.length];
        this.roomHasExtended = new boolean[types.length];
        for (int i = 0; i < types.length; i++) {
            roomCpu[i] = room[i].cpuMilli();
            roomMemory[i] = room[i].memoryMilli();
            roomPods[i] = room[i].podsMilli();
            roomEphemeral[i] = room[i].ephemeralStorageMilli();
            roomHasExtended[i] = room[i].hasExtended();
        }
    }

    /** The daemon's requirements (first compatible required term) if it can run on this template, else null. */
    private static Requirements daemonCompatible(SchedulingPod ds, Requirements reqs, Set<String> wellKnown) {
        List<Requirements> alternatives = new ArrayList<>();
        if (ds.requiredTerms() == null || ds.requiredTerms().isEmpty()) {
            alternatives.add(ds.strictRequirements());
        } else {
            for (Requirements term : ds.requiredTerms()) {
                Requirements r = new Requirements();
                ds.nodeSelector().forEach((k, v) -> r.add(Requirement.in(k, v)));
                alternatives.add(r.addAll(term));
            }
        }
        for (Requirements alt : alternatives) {
            if (reqs.compatible(alt, wellKnown)) {
                return alt;
            }
        }
        return null;
    }

    /** Types ordered by their cheapest offering compatible with the zone / capacity-type requirements. */
    PriceOrder priceOrder(Requirements reqs) {
        Requirements key = reqs.restrictedTo(OFFERING_KEYS);
        PriceOrder order = priceOrders.get(key);
        if (order == null) {
            Offering[] cheapest = new Offering[types.length];
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < types.length; i++) {
                cheapest[i] = types[i].cheapestOffering(key);
                if (cheapest[i] != null) {
                    idx.add(i);
                }
            }
            idx.sort(Comparator.comparingDouble((Integer i) -> cheapest[i].price())
                    .thenComparing(i -> types[i].name()));
            order = new PriceOrder(idx.stream().mapToInt(Integer::intValue).toArray(), cheapest);
            priceOrders.put(key, order);
        }
        return order;
    }

    /** Which types satisfy the requirements and have an available offering for them (cached per requirements). */
    boolean[] compatibleTypes(Requirements reqs) {
        Requirements key = reqs.restrictedTo(typeKeys);
        boolean[] out = compatibleCache.get(key);
        if (out == null) {
            out = new boolean[types.length];
            for (int i = 0; i < types.length; i++) {
                out[i] = types[i].requirements().intersects(key) && types[i].hasAvailableOffering(key);
            }
            compatibleCache.put(key, out);
        }
        return out;
    }

    /** Why no candidate type is compatible: labels, or offerings. */
    ReasonMessage noTypeReason(Requirements reqs, int[] candidates) {
        for (int i : candidates) {
            if (types[i].requirements().intersects(reqs)) {
                return Reason.ALL_OFFERINGS_UNAVAILABLE.format(pool.name(), "zones " + reqs.get(Labels.ZONE)
                        + ", capacity types " + reqs.get(Labels.CAPACITY_TYPE));
            }
        }
        // name the requirements no candidate type meets on its own (else the whole combination)
        List<String> blocking = new ArrayList<>();
        for (Requirement r : reqs.all()) {
            boolean any = false;
            Requirements one = Requirements.of(r);
            for (int i : candidates) {
                if (types[i].requirements().intersects(one)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                blocking.add(r.toString());
            }
        }
        java.util.Collections.sort(blocking);
        return Reason.NO_INSTANCE_TYPE_MATCHES.format(pool.name(),
                blocking.isEmpty() ? "the combination " + reqs : String.join(", ", blocking));
    }

    int[] withinLimits(ResourceList left) {
        if (left == null || !maxCapacity.anyExceeds(left)) {
            return all;
        }
        Map<String, Long> limited = left.asMilliMap();
        int[] out = new int[types.length];
        int n = 0;
        for (int i = 0; i < types.length; i++) {
            boolean ok = true;
            for (Map.Entry<String, Long> e : limited.entrySet()) {
                if (types[i].capacity().milli(e.getKey()) > e.getValue()) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                out[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    void addDomains(Domains universe) {
        List<Taint> taints = pool.taints();
        for (InstanceType t : types) {
            for (Offering o : t.availableOfferings(requirements)) {
                universe.insert(Labels.ZONE, o.zone(), taints);
                universe.insert(Labels.CAPACITY_TYPE, o.capacityType(), taints);
            }
            for (Map.Entry<String, String> l : t.labels().entrySet()) {
                if (requirements.get(l.getKey()).has(l.getValue())) {
                    universe.insert(l.getKey(), l.getValue(), taints);
                }
            }
        }
        // Karpenter's buildDomainGroups: every In value of the NodePool's requirements (and template labels) is a
        // domain, zones and capacity types included, even when no instance type of the pool offers it
        for (Requirement r : requirements.all()) {
            if (r.operator() == Operator.In) {
                for (String v : r.values()) {
                    universe.insert(r.key(), v, taints);
                }
            }
        }
    }

    private static final Set<String> OFFERING_KEYS = Set.of(Labels.ZONE, Labels.CAPACITY_TYPE);

    /** Type indexes by ascending cheapest offering, and that offering per type (null: none). */
    record PriceOrder(int[] order, Offering[] cheapest) {
    }
}
