package io.kafkarpenter.model.inputs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.KubeletConfiguration;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.NodeSelectorRequirementWithMinValues;
import io.kafkarpenter.model.instancetypes.EksAllocatable;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;
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
import io.kafkarpenter.model.scheduling.HostPort;
import io.kafkarpenter.model.scheduling.LabelSelector;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.PodAffinityTerm;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.SpreadConstraint;
import io.kafkarpenter.model.scheduling.Taint;
import io.kafkarpenter.model.scheduling.Toleration;

/**
 * The one mapping from the contracts to the scheduling engine's inputs: a pod's {@link PodSchedulingView} becomes a
 * {@link SchedulingPod}, a {@code karpenter.sh/v1} {@link NodePool} a {@link NodePoolTemplate}, an
 * {@code karpenter.k8s.aws/v1} {@link EC2NodeClass} kubelet settings, AMI family and root volume (hence the
 * instance types' allocatable). The provisioner, {@code bin/kk simulate}, the kube-scheduler stand-in and the
 * disruption inputs all call this class, so the simulator runs the code production runs (scheduling/DESIGN.md,
 * "Inputs: one converter").
 *
 * <p>Bad input is a {@link FieldException} (an {@link IllegalArgumentException}) whose {@code field} is the path from
 * the object's root, e.g. {@code containers[0].resources.requests.cpu} or
 * {@code spec.template.spec.requirements[0].operator}; the caller names the object (pod, NodePool, file position).
 *
 * <p>This package is an adapter (it reads the fabric8-based CRD classes); the engine packages do not depend on it.
 */
public final class EngineInputs {

    private EngineInputs() {
    }

    // -- pods ---------------------------------------------------------------------------------------------------------

    /**
     * The engine's pod for a pod's scheduling view (effective requests computed the Kubernetes way). A pod owned by a
     * DaemonSet (a bound daemon pod, or {@code PodViews.daemonSetPod}) is marked with its DaemonSet
     * ({@code namespace/name}), the key the engine matches daemon pods on a node against the DaemonSet list by.
     */
    public static SchedulingPod pod(PodSchedulingView v) {
        return podBuilder(v).build();
    }

