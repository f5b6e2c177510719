package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.pods.ContainerResources;
import io.kafkarpenter.model.pods.FieldException;
import io.kafkarpenter.model.pods.HostPortSpec;
import io.kafkarpenter.model.pods.LabelSelectorRequirement;
import io.kafkarpenter.model.pods.LabelSelectorSpec;
import io.kafkarpenter.model.pods.NodeSelectorRequirement;
import io.kafkarpenter.model.pods.NodeSelectorTerm;
import io.kafkarpenter.model.pods.PodAffinityTermSpec;
import io.kafkarpenter.model.pods.PodSchedulingView;
import io.kafkarpenter.model.pods.PreferredSchedulingTerm;
import io.kafkarpenter.model.pods.TolerationSpec;
import io.kafkarpenter.model.pods.TopologySpreadConstraint;
import io.kafkarpenter.model.pods.VolumeClaim;
import io.kafkarpenter.model.pods.WeightedPodAffinityTerm;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.PodRequests;
import io.kafkarpenter.model.resources.Quantity;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Builds the scheduler's {@link SchedulingPod} from the shared {@link PodSchedulingView} contract: quantities are
 * parsed once, node selection becomes requirements, effective requests are computed. A bad value is a
 * {@link FieldException} naming the field (e.g. {@code containers[0].resources.requests.cpu}).
 */
public final class SchedulingPods {

    private SchedulingPods() {
    }

    /** A pending (or bound, when {@code terminal}/{@code daemonSet} say so) pod. */
    public static SchedulingPod from(PodSchedulingView v) {
        return builder(v).build();
    }

    /** A builder pre-filled from the view (for callers that add facts the view does not carry). */
    public static SchedulingPod.Builder builder(PodSchedulingView v) {
        SchedulingPod.Builder b = SchedulingPod.builder(v.namespace(), v.name())
                .uid(v.uid())
                .labels(v.labels())
                .requests(requests(v))
                .nodeSelector(v.nodeSelector())
                .creationOrder(v.createdAt().getEpochSecond() * 1_000_000_000L + v.createdAt().getNano());
        if (v.owner() != null && "DaemonSet".equals(v.owner().kind())) {
            b.daemonSet(v.namespace() + "/" + v.owner().name());
        }
        for (TolerationSpec t : v.tolerations()) {
            b.toleration(new Toleration(t.key(), t.operator(), t.value(), t.effect()));
        }
        if (!v.nodeAffinity().required().isEmpty()) {
            List<Requirements> terms = new ArrayList<>();
            boolean matchFields = false;
            int i = 0;
            for (NodeSelectorTerm t : v.nodeAffinity().required()) {
                terms.add(requirements(t, "nodeAffinity.required[" + i++ + "]"));
                matchFields |= !t.matchFields().isEmpty();
            }
            b.requiredTerms(terms).usesMatchFields(matchFields);
        }
        int i = 0;
        for (PreferredSchedulingTerm t : v.nodeAffinity().preferred()) {
            b.preferredTerm(t.weight(), requirements(t.preference(), "nodeAffinity.preferred[" + i++ + "].preference"));
        }
        for (TopologySpreadConstraint c : v.topologySpreadConstraints()) {
            b.spread(new SpreadConstraint(c.topologyKey(), c.maxSkew(), c.isHard(), selector(c.labelSelector()),
                    c.minDomains(), !"Ignore".equals(c.nodeAffinityPolicy()), "Honor".equals(c.nodeTaintsPolicy()),
                    c.matchLabelKeys()));
        }
        for (PodAffinityTermSpec t : v.podAffinity().required()) {
            b.requiredAffinity(term(t, 0));
        }
        for (WeightedPodAffinityTerm t : v.podAffinity().preferred()) {
            b.preferredAffinity(term(t.podAffinityTerm(), t.weight()));
        }
        for (PodAffinityTermSpec t : v.podAntiAffinity().required()) {
            b.requiredAntiAffinity(term(t, 0));
        }
        for (WeightedPodAffinityTerm t : v.podAntiAffinity().preferred()) {
            b.preferredAntiAffinity(term(t.podAffinityTerm(), t.weight()));
        }
        for (HostPortSpec p : v.hostPorts()) {
            b.hostPort(new HostPort(p.protocol(), p.hostIP(), p.port()));
        }
        b.volumeAlternatives(volumeAlternatives(v.volumeClaims()));
        if (!v.resourceClaims().isEmpty()) {
            b.ignoredBecause(v.resourceClaims().toString()); // DRA claims: Karpenter skips such pods by default
        }
        return b;
    }

