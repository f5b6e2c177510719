package io.kafkarpenter.cli;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.PodRequests;
import io.kafkarpenter.model.resources.Quantity;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.scheduling.HostPort;
import io.kafkarpenter.model.scheduling.LabelSelector;
import io.kafkarpenter.model.scheduling.PodAffinityTerm;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.SpreadConstraint;
import io.kafkarpenter.model.scheduling.Toleration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a fabric8 pod spec to the scheduler's {@link SchedulingPod}: effective requests, node selection as
 * requirements, tolerations, spread, pod (anti-)affinity, host ports, volume topology. Errors name the field.
 */
final class PodAdapter {

    /** Resolves a pod's PersistentVolumeClaims to volume topology alternatives. */
    interface VolumeResolver {
        /** Alternatives for one claim, empty when unconstrained; throws IllegalStateException with a reason. */
        List<Requirements> alternatives(String namespace, String claimName);
    }

    private PodAdapter() {
    }

    static SchedulingPod toPod(String namespace, String name, ObjectMeta meta, PodSpec spec, String where,
            long order, VolumeResolver volumes, String daemonSet, boolean terminal) {
        if (spec == null) {
            throw new InputException(where + ".spec", "is required");
        }
        SchedulingPod.Builder b = SchedulingPod.builder(namespace, name)
                .uid(meta != null && meta.getUid() != null ? meta.getUid() : namespace + "/" + name)
                .labels(meta != null && meta.getLabels() != null ? meta.getLabels() : Map.of())
                .creationOrder(order)
                .daemonSet(daemonSet)
                .terminal(terminal)
                .requests(requests(spec, where + ".spec"));
        if (spec.getNodeSelector() != null) {
            b.nodeSelector(spec.getNodeSelector());
        }
        if (spec.getTolerations() != null) {
            for (io.fabric8.kubernetes.api.model.Toleration t : spec.getTolerations()) {
                b.toleration(new Toleration(t.getKey(), t.getOperator(), t.getValue(), t.getEffect()));
            }
        }
        affinity(b, spec.getAffinity(), where + ".spec.affinity");
        if (spec.getTopologySpreadConstraints() != null) {
            int i = 0;
            for (TopologySpreadConstraint c : spec.getTopologySpreadConstraints()) {
                String w = where + ".spec.topologySpreadConstraints[" + i++ + "]";
                if (c.getTopologyKey() == null || c.getTopologyKey().isEmpty()) {
                    throw new InputException(w + ".topologyKey", "is required");
                }
                if (c.getMaxSkew() == null || c.getMaxSkew() < 1) {
                    throw new InputException(w + ".maxSkew", "must be at least 1");
                }
                boolean doNotSchedule = c.getWhenUnsatisfiable() == null
                        || "DoNotSchedule".equals(c.getWhenUnsatisfiable());
                b.spread(new SpreadConstraint(c.getTopologyKey(), c.getMaxSkew(), doNotSchedule,
                        selector(c.getLabelSelector()), c.getMinDomains(),
                        !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy()),
                        c.getMatchLabelKeys()));
            }
        }
        for (Container c : containersWithSidecars(spec)) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                Integer port = p.getHostPort();
                if ((port == null || port == 0) && Boolean.TRUE.equals(spec.getHostNetwork())) {
                    port = p.getContainerPort();
                }
                if (port != null && port > 0) {
                    b.hostPort(new HostPort(p.getProtocol(), p.getHostIP(), port));
                }
            }
        }
        if (spec.getVolumes() != null && volumes != null) {
            List<Requirements> alternatives = new ArrayList<>();
            alternatives.add(new Requirements());
            for (Volume v : spec.getVolumes()) {
                if (v.getPersistentVolumeClaim() == null) {
                    continue;
                }
                List<Requirements> mine;
                try {
                    mine = volumes.alternatives(namespace, v.getPersistentVolumeClaim().getClaimName());
                } catch (IllegalStateException e) {
                    b.volumeError(e.getMessage());
                    break;
                }
                if (mine.isEmpty()) {
                    continue;
                }
                List<Requirements> product = new ArrayList<>();
                for (Requirements a : alternatives) {
                    for (Requirements m : mine) {
                        if (a.intersects(m)) {
                            product.add(a.copy().addAll(m));
                        }
                    }
                }
                if (!product.isEmpty()) {
                    alternatives = product;
                } else {
                    for (Requirements a : alternatives) {
                        for (Requirements m : mine) {
                            product.add(a.copy().addAll(m));
                        }
                    }
                    alternatives = product;
                }
            }
            if (!(alternatives.size() == 1 && alternatives.get(0).isEmpty())) {
                b.volumeAlternatives(alternatives);
            }
        }
        return b.build();
    }

    private static List<Container> containersWithSidecars(PodSpec spec) {
        List<Container> out = new ArrayList<>();
        if (spec.getContainers() != null) {
            out.addAll(spec.getContainers());
        }
        if (spec.getInitContainers() != null) {
            for (Container c : spec.getInitContainers()) {
                if ("Always".equals(c.getRestartPolicy())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    static ResourceList requests(PodSpec spec, String where) {
        List<PodRequests.Container> containers = new ArrayList<>();
        List<PodRequests.Container> inits = new ArrayList<>();
        if (spec.getContainers() != null) {
            int i = 0;
            for (Container c : spec.getContainers()) {
                containers.add(container(c, where + ".containers[" + i++ + "]", false));
            }
        }
        if (spec.getInitContainers() != null) {
            int i = 0;
            for (Container c : spec.getInitContainers()) {
                inits.add(container(c, where + ".initContainers[" + i++ + "]", "Always".equals(c.getRestartPolicy())));
            }
        }
        ResourceList overhead = resources(spec.getOverhead(), where + ".overhead");
        return PodRequests.of(containers, inits, overhead);
    }

    private static PodRequests.Container container(Container c, String where, boolean sidecar) {
        ResourceRequirements r = c.getResources();
        if (r == null) {
            return new PodRequests.Container(ResourceList.EMPTY, ResourceList.EMPTY, sidecar);
        }
        return new PodRequests.Container(resources(r.getRequests(), where + ".resources.requests"),
                resources(r.getLimits(), where + ".resources.limits"), sidecar);
    }

    static ResourceList resources(Map<String, io.fabric8.kubernetes.api.model.Quantity> map, String where) {
        if (map == null || map.isEmpty()) {
            return ResourceList.EMPTY;
        }
        ResourceList.Builder b = ResourceList.builder();
        for (Map.Entry<String, io.fabric8.kubernetes.api.model.Quantity> e : map.entrySet()) {
            String text = e.getValue() == null ? null : e.getValue().toString();
            try {
                b.set(e.getKey(), Quantity.parse(text));
            } catch (IllegalArgumentException ex) {
                throw new InputException(where + "." + e.getKey(), ex.getMessage());
            }
        }
        return b.build();
    }

    private static void affinity(SchedulingPod.Builder b, Affinity affinity, String where) {
        if (affinity == null) {
            return;
        }
        if (affinity.getNodeAffinity() != null) {
            var na = affinity.getNodeAffinity();
            if (na.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                List<Requirements> terms = new ArrayList<>();
                List<NodeSelectorTerm> raw = na.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
                int i = 0;
                boolean fields = false;
                for (NodeSelectorTerm t : raw == null ? List.<NodeSelectorTerm>of() : raw) {
                    String w = where + ".nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[" + i++ + "]";
                    terms.add(nodeSelectorRequirements(t.getMatchExpressions(), w + ".matchExpressions"));
                    fields |= t.getMatchFields() != null && !t.getMatchFields().isEmpty();
                }
                b.requiredTerms(terms).usesMatchFields(fields);
            }
            if (na.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
                int i = 0;
                for (PreferredSchedulingTerm t : na.getPreferredDuringSchedulingIgnoredDuringExecution()) {
                    String w = where + ".nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[" + i++ + "]";
                    b.preferredTerm(t.getWeight() == null ? 1 : t.getWeight(), nodeSelectorRequirements(
                            t.getPreference() == null ? null : t.getPreference().getMatchExpressions(),
                            w + ".preference.matchExpressions"));
                }
            }
        }
        if (affinity.getPodAffinity() != null) {
            var pa = affinity.getPodAffinity();
            if (pa.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                for (var t : pa.getRequiredDuringSchedulingIgnoredDuringExecution()) {
                    b.requiredAffinity(term(t, 0));
                }
            }
            if (pa.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
                for (WeightedPodAffinityTerm t : pa.getPreferredDuringSchedulingIgnoredDuringExecution()) {
                    b.preferredAffinity(term(t.getPodAffinityTerm(), t.getWeight() == null ? 1 : t.getWeight()));
                }
            }
        }
        if (affinity.getPodAntiAffinity() != null) {
            var pa = affinity.getPodAntiAffinity();
            if (pa.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                for (var t : pa.getRequiredDuringSchedulingIgnoredDuringExecution()) {
                    b.requiredAntiAffinity(term(t, 0));
                }
            }
            if (pa.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
                for (WeightedPodAffinityTerm t : pa.getPreferredDuringSchedulingIgnoredDuringExecution()) {
                    b.preferredAntiAffinity(term(t.getPodAffinityTerm(), t.getWeight() == null ? 1 : t.getWeight()));
                }
            }
        }
    }

    private static PodAffinityTerm term(io.fabric8.kubernetes.api.model.PodAffinityTerm t, int weight) {
        Set<String> namespaces = t.getNamespaces() == null ? Set.of() : new HashSet<>(t.getNamespaces());
        return new PodAffinityTerm(t.getTopologyKey(), selector(t.getLabelSelector()), namespaces,
                t.getNamespaceSelector() != null, t.getMatchLabelKeys(), t.getMismatchLabelKeys(), weight);
    }

    static LabelSelector selector(io.fabric8.kubernetes.api.model.LabelSelector s) {
        if (s == null) {
            return null;
        }
        List<LabelSelector.Expression> exprs = new ArrayList<>();
        if (s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : s.getMatchExpressions()) {
                exprs.add(new LabelSelector.Expression(r.getKey(), r.getOperator(), r.getValues()));
            }
        }
        return new LabelSelector(s.getMatchLabels(), exprs);
    }

    static Requirements nodeSelectorRequirements(List<NodeSelectorRequirement> exprs, String where) {
        Requirements out = new Requirements();
        if (exprs == null) {
            return out;
        }
        int i = 0;
        for (NodeSelectorRequirement e : exprs) {
            String w = where + "[" + i++ + "]";
            out.add(requirement(e.getKey(), e.getOperator(), e.getValues(), null, w));
        }
        return out;
    }

    static Requirement requirement(String key, String operator, List<String> values, Integer minValues, String where) {
        if (key == null || key.isEmpty()) {
            throw new InputException(where + ".key", "is required");
        }
        Operator op;
        try {
            op = Operator.parse(operator);
        } catch (IllegalArgumentException e) {
            throw new InputException(where + ".operator", e.getMessage());
        }
        try {
            return Requirement.of(key, op, values == null ? List.of() : values, minValues);
        } catch (IllegalArgumentException e) {
            throw new InputException(where + ".values", e.getMessage());
        }
    }
}
