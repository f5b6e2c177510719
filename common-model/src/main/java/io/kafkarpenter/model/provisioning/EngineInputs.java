package io.kafkarpenter.model.provisioning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kafkarpenter.model.crd.BlockDeviceMapping;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.KubeletConfiguration;
import io.kafkarpenter.model.crd.NodeClaimTemplateSpec;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.NodePoolSpec;
import io.kafkarpenter.model.crd.NodeSelectorRequirementWithMinValues;
import io.kafkarpenter.model.instancetypes.EksAllocatable;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;
import io.kafkarpenter.model.pods.ContainerResources;
import io.kafkarpenter.model.pods.HostPortSpec;
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
 * Maps the contracts (a pending pod's {@link PodSchedulingView}, the {@code karpenter.sh/v1} NodePool and the
 * {@code karpenter.k8s.aws/v1} EC2NodeClass) to the scheduling engine's inputs. The provisioner and the end-to-end
 * tooling use this one mapping; its interpretation of each field follows {@code kk simulate}'s manifest reader
 * (deploy/kk-cli {@code PodAdapter}, {@code ScenarioReader}).
 *
 * <p>Bad input throws {@link IllegalArgumentException} naming the field.
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
        SchedulingPod.Builder b = SchedulingPod.builder(v.namespace(), v.name())
            .uid(v.uid())
            .labels(v.labels())
            .creationOrder(v.createdAt().toEpochMilli() * 1000)
            .requests(requests(v))
            .nodeSelector(v.nodeSelector());
        if (v.owner() != null && "DaemonSet".equals(v.owner().kind())) {
            // a bound daemon pod: the engine does not count its DaemonSet's overhead again on that node
            b.daemonSet(v.namespace() + "/" + v.owner().name());
        }
        for (TolerationSpec t : v.tolerations()) {
            b.toleration(new Toleration(t.key(), t.operator(), t.value(), t.effect()));
        }
        List<Requirements> required = new ArrayList<>();
        boolean matchFields = false;
        int i = 0;
        for (NodeSelectorTerm term : v.nodeAffinity().required()) {
            required.add(requirements(term.matchExpressions(),
                "nodeAffinity.required[" + i++ + "].matchExpressions"));
            matchFields |= !term.matchFields().isEmpty();
        }
        if (!v.nodeAffinity().required().isEmpty()) {
            b.requiredTerms(required).usesMatchFields(matchFields);
        }
        i = 0;
        for (PreferredSchedulingTerm p : v.nodeAffinity().preferred()) {
            b.preferredTerm(p.weight() == 0 ? 1 : p.weight(), requirements(p.preference().matchExpressions(),
                "nodeAffinity.preferred[" + i++ + "].preference.matchExpressions"));
        }
        for (TopologySpreadConstraint c : v.topologySpreadConstraints()) {
            b.spread(new SpreadConstraint(c.topologyKey(), c.maxSkew(), c.isHard(), selector(c.labelSelector()),
                c.minDomains(), !"Ignore".equals(c.nodeAffinityPolicy()), "Honor".equals(c.nodeTaintsPolicy()),
                c.matchLabelKeys()));
        }
        v.podAffinity().required().forEach(t -> b.requiredAffinity(term(t, 0)));
        for (WeightedPodAffinityTerm t : v.podAffinity().preferred()) {
            b.preferredAffinity(term(t.podAffinityTerm(), t.weight() == 0 ? 1 : t.weight()));
        }
        v.podAntiAffinity().required().forEach(t -> b.requiredAntiAffinity(term(t, 0)));
        for (WeightedPodAffinityTerm t : v.podAntiAffinity().preferred()) {
            b.preferredAntiAffinity(term(t.podAffinityTerm(), t.weight() == 0 ? 1 : t.weight()));
        }
        for (HostPortSpec p : v.hostPorts()) {
            b.hostPort(new HostPort(p.protocol(), p.hostIP(), p.port()));
        }
        volumes(b, v);
        return b.build();
    }

    /** Effective requests as Kubernetes computes them (containers, init containers, sidecars, overhead). */
    public static ResourceList requests(PodSchedulingView v) {
        List<PodRequests.Container> containers = new ArrayList<>();
        List<PodRequests.Container> inits = new ArrayList<>();
        int i = 0;
        for (ContainerResources c : v.resources().containers()) {
            containers.add(container(c, "resources.containers[" + i++ + "]"));
        }
        i = 0;
        for (ContainerResources c : v.resources().initContainers()) {
            inits.add(container(c, "resources.initContainers[" + i++ + "]"));
        }
        return PodRequests.of(containers, inits, resources(v.resources().overhead(), "resources.overhead"));
    }

    private static PodRequests.Container container(ContainerResources c, String where) {
        return new PodRequests.Container(resources(c.requests(), where + ".requests"),
            resources(c.limits(), where + ".limits"), c.sidecar());
    }

    /** A resource map of Kubernetes quantity strings; a bad quantity names the field. */
    public static ResourceList resources(Map<String, String> map, String where) {
        if (map == null || map.isEmpty()) {
            return ResourceList.EMPTY;
        }
        ResourceList.Builder b = ResourceList.builder();
        map.forEach((name, text) -> {
            try {
                b.set(name, Quantity.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "." + name + ": " + e.getMessage(), e);
            }
        });
        return b.build();
    }

    private static void volumes(SchedulingPod.Builder b, PodSchedulingView v) {
        List<Requirements> alternatives = new ArrayList<>();
        alternatives.add(new Requirements());
        for (VolumeClaim claim : v.volumeClaims()) {
            if (!claim.resolved() || claim.topology().isEmpty()) {
                continue;
            }
            List<Requirements> mine = new ArrayList<>();
            for (NodeSelectorTerm t : claim.topology()) {
                Requirements r = requirements(t.matchExpressions(), "volumeClaims." + claim.claimName());
                if (!r.isEmpty()) {
                    mine.add(r);
                }
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
            if (product.isEmpty()) {
                for (Requirements a : alternatives) {
                    for (Requirements m : mine) {
                        product.add(a.copy().addAll(m));
                    }
                }
            }
            alternatives = product;
        }
        if (!(alternatives.size() == 1 && alternatives.get(0).isEmpty())) {
            b.volumeAlternatives(alternatives);
        }
    }

    private static PodAffinityTerm term(PodAffinityTermSpec t, int weight) {
        return new PodAffinityTerm(t.topologyKey(), selector(t.labelSelector()), new HashSet<>(t.namespaces()),
            t.namespaceSelector() != null, t.matchLabelKeys(), t.mismatchLabelKeys(), weight);
    }

    private static LabelSelector selector(LabelSelectorSpec s) {
        if (s == null) {
            return null;
        }
        List<LabelSelector.Expression> exprs = new ArrayList<>();
        s.matchExpressions().forEach(r -> exprs.add(new LabelSelector.Expression(r.key(), r.operator(), r.values())));
        return new LabelSelector(s.matchLabels(), exprs);
    }

    private static Requirements requirements(List<NodeSelectorRequirement> exprs, String where) {
        Requirements out = new Requirements();
        int i = 0;
        for (NodeSelectorRequirement e : exprs) {
            out.add(requirement(e.key(), e.operator(), e.values(), null, where + "[" + i++ + "]"));
        }
        return out;
    }

    /** One requirement; an unknown operator or bad values throw naming {@code where}. */
    public static Requirement requirement(String key, String operator, List<String> values, Integer minValues,
                                          String where) {
        Operator op;
        try {
            op = Operator.parse(operator);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".operator: " + e.getMessage(), e);
        }
        try {
            return Requirement.of(key, op, values == null ? List.of() : values, minValues);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".values: " + e.getMessage(), e);
        }
    }

    // -- NodePools and EC2NodeClasses ---------------------------------------------------------------------------------

    /**
     * The engine's view of a NodePool with the instance types its EC2NodeClass resolves to. A static NodePool
     * ({@code spec.replicas} set) is not part of dynamic provisioning: the caller skips it.
     */
    public static NodePoolTemplate nodePool(NodePool pool, List<InstanceType> instanceTypes) {
        String name = pool.getMetadata().getName();
        NodePoolSpec spec = pool.getSpec();
        NodeClaimTemplateSpec t = spec.getTemplate().getSpec();
        Requirements reqs = new Requirements();
        int i = 0;
        for (NodeSelectorRequirementWithMinValues r : t.getRequirements() == null
            ? List.<NodeSelectorRequirementWithMinValues>of() : t.getRequirements()) {
            reqs.add(requirement(r.getKey(), r.getOperator(), r.getValues(), r.getMinValues(),
                "NodePool " + name + " spec.template.spec.requirements[" + i++ + "]"));
        }
        Map<String, String> labels = spec.getTemplate().getMetadata() == null
            || spec.getTemplate().getMetadata().getLabels() == null ? Map.of()
            : spec.getTemplate().getMetadata().getLabels();
        Map<String, String> limits = new LinkedHashMap<>();
        if (spec.getLimits() != null) {
            spec.getLimits().forEach((k, q) -> limits.put(k, q.toString()));
        }
        return new NodePoolTemplate(name, spec.getWeight() == null ? 0 : spec.getWeight(), reqs, labels,
            taints(t.getTaints()), taints(t.getStartupTaints()),
            resources(limits, "NodePool " + name + " spec.limits"), instanceTypes,
            t.getNodeClassRef() == null ? null : t.getNodeClassRef().getName());
    }

    public static List<Taint> taints(List<io.fabric8.kubernetes.api.model.Taint> taints) {
        List<Taint> out = new ArrayList<>();
        if (taints != null) {
            for (io.fabric8.kubernetes.api.model.Taint t : taints) {
                out.add(new Taint(t.getKey(), t.getValue() == null ? "" : t.getValue(), t.getEffect()));
            }
        }
        return out;
    }

    /** The kubelet settings of an EC2NodeClass (absent: EKS defaults). */
    public static KubeletSettings kubelet(EC2NodeClass nodeClass) {
        KubeletConfiguration k = nodeClass == null || nodeClass.getSpec() == null ? null
            : nodeClass.getSpec().getKubelet();
        if (k == null) {
            return KubeletSettings.DEFAULT;
        }
        String where = "EC2NodeClass " + nodeClass.getMetadata().getName() + " spec.kubelet";
        return new KubeletSettings(k.getMaxPods(), k.getPodsPerCore(),
            resources(k.getKubeReserved(), where + ".kubeReserved"),
            resources(k.getSystemReserved(), where + ".systemReserved"),
            k.getEvictionHard() == null ? Map.of() : k.getEvictionHard());
    }

    /** The root volume size in bytes of an EC2NodeClass (ephemeral-storage), EKS's default when not set. */
    public static long rootVolumeBytes(EC2NodeClass nodeClass) {
        if (nodeClass == null || nodeClass.getSpec() == null || nodeClass.getSpec().getBlockDeviceMappings() == null) {
            return EksAllocatable.DEFAULT_ROOT_VOLUME_BYTES;
        }
        for (BlockDeviceMapping m : nodeClass.getSpec().getBlockDeviceMappings()) {
            boolean root = Boolean.TRUE.equals(m.getRootVolume()) || "/dev/xvda".equals(m.getDeviceName());
            String size = m.getEbs() == null ? null : m.getEbs().getVolumeSize();
            if (root && size != null) {
                return Quantity.parse(size).milliValue() / 1000;
            }
        }
        return EksAllocatable.DEFAULT_ROOT_VOLUME_BYTES;
    }
}
