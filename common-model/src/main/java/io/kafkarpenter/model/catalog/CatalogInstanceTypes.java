package io.kafkarpenter.model.catalog;

import io.kafkarpenter.model.instancetypes.EksAllocatable;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.resources.ResourceNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns catalog entries into {@link InstanceType}s: Karpenter's derived labels, EKS capacity and allocatable for a
 * NodeClass' kubelet settings, and one offering per zone and capacity type.
 */
public final class CatalogInstanceTypes {

    /** Region, zones and operator options; spot offerings use the on-demand price (no spot data). */
    public record Options(String region, List<String> zones, List<String> capacityTypes,
            EksAllocatable.Options allocatable) {
        public static final Options US_EAST_1 = new Options("us-east-1",
                List.of("us-east-1a", "us-east-1b", "us-east-1c"),
                List.of(Labels.CAPACITY_TYPE_ON_DEMAND, Labels.CAPACITY_TYPE_SPOT), EksAllocatable.Options.DEFAULT);

        public Options withZones(List<String> newZones) {
            return new Options(region, List.copyOf(newZones), capacityTypes, allocatable);
        }
    }

    /** Extended resources Karpenter advertises on the node (EFA only when requested, so not here). */
    private static final List<String> ADVERTISED = List.of("nvidia.com/gpu", "amd.com/gpu", "habana.ai/gaudi",
            "aws.amazon.com/neuron", "aws.amazon.com/neuroncore", "vpc.amazonaws.com/pod-eni");

    private CatalogInstanceTypes() {
    }

    public static List<InstanceType> build(List<CatalogEntry> entries, KubeletSettings kubelet, Options options) {
        List<InstanceType> out = new ArrayList<>(entries.size());
        for (CatalogEntry e : entries) {
            out.add(build(e, kubelet, options));
        }
        return out;
    }

    public static InstanceType build(CatalogEntry e, KubeletSettings kubelet, Options options) {
        EksAllocatable.Result r = EksAllocatable.compute(shape(e), kubelet, options.allocatable());
        ResourceList extended = extendedResources(e);
        List<Offering> offerings = new ArrayList<>();
        for (String ct : options.capacityTypes()) {
            for (String zone : options.zones()) {
                offerings.add(new Offering(zone, ct, e.onDemandPriceUSD(), true));
            }
        }
        Map<String, String> labels = labels(e);
        labels.put(Labels.REGION, options.region());
        return new InstanceType(e.name(), labels, r.capacity().plus(extended), r.allocatable().plus(extended),
                offerings);
    }

    public static EksAllocatable.Shape shape(CatalogEntry e) {
        return new EksAllocatable.Shape(e.vcpu(), e.memoryMiB(), "arm64".equals(e.arch()),
                e.defaultNetworkCardMaxENIs(), e.ipv4PerENI());
    }

    private static ResourceList extendedResources(CatalogEntry e) {
        ResourceList.Builder b = ResourceList.builder();
        if (e.extendedResources() != null) {
            e.extendedResources().forEach((k, v) -> {
                if (ADVERTISED.contains(k) && v != null && v > 0) {
                    b.setUnits(k, v);
                }
            });
        }
        return b.build();
    }

    /** Every label Karpenter's AWS provider derives from the facts the catalog holds. */
    public static Map<String, String> labels(CatalogEntry e) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(Labels.ARCH, e.arch());
        l.put(Labels.OS, "linux");
        l.put(Labels.INSTANCE_CATEGORY, e.category());
        l.put(Labels.INSTANCE_FAMILY, e.family());
        l.put(Labels.INSTANCE_GENERATION, Integer.toString(e.generation()));
        l.put(Labels.INSTANCE_SIZE, e.size());
        l.put(Labels.INSTANCE_CPU, Integer.toString(e.vcpu()));
        l.put(Labels.INSTANCE_MEMORY, Long.toString(e.memoryMiB()));
        l.put(Labels.INSTANCE_HYPERVISOR, e.hypervisor() == null ? "" : e.hypervisor());
        l.put(Labels.INSTANCE_ENCRYPTION_IN_TRANSIT, Boolean.toString(e.encryptionInTransitSupported()));
        l.put(Labels.INSTANCE_CAPABILITY_FLEX, Boolean.toString(e.capabilityFlex()));
        l.put(Labels.INSTANCE_TENANCY, "default");
        if (e.cpuManufacturer() != null) {
            l.put(Labels.INSTANCE_CPU_MANUFACTURER, kebab(e.cpuManufacturer()));
        }
        if (e.cpuSustainedClockSpeedMhz() != null) {
            l.put(Labels.INSTANCE_CPU_SUSTAINED_CLOCK, Long.toString(e.cpuSustainedClockSpeedMhz()));
        }
        if (e.networkBandwidthMbps() != null) {
            l.put(Labels.INSTANCE_NETWORK_BANDWIDTH, Long.toString(e.networkBandwidthMbps()));
        }
        if (e.ebsBandwidthMbps() != null) {
            l.put(Labels.INSTANCE_EBS_BANDWIDTH, Long.toString(e.ebsBandwidthMbps()));
        }
        if (e.localNvmeGB() != null) {
            l.put(Labels.INSTANCE_LOCAL_NVME, Long.toString(e.localNvmeGB()));
        }
        if (e.gpu() != null) {
            l.put(Labels.INSTANCE_GPU_NAME, kebab(e.gpu().name()));
            l.put(Labels.INSTANCE_GPU_MANUFACTURER, kebab(e.gpu().manufacturer()));
            l.put(Labels.INSTANCE_GPU_COUNT, Integer.toString(e.gpu().count()));
            l.put(Labels.INSTANCE_GPU_MEMORY, Long.toString(e.gpu().memoryMiB()));
        }
        if (e.accelerator() != null) {
            l.put(Labels.INSTANCE_ACCELERATOR_NAME, kebab(e.accelerator().name()));
            l.put(Labels.INSTANCE_ACCELERATOR_MANUFACTURER, kebab(e.accelerator().manufacturer()));
            l.put(Labels.INSTANCE_ACCELERATOR_COUNT, Integer.toString(e.accelerator().count()));
        }
        return l;
    }

    private static String kebab(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    /** The memory capacity in MiB after the VM overhead, for explanations. */
    public static long capacityMemoryMiB(InstanceType t) {
        return t.capacity().milli(ResourceNames.MEMORY) / 1000 / (1L << 20);
    }
}
