package io.kafkarpenter.model.requirements;

import java.util.Map;
import java.util.Set;

/** Label keys Karpenter treats specially: well-known, restricted, normalized legacy keys. */
public final class Labels {
    public static final String ZONE = "topology.kubernetes.io/zone";
    public static final String REGION = "topology.kubernetes.io/region";
    public static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
    public static final String ARCH = "kubernetes.io/arch";
    public static final String OS = "kubernetes.io/os";
    public static final String HOSTNAME = "kubernetes.io/hostname";
    public static final String WINDOWS_BUILD = "node.kubernetes.io/windows-build";
    public static final String CAPACITY_TYPE = "karpenter.sh/capacity-type";
    public static final String NODEPOOL = "karpenter.sh/nodepool";
    public static final String NODECLASS = "karpenter.k8s.aws/ec2nodeclass";
    public static final String REGISTERED = "karpenter.sh/registered";
    public static final String INITIALIZED = "karpenter.sh/initialized";
    public static final String ZONE_ID = "topology.k8s.aws/zone-id";

    public static final String CAPACITY_TYPE_ON_DEMAND = "on-demand";
    public static final String CAPACITY_TYPE_SPOT = "spot";
    public static final String CAPACITY_TYPE_RESERVED = "reserved";

    public static final String AWS_PREFIX = "karpenter.k8s.aws/";
    public static final String INSTANCE_CATEGORY = AWS_PREFIX + "instance-category";
    public static final String INSTANCE_FAMILY = AWS_PREFIX + "instance-family";
    public static final String INSTANCE_GENERATION = AWS_PREFIX + "instance-generation";
    public static final String INSTANCE_SIZE = AWS_PREFIX + "instance-size";
    public static final String INSTANCE_CPU = AWS_PREFIX + "instance-cpu";
    public static final String INSTANCE_CPU_MANUFACTURER = AWS_PREFIX + "instance-cpu-manufacturer";
    public static final String INSTANCE_CPU_SUSTAINED_CLOCK = AWS_PREFIX + "instance-cpu-sustained-clock-speed-mhz";
    public static final String INSTANCE_MEMORY = AWS_PREFIX + "instance-memory";
    public static final String INSTANCE_EBS_BANDWIDTH = AWS_PREFIX + "instance-ebs-bandwidth";
    public static final String INSTANCE_NETWORK_BANDWIDTH = AWS_PREFIX + "instance-network-bandwidth";
    public static final String INSTANCE_LOCAL_NVME = AWS_PREFIX + "instance-local-nvme";
    public static final String INSTANCE_HYPERVISOR = AWS_PREFIX + "instance-hypervisor";
    public static final String INSTANCE_ENCRYPTION_IN_TRANSIT = AWS_PREFIX + "instance-encryption-in-transit-supported";
    public static final String INSTANCE_CAPABILITY_FLEX = AWS_PREFIX + "instance-capability-flex";
    public static final String INSTANCE_GPU_NAME = AWS_PREFIX + "instance-gpu-name";
    public static final String INSTANCE_GPU_MANUFACTURER = AWS_PREFIX + "instance-gpu-manufacturer";
    public static final String INSTANCE_GPU_COUNT = AWS_PREFIX + "instance-gpu-count";
    public static final String INSTANCE_GPU_MEMORY = AWS_PREFIX + "instance-gpu-memory";
    public static final String INSTANCE_ACCELERATOR_NAME = AWS_PREFIX + "instance-accelerator-name";
    public static final String INSTANCE_ACCELERATOR_MANUFACTURER = AWS_PREFIX + "instance-accelerator-manufacturer";
    public static final String INSTANCE_ACCELERATOR_COUNT = AWS_PREFIX + "instance-accelerator-count";
    public static final String INSTANCE_TENANCY = AWS_PREFIX + "instance-tenancy";
    public static final String NITRO_SANDBOX = AWS_PREFIX + "nitro-sandbox";
    public static final String CAPACITY_RESERVATION_ID = AWS_PREFIX + "capacity-reservation-id";
    public static final String CAPACITY_RESERVATION_TYPE = AWS_PREFIX + "capacity-reservation-type";

    /** Keys that may be undefined on a NodePool and still be selected by pods (core + AWS provider). */
    public static final Set<String> WELL_KNOWN = Set.of(NODEPOOL, ZONE, REGION, INSTANCE_TYPE, ARCH, OS,
            CAPACITY_TYPE, WINDOWS_BUILD, ZONE_ID, INSTANCE_CATEGORY, INSTANCE_FAMILY, INSTANCE_GENERATION,
            INSTANCE_SIZE, INSTANCE_CPU, INSTANCE_CPU_MANUFACTURER, INSTANCE_CPU_SUSTAINED_CLOCK, INSTANCE_MEMORY,
            INSTANCE_EBS_BANDWIDTH, INSTANCE_NETWORK_BANDWIDTH, INSTANCE_LOCAL_NVME, INSTANCE_HYPERVISOR,
            INSTANCE_ENCRYPTION_IN_TRANSIT, INSTANCE_CAPABILITY_FLEX, INSTANCE_GPU_NAME, INSTANCE_GPU_MANUFACTURER,
            INSTANCE_GPU_COUNT, INSTANCE_GPU_MEMORY, INSTANCE_ACCELERATOR_NAME, INSTANCE_ACCELERATOR_MANUFACTURER,
            INSTANCE_ACCELERATOR_COUNT, INSTANCE_TENANCY, NITRO_SANDBOX, CAPACITY_RESERVATION_ID,
            CAPACITY_RESERVATION_TYPE);

    /** Legacy keys and the keys Karpenter normalizes them to. */
    public static final Map<String, String> NORMALIZED = Map.of(
            "failure-domain.beta.kubernetes.io/zone", ZONE,
            "failure-domain.beta.kubernetes.io/region", REGION,
            "beta.kubernetes.io/arch", ARCH,
            "beta.kubernetes.io/os", OS,
            "beta.kubernetes.io/instance-type", INSTANCE_TYPE,
            "topology.ebs.csi.aws.com/zone", ZONE);

    private Labels() {
    }

    public static String normalize(String key) {
        return NORMALIZED.getOrDefault(key, key);
    }

    /**
     * Whether a pod selecting this key is ignored by Karpenter: {@code kubernetes.io/hostname}, or a key in the
     * {@code karpenter.sh} domain other than the well-known ones.
     */
    public static boolean isRestrictedForPods(String key) {
        if (HOSTNAME.equals(key)) {
            return true;
        }
        String domain = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
        boolean karpenterDomain = domain.equals("karpenter.sh") || domain.endsWith(".karpenter.sh");
        return karpenterDomain && !WELL_KNOWN.contains(key);
    }
}
