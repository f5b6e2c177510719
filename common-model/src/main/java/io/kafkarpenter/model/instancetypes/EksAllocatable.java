package io.kafkarpenter.model.instancetypes;

import io.kafkarpenter.model.resources.Quantity;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.resources.ResourceNames;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Capacity and allocatable of an EC2 instance type on EKS, with the formulas of Karpenter's AWS provider
 * ({@code pkg/providers/instancetype/types.go}) for AL2023 / AL2 / Custom AMI families. See docs in DESIGN.md.
 *
 * <pre>
 * capacity.cpu     = vCPUs
 * capacity.memory  = M − ceil(M × vmMemoryOverheadPercent) MiB, M = memory MiB (− 64 MiB CMA on arm64)
 * capacity.pods    = maxPods ?: ENI-limited (ENIs of the default card × (IPv4 per ENI − 1) + 2); podsPerCore caps it
 * capacity.ephemeral-storage = root volume (20Gi by default)
 * allocatable      = capacity − kubeReserved − systemReserved − evictionHard
 * kubeReserved.cpu = 6% of the 1st core + 1% of the 2nd + 0.5% of cores 3–4 + 0.25% of the rest (per tier, truncated)
 * kubeReserved.memory = 11Mi × ENI-limited pods + 255Mi (Bottlerocket: × resolved pods);  ephemeral-storage 1Gi
 * evictionHard     = memory 100Mi, ephemeral-storage ceil(10% of capacity)
 * </pre>
 */
public final class EksAllocatable {

    public static final double DEFAULT_VM_MEMORY_OVERHEAD_PERCENT = 0.075;
    public static final long DEFAULT_ROOT_VOLUME_BYTES = 20L << 30;
    private static final long MI = 1L << 20;
    private static final long GI = 1L << 30;

    /** The facts of an instance type these formulas need. */
    public record Shape(int vcpus, long memoryMiB, boolean arm64, int defaultCardEnis, int ipv4PerEni) {
        public int eniLimitedPods(int reservedEnis) {
            int usable = Math.max(0, defaultCardEnis - reservedEnis);
            return usable * (ipv4PerEni - 1) + 2;
        }
    }

    /** The AMI family changes which pod count sizes kube-reserved memory and whether podsPerCore applies. */
    public enum AmiFamily { AL2023, AL2, BOTTLEROCKET, CUSTOM }

    /** Operator flags (VM memory overhead, reserved ENIs) and the NodeClass' AMI family and root volume. */
    public record Options(double vmMemoryOverheadPercent, int reservedEnis, long rootVolumeBytes, AmiFamily amiFamily) {
        public static final Options DEFAULT = new Options(DEFAULT_VM_MEMORY_OVERHEAD_PERCENT, 0,
                DEFAULT_ROOT_VOLUME_BYTES, AmiFamily.AL2023);

        public Options(double vmMemoryOverheadPercent, int reservedEnis, long rootVolumeBytes) {
            this(vmMemoryOverheadPercent, reservedEnis, rootVolumeBytes, AmiFamily.AL2023);
        }
    }

    /** Capacity and allocatable (extended resources are added by the caller). */
    public record Result(ResourceList capacity, ResourceList allocatable) {
    }

    private EksAllocatable() {
    }

    public static Result compute(Shape shape, KubeletSettings kubelet, Options options) {
        long cpuMilli = shape.vcpus() * 1000L;
        long memMiB = shape.memoryMiB() - (shape.arm64() ? 64 : 0);
        long overheadMiB = BigDecimal.valueOf(memMiB).multiply(BigDecimal.valueOf(options.vmMemoryOverheadPercent()))
                .setScale(0, RoundingMode.CEILING).longValueExact();
        long memBytes = (memMiB - overheadMiB) * MI;
        int eniPods = shape.eniLimitedPods(options.reservedEnis());
        boolean bottlerocket = options.amiFamily() == AmiFamily.BOTTLEROCKET;
        long pods = kubelet.maxPods() != null ? kubelet.maxPods() : eniPods;
        if (kubelet.podsPerCore() != null && kubelet.podsPerCore() > 0 && !bottlerocket) {
            pods = Math.min(pods, (long) kubelet.podsPerCore() * shape.vcpus());
        }
        // AL2, AL2023 and Custom size kube-reserved memory by the ENI-limited pods even when maxPods is set;
        // Bottlerocket by the pods the node will really run
        long reservedForPods = bottlerocket ? pods : eniPods;
        long ephemeralBytes = options.rootVolumeBytes();

        ResourceList capacity = ResourceList.builder()
                .setMilli(ResourceNames.CPU, cpuMilli)
                .setUnits(ResourceNames.MEMORY, memBytes)
                .setUnits(ResourceNames.EPHEMERAL_STORAGE, ephemeralBytes)
                .setUnits(ResourceNames.PODS, pods)
                .build();

        ResourceList.Builder reserved = ResourceList.builder()
                .setMilli(ResourceNames.CPU, kubeReservedCpuMilli(cpuMilli))
                .setUnits(ResourceNames.MEMORY, (11L * reservedForPods + 255) * MI)
                .setUnits(ResourceNames.EPHEMERAL_STORAGE, GI);
        kubelet.kubeReserved().asMilliMap().forEach(reserved::setMilli);
        ResourceList kubeReserved = reserved.build();

        ResourceList eviction = ResourceList.builder()
                .setMilli(ResourceNames.MEMORY, evictionThreshold(kubelet.evictionHard().get("memory.available"),
                        memBytes * 1000L, 100 * MI * 1000L))
                .setMilli(ResourceNames.EPHEMERAL_STORAGE, evictionThreshold(
                        kubelet.evictionHard().get("nodefs.available"), ephemeralBytes * 1000L,
                        percentCeil(ephemeralBytes * 1000L, new BigDecimal("10"))))
                .build();

        ResourceList allocatable = capacity.minus(kubeReserved).minus(kubelet.systemReserved()).minus(eviction)
                .floorAtZero();
        return new Result(capacity, allocatable);
    }

    /** kube-reserved CPU in millicores for a capacity in millicores. */
    public static long kubeReservedCpuMilli(long cpuMilli) {
        long[][] tiers = {{0, 1000, 600}, {1000, 2000, 100}, {2000, 4000, 50}, {4000, Long.MAX_VALUE, 25}};
        long reserved = 0;
        for (long[] t : tiers) {
            long start = t[0];
            long end = t[1];
            if (cpuMilli <= start) {
                continue;
            }
            long span = Math.min(cpuMilli, end) - start;
            reserved += span * t[2] / 10000; // basis points, truncated per tier
        }
        return reserved;
    }

    private static long evictionThreshold(String signal, long capacityMilli, long defaultMilli) {
        if (signal == null || signal.isBlank()) {
            return defaultMilli;
        }
        String s = signal.trim();
        if (s.endsWith("%")) {
            BigDecimal pct = new BigDecimal(s.substring(0, s.length() - 1));
            if (pct.compareTo(BigDecimal.valueOf(100)) >= 0) {
                return 0;
            }
            return percentCeil(capacityMilli, pct);
        }
        return Quantity.parse(s).milliValue();
    }

    /** ceil(percent% of a value in thousandths), rounded up to whole units. */
    private static long percentCeil(long milli, BigDecimal percent) {
        BigDecimal units = BigDecimal.valueOf(milli).movePointLeft(3).multiply(percent).movePointLeft(2)
                .setScale(0, RoundingMode.CEILING);
        return units.longValueExact() * 1000L;
    }
}
