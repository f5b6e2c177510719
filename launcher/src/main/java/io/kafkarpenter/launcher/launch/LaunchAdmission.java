package io.kafkarpenter.launcher.launch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.kafkarpenter.model.crd.NodeClassReference;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.NodeSelectorRequirementWithMinValues;
import io.kafkarpenter.model.crd.TemplateMetadata;
import io.kafkarpenter.model.events.InstanceTypeOption;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimRequirement;
import io.kafkarpenter.model.events.OfferingOption;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.pods.TaintSpec;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.launcher.ec2.InstanceTypeCatalog;

/**
 * Re-validates a launch request against the live NodePool (no I/O): the request must come from that NodePool's
 * template (same nodeClassRef, taints, startup taints and template labels), every instance type it names must be
 * known, and every offering (type × zone × capacity type) must satisfy the NodePool's requirements. A request that
 * breaks any rule is refused as a whole — it was forged or made from a NodePool that has changed since — so nothing
 * is launched for it. Otherwise the available offerings that also satisfy the request's own requirements are the
 * launch candidates, cheapest first.
 */
public final class LaunchAdmission {

    /** One offering the launch may use. */
    public record Candidate(String instanceType, String zone, String capacityType, double price, InstanceType type) {
        public String key() {
            return instanceType + "/" + zone + "/" + capacityType;
        }
    }

    /** The verdict: candidates, or a refusal with its reason. */
    public record Verdict(List<Candidate> candidates, ReasonMessage refusal) {
        static Verdict refused(Reason reason, Object... args) {
            return new Verdict(List.of(), reason.format(args));
        }

        public boolean admitted() {
            return refusal == null;
        }
    }

    private LaunchAdmission() {
    }

    public static Verdict check(NodeClaimLaunch launch, NodePool pool, InstanceTypeCatalog catalog) {
        String poolName = pool.getMetadata().getName();
        var template = pool.getSpec().getTemplate();
        var spec = template.getSpec();

        NodeClassReference ref = spec.getNodeClassRef();
        if (ref == null || !launch.nodeClassRef().name().equals(ref.getName())
            || !launch.nodeClassRef().kind().equals(ref.getKind()) || !launch.nodeClassRef().group().equals(ref.getGroup())) {
            return Verdict.refused(Reason.INCOMPATIBLE_REQUIREMENTS, poolName, "nodeClassRef "
                + launch.nodeClassRef().kind() + "/" + launch.nodeClassRef().name() + " is not the NodePool's "
                + (ref == null ? "(none)" : ref.getKind() + "/" + ref.getName()));
        }
        String taintProblem = taintMismatch("taints", launch.taints(), spec.getTaints());
        if (taintProblem == null) {
            taintProblem = taintMismatch("startupTaints", launch.startupTaints(), spec.getStartupTaints());
        }
        if (taintProblem != null) {
            return Verdict.refused(Reason.INCOMPATIBLE_REQUIREMENTS, poolName, taintProblem);
        }
        Map<String, String> templateLabels = Optional.ofNullable(template.getMetadata())
            .map(TemplateMetadata::getLabels).orElse(Map.of());
        for (var label : templateLabels.entrySet()) {
            String requested = launch.labels().get(label.getKey());
            if (requested != null && !requested.equals(label.getValue())) {
                return Verdict.refused(Reason.INCOMPATIBLE_REQUIREMENTS, poolName, "label " + label.getKey() + "="
                    + requested + " conflicts with the NodePool's " + label.getValue());
            }
        }

        Requirements poolRequirements = poolRequirements(pool);
        Requirements launchRequirements = fromEvent(launch.requirements());
        String conflict = poolRequirements.intersectsError(launchRequirements);
        if (conflict != null) {
            return Verdict.refused(Reason.INCOMPATIBLE_REQUIREMENTS, poolName, conflict);
        }

        Map<String, String> nodeLabels = new HashMap<>(launch.labels());
        nodeLabels.putAll(templateLabels);
        nodeLabels.put(Labels.NODEPOOL, poolName);
        List<Candidate> candidates = new ArrayList<>();
        for (InstanceTypeOption option : launch.instanceTypes()) {
            Optional<InstanceType> type = catalog.find(option.name());
            if (type.isEmpty()) {
                return Verdict.refused(Reason.NO_INSTANCE_TYPE_MATCHES, poolName, "unknown instance type " + option.name());
            }
            for (OfferingOption offering : option.offerings()) {
                Map<String, String> labels = new HashMap<>(nodeLabels);
                labels.putAll(type.get().labels());
                labels.put(Labels.ZONE, offering.zone());
                labels.put(Labels.CAPACITY_TYPE, offering.capacityType());
                String violated = violated(poolRequirements, labels, type.get().labels().keySet());
                if (violated != null) {
                    return Verdict.refused(Reason.INCOMPATIBLE_REQUIREMENTS, poolName, "offering " + option.name() + " in "
                        + offering.zone() + " (" + offering.capacityType() + ") violates " + violated);
                }
                if (offering.available() && violated(launchRequirements, labels, type.get().labels().keySet()) == null) {
                    candidates.add(new Candidate(option.name(), offering.zone(), offering.capacityType(), offering.price(),
                        type.get()));
                }
            }
        }
        if (candidates.isEmpty()) {
            return Verdict.refused(Reason.ALL_OFFERINGS_UNAVAILABLE, poolName, "no available offering in the request");
        }
        candidates.sort((a, b) -> Double.compare(a.price(), b.price()));
        return new Verdict(List.copyOf(candidates), null);
    }

