package io.kafkarpenter.model.catalog;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.KubeletConfiguration;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.NodeSelectorRequirementWithMinValues;
import io.kafkarpenter.model.instancetypes.EksAllocatable;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;
import io.kafkarpenter.model.pods.FieldException;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.SchedulingPods;
import io.kafkarpenter.model.scheduling.Taint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * From Karpenter's objects to the scheduler's inputs, shared by the provisioner, the consolidator and
 * {@code kk simulate}: an {@link EC2NodeClass} gives kubelet settings and the root volume (hence allocatable), a
 * {@link NodePool} becomes a {@link NodePoolTemplate}. Bad values are {@link FieldException}s naming the field
 * from the object's root (e.g. {@code spec.template.spec.requirements[0].operator}).
 */
public final class KarpenterTemplates {

    private KarpenterTemplates() {
    }

    /** The kubelet settings of a NodeClass that change capacity and allocatable (defaults when null). */
    public static KubeletSettings kubelet(EC2NodeClass nodeClass) {
        KubeletConfiguration k = nodeClass == null || nodeClass.getSpec() == null ? null : nodeClass.getSpec().getKubelet();
        if (k == null) {
            return KubeletSettings.DEFAULT;
        }
        return new KubeletSettings(k.getMaxPods(), k.getPodsPerCore(),
                SchedulingPods.quantities(k.getKubeReserved(), "spec.kubelet.kubeReserved"),
                SchedulingPods.quantities(k.getSystemReserved(), "spec.kubelet.systemReserved"), k.getEvictionHard());
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
        switch (family.toLowerCase(java.util.Locale.ROOT)) {
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
     * The ephemeral storage volume: the block device mapping marked rootVolume, else the one on the family's
     * device (/dev/xvda; /dev/xvdb for Bottlerocket's data volume), else 20Gi.
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
                root = SchedulingPods.quantities(Map.of("volumeSize", bdm.getEbs().getVolumeSize()), field)
                        .milli("volumeSize") / 1000;
            }
            i++;
        }
        return root;
    }

    /** The catalog's instance types as a NodeClass resolves them (its kubelet settings and root volume). */
    public static List<InstanceType> instanceTypes(List<CatalogEntry> entries, EC2NodeClass nodeClass,
            CatalogInstanceTypes.Options options) {
        CatalogInstanceTypes.Options withRoot = new CatalogInstanceTypes.Options(options.region(), options.zones(),
                options.capacityTypes(), new EksAllocatable.Options(options.allocatable().vmMemoryOverheadPercent(),
                        options.allocatable().reservedEnis(), rootVolumeBytes(nodeClass), amiFamily(nodeClass)));
        return CatalogInstanceTypes.build(entries, kubelet(nodeClass), withRoot);
    }

    /** A NodePool as the scheduler needs it, with the instance types its NodeClass resolves to. */
    public static NodePoolTemplate template(NodePool pool, List<InstanceType> instanceTypes) {
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
            reqs.add(SchedulingPods.requirement(r.getKey(), r.getOperator(), r.getValues(), r.getMinValues(),
                    "spec.template.spec.requirements[" + i + "]"));
        }
        Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels();
        Map<String, String> limits = new HashMap<>();
        if (spec.getLimits() != null) {
            for (Map.Entry<String, Quantity> e : spec.getLimits().entrySet()) {
                limits.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString());
            }
        }
        ResourceList limitList = SchedulingPods.quantities(limits, "spec.limits");
        String nodeClass = tspec.getNodeClassRef() == null ? null : tspec.getNodeClassRef().getName();
        Integer weight = spec.getWeight();
        return new NodePoolTemplate(pool.getMetadata().getName(), weight == null ? 0 : weight, reqs, labels,
                taints(tspec.getTaints()), taints(tspec.getStartupTaints()), limitList, instanceTypes, nodeClass);
    }

    private static List<Taint> taints(List<io.fabric8.kubernetes.api.model.Taint> taints) {
        List<Taint> out = new ArrayList<>();
        if (taints != null) {
            for (var t : taints) {
                out.add(new Taint(t.getKey(), t.getValue(), t.getEffect()));
            }
        }
        return out;
    }
}
