package io.kafkarpenter.model.instancetypes;

import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An instance type as the scheduler sees it: its labels as requirements (including zone and capacity type from
 * its available offerings), capacity, allocatable and offerings. Immutable.
 */
public final class InstanceType {

    private final String name;
    private final Map<String, String> labels;
    private final Requirements requirements;
    private final ResourceList capacity;
    private final ResourceList allocatable;
    private final List<Offering> offerings;

    public InstanceType(String name, Map<String, String> labels, ResourceList capacity, ResourceList allocatable,
            List<Offering> offerings) {
        this.name = name;
        TreeMap<String, String> all = new TreeMap<>(labels);
        all.put(Labels.INSTANCE_TYPE, name);
        this.labels = java.util.Collections.unmodifiableMap(all);
        this.capacity = capacity;
        this.allocatable = allocatable;
        this.offerings = List.copyOf(offerings);
        Requirements reqs = Requirements.fromLabels(all);
        Set<String> zones = new LinkedHashSet<>();
        Set<String> capacityTypes = new LinkedHashSet<>();
        for (Offering o : this.offerings) {
            if (o.available()) {
                zones.add(o.zone());
                capacityTypes.add(o.capacityType());
            }
        }
        reqs.put(zones.isEmpty() ? Requirement.doesNotExist(Labels.ZONE)
                : Requirement.of(Labels.ZONE, Operator.In, zones));
        reqs.put(capacityTypes.isEmpty() ? Requirement.doesNotExist(Labels.CAPACITY_TYPE)
                : Requirement.of(Labels.CAPACITY_TYPE, Operator.In, capacityTypes));
        this.requirements = reqs;
    }

    public String name() {
        return name;
    }

    /** The type's own labels (without zone / capacity type), including the instance-type label. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Shared: never narrow it in place. */
    public Requirements requirements() {
        return requirements;
    }

    public ResourceList capacity() {
        return capacity;
    }

    public ResourceList allocatable() {
        return allocatable;
    }

    public List<Offering> offerings() {
        return offerings;
    }

    /** This type with some offerings marked unavailable (e.g. insufficient capacity). */
    public InstanceType withOfferings(List<Offering> replaced) {
        return new InstanceType(name, labels, capacity, allocatable, replaced);
    }

    /** Whether an offering's zone and capacity type satisfy the requirements (absent keys allow anything). */
    public static boolean offeringCompatible(Offering o, Requirements reqs) {
        Requirement zone = reqs.find(Labels.ZONE);
        if (zone != null && !zone.has(o.zone())) {
            return false;
        }
        Requirement ct = reqs.find(Labels.CAPACITY_TYPE);
        return ct == null || ct.has(o.capacityType());
    }

    /** Available offerings compatible with the requirements. */
    public List<Offering> availableOfferings(Requirements reqs) {
        List<Offering> out = new ArrayList<>();
        for (Offering o : offerings) {
            if (o.available() && offeringCompatible(o, reqs)) {
                out.add(o);
            }
        }
        return out;
    }

    public boolean hasAvailableOffering(Requirements reqs) {
        for (Offering o : offerings) {
            if (o.available() && offeringCompatible(o, reqs)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The cheapest available offering compatible with the requirements; on equal price spot wins (Karpenter launches
     * spot when a claim allows it), then the zone name decides. Null when there is none.
     */
    public Offering cheapestOffering(Requirements reqs) {
        Offering best = null;
        for (Offering o : offerings) {
            if (!o.available() || !offeringCompatible(o, reqs)) {
                continue;
            }
            if (best == null || o.price() < best.price()
                    || (o.price() == best.price() && preferred(o, best))) {
                best = o;
            }
        }
        return best;
    }

    private static boolean preferred(Offering a, Offering b) {
        boolean aSpot = Labels.CAPACITY_TYPE_SPOT.equals(a.capacityType());
        boolean bSpot = Labels.CAPACITY_TYPE_SPOT.equals(b.capacityType());
        if (aSpot != bSpot) {
            return aSpot;
        }
        return a.zone().compareTo(b.zone()) < 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