    /** The NodePool's requirements plus {@code karpenter.sh/nodepool In [name]}. */
    public static Requirements poolRequirements(NodePool pool) {
        Requirements out = new Requirements();
        List<NodeSelectorRequirementWithMinValues> reqs = pool.getSpec().getTemplate().getSpec().getRequirements();
        for (NodeSelectorRequirementWithMinValues r : reqs == null ? List.<NodeSelectorRequirementWithMinValues>of() : reqs) {
            out.add(Requirement.of(r.getKey(), Operator.parse(r.getOperator()),
                r.getValues() == null ? List.of() : r.getValues(), r.getMinValues()));
        }
        out.add(Requirement.in(Labels.NODEPOOL, pool.getMetadata().getName()));
        return out;
    }

    public static Requirements fromEvent(Collection<NodeClaimRequirement> requirements) {
        Requirements out = new Requirements();
        for (NodeClaimRequirement r : requirements) {
            out.add(Requirement.of(r.key(), Operator.parse(r.operator()), r.values(), r.minValues()));
        }
        return out;
    }

    /**
     * The first requirement the offering's labels break, or null. Keys the offering defines (the instance type's
     * labels, zone, capacity type, NodePool, the request's labels) are checked; a key it does not define (a custom
     * label with several allowed values) was already checked by intersecting the request's requirements.
     */
    private static String violated(Requirements requirements, Map<String, String> labels, Set<String> typeKeys) {
        for (Requirement r : requirements.all()) {
            String value = labels.get(r.key());
            boolean defined = value != null || typeKeys.contains(r.key()) || wellKnown(r.key());
            if (!defined) {
                continue;
            }
            if (!Requirements.of(r).matchesLabels(labels)) {
                return r.toString();
            }
        }
        return null;
    }

    private static boolean wellKnown(String key) {
        return key.equals(Labels.ZONE) || key.equals(Labels.CAPACITY_TYPE) || key.equals(Labels.INSTANCE_TYPE)
            || key.equals(Labels.ARCH) || key.equals(Labels.OS) || key.startsWith(Labels.AWS_PREFIX);
    }

    private static String taintMismatch(String field, List<TaintSpec> requested,
                                        List<io.fabric8.kubernetes.api.model.Taint> template) {
        Set<String> want = new LinkedHashSet<>();
        for (var t : template == null ? List.<io.fabric8.kubernetes.api.model.Taint>of() : template) {
            want.add(t.getKey() + "=" + Objects.toString(t.getValue(), "") + ":" + t.getEffect());
        }
        Set<String> got = new HashSet<>();
        for (TaintSpec t : requested) {
            got.add(t.key() + "=" + Objects.toString(t.value(), "") + ":" + t.effect());
        }
        if (!got.equals(want)) {
            return field + " " + got + " differ from the NodePool template's " + want;
        }
        return null;
    }
}