    /** Cross product of the claims' topology terms, keeping compatible combinations (all when none is). */
    static List<Requirements> volumeAlternatives(List<VolumeClaim> claims) {
        List<Requirements> alternatives = new ArrayList<>();
        alternatives.add(new Requirements());
        for (VolumeClaim c : claims) {
            if (c.topology().isEmpty()) {
                continue;
            }
            List<Requirements> mine = new ArrayList<>();
            int i = 0;
            for (NodeSelectorTerm t : c.topology()) {
                mine.add(requirements(t, "volumeClaims[" + c.claimName() + "].topology[" + i++ + "]"));
            }
            List<Requirements> compatible = new ArrayList<>();
            List<Requirements> all = new ArrayList<>();
            for (Requirements a : alternatives) {
                for (Requirements m : mine) {
                    Requirements both = a.copy().addAll(m);
                    all.add(both);
                    if (a.intersects(m)) {
                        compatible.add(both);
                    }
                }
            }
            alternatives = compatible.isEmpty() ? all : compatible;
        }
        if (alternatives.size() == 1 && alternatives.get(0).isEmpty()) {
            return List.of();
        }
        return alternatives;
    }

    static ResourceList requests(PodSchedulingView v) {
        List<PodRequests.Container> containers = new ArrayList<>();
        int i = 0;
        for (ContainerResources c : v.resources().containers()) {
            containers.add(container(c, "containers[" + i++ + "]"));
        }
        List<PodRequests.Container> inits = new ArrayList<>();
        i = 0;
        for (ContainerResources c : v.resources().initContainers()) {
            inits.add(container(c, "initContainers[" + i++ + "]"));
        }
        return PodRequests.of(containers, inits, quantities(v.resources().overhead(), "overhead"));
    }

    private static PodRequests.Container container(ContainerResources c, String where) {
        return new PodRequests.Container(quantities(c.requests(), where + ".resources.requests"),
                quantities(c.limits(), where + ".resources.limits"), c.sidecar());
    }

    /** Parses {name: quantity}; a bad one is a FieldException naming {@code where.name}. */
    public static ResourceList quantities(Map<String, String> map, String where) {
        if (map == null || map.isEmpty()) {
            return ResourceList.EMPTY;
        }
        ResourceList.Builder b = ResourceList.builder();
        for (Map.Entry<String, String> e : map.entrySet()) {
            try {
                b.set(e.getKey(), Quantity.parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new FieldException(where + "." + e.getKey(), ex.getMessage());
            }
        }
        return b.build();
    }

    /** A node selector term as requirements; a bad operator or value is a FieldException. */
    public static Requirements requirements(NodeSelectorTerm term, String where) {
        Requirements out = new Requirements();
        if (term == null) {
            return out;
        }
        int i = 0;
        for (NodeSelectorRequirement r : term.matchExpressions()) {
            out.add(requirement(r.key(), r.operator(), r.values(), null, where + ".matchExpressions[" + i++ + "]"));
        }
        return out;
    }

    /** One requirement; a bad operator or value is a FieldException naming {@code where.operator/values}. */
    public static Requirement requirement(String key, String operator, List<String> values, Integer minValues,
            String where) {
        if (key == null || key.isEmpty()) {
            throw FieldException.missing(where + ".key");
        }
        Operator op;
        try {
            op = Operator.parse(operator);
        } catch (IllegalArgumentException e) {
            throw new FieldException(where + ".operator", e.getMessage());
        }
        try {
            return Requirement.of(key, op, values == null ? List.of() : values, minValues);
        } catch (IllegalArgumentException e) {
            throw new FieldException(where + ".values", e.getMessage());
        }
    }

    static LabelSelector selector(LabelSelectorSpec s) {
        if (s == null) {
            return null;
        }
        List<LabelSelector.Expression> exprs = new ArrayList<>();
        for (LabelSelectorRequirement r : s.matchExpressions()) {
            exprs.add(new LabelSelector.Expression(r.key(), r.operator(), r.values()));
        }
        return new LabelSelector(s.matchLabels(), exprs);
    }

    private static PodAffinityTerm term(PodAffinityTermSpec t, int weight) {
        return new PodAffinityTerm(t.topologyKey(), selector(t.labelSelector()), new HashSet<>(t.namespaces()),
                t.namespaceSelector() != null, t.matchLabelKeys(), t.mismatchLabelKeys(), weight);
    }
}
