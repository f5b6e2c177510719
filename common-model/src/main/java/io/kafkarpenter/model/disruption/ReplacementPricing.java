package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Karpenter's price rules for a consolidation replacement (karpenter-core reference §5.7, §5.8): keep only instance
 * types whose worst-case launch price is strictly below what the replaced nodes cost; replacing spot with spot needs
 * the SpotToSpotConsolidation gate (and, for one node, at least 15 cheaper types, truncated to 15); a replacement that
 * could be spot or on-demand is restricted to spot (its price was judged as spot); a multi-node replacement may not
 * be a type one of the nodes already is, at that node's price or more.
 */
final class ReplacementPricing {

    /** MinInstanceTypesForSpotToSpotConsolidation. */
    static final int SPOT_TO_SPOT_MIN_TYPES = 15;
    private static final List<String> LAUNCH_PRECEDENCE = List.of(Labels.CAPACITY_TYPE_RESERVED,
            Labels.CAPACITY_TYPE_SPOT, Labels.CAPACITY_TYPE_ON_DEMAND);

    /** A priced replacement, or why there is none. */
    record Priced(PlannedNodeClaim claim, ReasonMessage failure) {
        boolean ok() {
            return claim != null;
        }
    }

    private ReplacementPricing() {
    }

    /**
     * The most expensive available offering compatible with the requirements, of the first capacity type present in
     * the order reserved, spot, on-demand (what a launch may cost at worst); +∞ when none.
     */
    static double worstLaunchPrice(InstanceType t, Requirements reqs) {
        for (String ct : LAUNCH_PRECEDENCE) {
            double worst = -1;
            for (Offering o : t.availableOfferings(reqs)) {
                if (o.capacityType().equals(ct)) {
                    worst = Math.max(worst, o.price());
                }
            }
            if (worst >= 0) {
                return worst;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Applies the consolidation price rules to the single replacement of these nodes.
     *
     * @param threshold  what the replacement must cost less than (the replaced nodes' prices)
     * @param singleNode single-node consolidation (spot-to-spot needs 15 cheaper types there)
     */
    static Priced consolidation(PlannedNodeClaim claim, List<Candidate> nodes, double threshold, boolean spotToSpot,
            boolean singleNode) {
        Requirements reqs = claim.requirements().copy();
        boolean allSpot = nodes.stream().allMatch(Candidate::spot);
        if (allSpot && reqs.get(Labels.CAPACITY_TYPE).has(Labels.CAPACITY_TYPE_SPOT)) {
            if (!spotToSpot) {
                return new Priced(null, Reason.SPOT_TO_SPOT_DISABLED.format());
            }
            reqs.put(Requirement.in(Labels.CAPACITY_TYPE, Labels.CAPACITY_TYPE_SPOT));
            List<InstanceType> cheaper = cheaperThan(claim.instanceTypes(), reqs, threshold);
            if (cheaper.isEmpty() || !meetsMinValues(cheaper, reqs)) {
                return new Priced(null, Reason.NO_CHEAPER_REPLACEMENT.format());
            }
            if (singleNode) {
                if (cheaper.size() < SPOT_TO_SPOT_MIN_TYPES) {
                    return new Priced(null, Reason.SPOT_TO_SPOT_TOO_FEW_TYPES.format(SPOT_TO_SPOT_MIN_TYPES,
                            cheaper.size()));
                }
                int keep = Math.max(SPOT_TO_SPOT_MIN_TYPES, minValuesPrefix(cheaper, reqs));
                cheaper = cheaper.subList(0, Math.min(keep, cheaper.size()));
            }
            return restricted(claim, cheaper, reqs);
        }
        List<InstanceType> cheaper = cheaperThan(claim.instanceTypes(), reqs, threshold);
        if (cheaper.isEmpty() || !meetsMinValues(cheaper, reqs)) {
            return new Priced(null, Reason.NO_CHEAPER_REPLACEMENT.format());
        }
        Requirement ct = reqs.get(Labels.CAPACITY_TYPE);
        if (ct.has(Labels.CAPACITY_TYPE_SPOT) && ct.has(Labels.CAPACITY_TYPE_ON_DEMAND)) {
            // judged by its spot price: launch spot or nothing, never a dearer on-demand node
            reqs.put(Requirement.in(Labels.CAPACITY_TYPE, Labels.CAPACITY_TYPE_SPOT));
        }
        return restricted(claim, cheaper, reqs);
    }

    private static Priced restricted(PlannedNodeClaim claim, List<InstanceType> types, Requirements reqs) {
        PlannedNodeClaim out = restrict(claim, types, reqs);
        return out == null ? new Priced(null, Reason.NO_CHEAPER_REPLACEMENT.format()) : new Priced(out, null);
    }

    private static List<InstanceType> cheaperThan(List<InstanceType> options, Requirements reqs, double threshold) {
        List<InstanceType> out = new ArrayList<>();
        for (InstanceType t : options) {
            if (worstLaunchPrice(t, reqs) < threshold) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Multi-node: no replacement type that one of the nodes already is, at that node's price or more (deleting the
     * other nodes would do, with less disruption).
     */
    static List<InstanceType> withoutSameType(List<InstanceType> options, List<Candidate> nodes) {
        double maxPrice = Double.MAX_VALUE;
        Set<String> optionNames = new HashSet<>();
        for (InstanceType t : options) {
            optionNames.add(t.name());
        }
        for (Candidate c : nodes) {
            if (c.node.instanceType() != null && optionNames.contains(c.node.instanceType())) {
                maxPrice = Math.min(maxPrice, c.price);
            }
        }
        List<InstanceType> out = new ArrayList<>();
        for (InstanceType t : options) {
            Offering cheapest = t.cheapestOffering(new Requirements());
            if (cheapest != null && cheapest.price() < maxPrice) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The claim with only these types, under these requirements: types without an available compatible offering are
     * dropped, the rest re-ordered by their cheapest offering; the claim's offering, zones and capacity types follow.
     * Null when no type is left.
     */
    static PlannedNodeClaim restrict(PlannedNodeClaim claim, List<InstanceType> types, Requirements reqs) {
        List<InstanceType> kept = new ArrayList<>();
        for (InstanceType t : types) {
            if (t.cheapestOffering(reqs) != null) {
                kept.add(t);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        kept.sort(Comparator.comparingDouble((InstanceType t) -> t.cheapestOffering(reqs).price())
                .thenComparing(InstanceType::name));
        Set<String> zones = new TreeSet<>();
        Set<String> capacityTypes = new TreeSet<>();
        for (InstanceType t : kept) {
            for (Offering o : t.availableOfferings(reqs)) {
                zones.add(o.zone());
                capacityTypes.add(o.capacityType());
            }
        }
        Map<String, String> labels = new TreeMap<>(claim.labels());
        String ct = reqs.get(Labels.CAPACITY_TYPE).single();
        if (ct != null && labels.containsKey(Labels.CAPACITY_TYPE)) {
            labels.put(Labels.CAPACITY_TYPE, ct);
        }
        InstanceType first = kept.get(0);
        return new PlannedNodeClaim(claim.name(), claim.nodePool(), kept, first, first.cheapestOffering(reqs),
                new ArrayList<>(zones), new ArrayList<>(capacityTypes), labels, claim.taints(), claim.startupTaints(),
                reqs, claim.requests(), claim.daemonOverhead(), claim.pods());
    }

    /** Every requirement with minValues still has that many distinct values among the types. */
    static boolean meetsMinValues(List<InstanceType> types, Requirements reqs) {
        return minValuesPrefix(types, reqs) >= 0;
    }

    /** How many of the (price-ordered) types minValues needs; 0 without minValues, -1 when all of them fall short. */
    private static int minValuesPrefix(List<InstanceType> types, Requirements reqs) {
        int needed = 0;
        for (Requirement r : reqs.all()) {
            if (r.minValues() == null || r.operator() == Operator.DoesNotExist) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            int i = 0;
            for (; i < types.size() && seen.size() < r.minValues(); i++) {
                InstanceType t = types.get(i);
                if (Labels.ZONE.equals(r.key()) || Labels.CAPACITY_TYPE.equals(r.key())) {
                    for (Offering o : t.availableOfferings(reqs)) {
                        seen.add(Labels.ZONE.equals(r.key()) ? o.zone() : o.capacityType());
                    }
                } else {
                    String v = t.labels().get(r.key());
                    if (v != null && r.has(v)) {
                        seen.add(v);
                    }
                }
            }
            if (seen.size() < r.minValues()) {
                return -1;
            }
            needed = Math.max(needed, i);
        }
        return needed;
    }

    static double round(double price) {
        return BigDecimal.valueOf(price).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().doubleValue();
    }
}