    /** A builder pre-filled from the view, for callers that add facts the view does not carry (terminal, ...). */
    public static SchedulingPod.Builder podBuilder(PodSchedulingView v) {
        SchedulingPod.Builder b = SchedulingPod.builder(v.namespace(), v.name())
                .uid(v.uid())
                .labels(v.labels())
                .requests(requests(v))
                .nodeSelector(v.nodeSelector())
                .creationOrder(creationOrder(v));
        if (v.owner() != null && "DaemonSet".equals(v.owner().kind())) {
            // a bound daemon pod: the engine does not count its DaemonSet's overhead again on that node
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
            b.preferredTerm(weight(t.weight()),
                    requirements(t.preference(), "nodeAffinity.preferred[" + i++ + "].preference"));
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
            b.preferredAffinity(term(t.podAffinityTerm(), weight(t.weight())));
        }
        for (PodAffinityTermSpec t : v.podAntiAffinity().required()) {
            b.requiredAntiAffinity(term(t, 0));
        }
        for (WeightedPodAffinityTerm t : v.podAntiAffinity().preferred()) {
            b.preferredAntiAffinity(term(t.podAffinityTerm(), weight(t.weight())));
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

    /** Creation time in nanoseconds since the epoch: the engine's tie-break between pods of equal size. */
    public static long creationOrder(PodSchedulingView v) {
        return v.createdAt().getEpochSecond() * 1_000_000_000L + v.createdAt().getNano();
    }

    /** A preferred term's weight; Kubernetes only admits 1..100, an absent (0) weight counts as the least, 1. */
    private static int weight(int weight) {
        return weight == 0 ? 1 : weight;
    }

    /**
     * Cross product of the resolved claims' topology terms, keeping compatible combinations (all when none is).
     * Unresolved claims and terms without expressions add no constraint; empty when nothing constrains the pod.
     */
    static List<Requirements> volumeAlternatives(List<VolumeClaim> claims) {
        List<Requirements> alternatives = new ArrayList<>();
        alternatives.add(new Requirements());
        for (VolumeClaim c : claims) {
            if (!c.resolved() || c.topology().isEmpty()) {
                continue;
            }
            List<Requirements> mine = new ArrayList<>();
            int i = 0;
            for (NodeSelectorTerm t : c.topology()) {
                Requirements r = requirements(t, "volumeClaims[" + c.claimName() + "].topology[" + i++ + "]");
                if (!r.isEmpty()) {
                    mine.add(r);
                }
            }
            if (mine.isEmpty()) {
                continue;
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

    /** Effective requests as Kubernetes computes them (containers, init containers, sidecars, overhead). */
    public static ResourceList requests(PodSchedulingView v) {
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
        return PodRequests.of(containers, inits, resources(v.resources().overhead(), "overhead"));
    }

    private static PodRequests.Container container(ContainerResources c, String where) {
        return new PodRequests.Container(resources(c.requests(), where + ".resources.requests"),
                resources(c.limits(), where + ".resources.limits"), c.sidecar());
    }

    /** Parses {name: quantity}; a bad one is a FieldException naming {@code where.name}. */
    public static ResourceList resources(Map<String, String> map, String where) {
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

    private static LabelSelector selector(LabelSelectorSpec s) {
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

    // -- NodePools ----------------------------------------------------------------------------------------------------

    /**
     * The engine's view of a NodePool with the instance types its EC2NodeClass resolves to. A static NodePool
     * ({@code spec.replicas} set) is not part of dynamic provisioning: the caller skips it.
     */
    public static NodePoolTemplate nodePool(NodePool pool, List<InstanceType> instanceTypes) {
        var spec = pool.getSpec();
        var template = spec == null ? null : spec.getTemplate();
        var tspec = template == null ? null : template.getSpec();
        if (tspec == null) {
            throw FieldException.missing("spec.template.spec");
        }
        Requirements reqs = new Requirements();
        List<NodeSelectorRequirementWithMinValues> raw = tspec.getRequirements();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            NodeSelectorRequirementWithMinValues r = raw.get(i);
            reqs.add(requirement(r.getKey(), r.getOperator(), r.getValues(), r.getMinValues(),
                    "spec.template.spec.requirements[" + i + "]"));
        }
        Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels();
        Map<String, String> limits = new HashMap<>();
        if (spec.getLimits() != null) {
            spec.getLimits().forEach((k, q) -> limits.put(k, q == null ? null : q.toString()));
        }
        String nodeClass = tspec.getNodeClassRef() == null ? null : tspec.getNodeClassRef().getName();
        Integer weight = spec.getWeight();
        return new NodePoolTemplate(pool.getMetadata().getName(), weight == null ? 0 : weight, reqs, labels,
                taints(tspec.getTaints()), taints(tspec.getStartupTaints()), resources(limits, "spec.limits"),
                instanceTypes, nodeClass);
    }

    /** Kubernetes taints (a NodePool's, a Node's) as the engine's; a missing value is empty. */
    public static List<Taint> taints(List<io.fabric8.kubernetes.api.model.Taint> taints) {
        List<Taint> out = new ArrayList<>();
        if (taints != null) {
            for (io.fabric8.kubernetes.api.model.Taint t : taints) {
                out.add(new Taint(t.getKey(), t.getValue() == null ? "" : t.getValue(), t.getEffect()));
            }
        }
        return out;
    }

    // -- EC2NodeClasses -----------------------------------------------------------------------------------------------

    /** The kubelet settings of a NodeClass that change capacity and allocatable (EKS defaults when not set). */
    public static KubeletSettings kubelet(EC2NodeClass nodeClass) {
        KubeletConfiguration k = nodeClass == null || nodeClass.getSpec() == null ? null
                : nodeClass.getSpec().getKubelet();
        if (k == null) {
            return KubeletSettings.DEFAULT;
        }
        return new KubeletSettings(k.getMaxPods(), k.getPodsPerCore(),
                resources(k.getKubeReserved(), "spec.kubelet.kubeReserved"),
                resources(k.getSystemReserved(), "spec.kubelet.systemReserved"),
                k.getEvictionHard() == null ? Map.of() : k.getEvictionHard());
    }

    /** The AMI family: {@code spec.amiFamily}, else the alias of the first AMI selector term (al2023@latest). */
    public static EksAllocatable.AmiFamily amiFamily(EC2NodeClass nodeClass) {
        String family = null;
        if (nodeClass != null && nodeClass.getSpec() != null) {
            family = nodeClass.getSpec().getAmiFamily();
            if (family == null && nodeClass.getSpec().getAmiSelectorTerms() != null) {
                for (var term : nodeClass.getSpec().getAmiSelectorTerms()) {
                    if (term.getAlias() != null) {
                        family = term.getAlias().split("@")[0];
                        break;
                    }
                }
            }
        }
        if (family == null) {
            return EksAllocatable.AmiFamily.AL2023;
        }
        switch (family.toLowerCase(Locale.ROOT)) {
            case "bottlerocket":
                return EksAllocatable.AmiFamily.BOTTLEROCKET;
            case "al2":
                return EksAllocatable.AmiFamily.AL2;
            case "custom":
                return EksAllocatable.AmiFamily.CUSTOM;
            default:
                return EksAllocatable.AmiFamily.AL2023;
        }
    }

    /**
     * The ephemeral storage volume in bytes: the block device mapping marked rootVolume, else the one on the
     * family's device (/dev/xvda; /dev/xvdb, the data volume, for Bottlerocket), else EKS's 20Gi.
     */
    public static long rootVolumeBytes(EC2NodeClass nodeClass) {
        long root = EksAllocatable.DEFAULT_ROOT_VOLUME_BYTES;
        if (nodeClass == null || nodeClass.getSpec() == null || nodeClass.getSpec().getBlockDeviceMappings() == null) {
            return root;
        }
        String device = amiFamily(nodeClass) == EksAllocatable.AmiFamily.BOTTLEROCKET ? "/dev/xvdb" : "/dev/xvda";
        boolean anyMarked = nodeClass.getSpec().getBlockDeviceMappings().stream()
                .anyMatch(b -> Boolean.TRUE.equals(b.getRootVolume()));
        int i = 0;
        for (var bdm : nodeClass.getSpec().getBlockDeviceMappings()) {
            boolean isRoot = anyMarked ? Boolean.TRUE.equals(bdm.getRootVolume()) : device.equals(bdm.getDeviceName());
            if (isRoot && bdm.getEbs() != null && bdm.getEbs().getVolumeSize() != null) {
                String field = "spec.blockDeviceMappings[" + i + "].ebs";
                root = resources(Map.of("volumeSize", bdm.getEbs().getVolumeSize()), field).milli("volumeSize") / 1000;
            }
            i++;
        }
        return root;
    }

    /** The allocatable options with the NodeClass' root volume and AMI family. */
    public static EksAllocatable.Options allocatable(EksAllocatable.Options base, EC2NodeClass nodeClass) {
        return new EksAllocatable.Options(base.vmMemoryOverheadPercent(), base.reservedEnis(),
                rootVolumeBytes(nodeClass), amiFamily(nodeClass));
    }

    /** The catalog's instance types as a NodeClass resolves them (its kubelet settings, root volume, AMI family). */
    public static List<InstanceType> instanceTypes(List<CatalogEntry> entries, EC2NodeClass nodeClass,
            CatalogInstanceTypes.Options options) {
        CatalogInstanceTypes.Options withRoot = new CatalogInstanceTypes.Options(options.region(), options.zones(),
                options.capacityTypes(), allocatable(options.allocatable(), nodeClass));
        return CatalogInstanceTypes.build(entries, kubelet(nodeClass), withRoot);
    }
}
