package io.kafkarpenter.consolidator.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.micrometer.core.instrument.Tags;

/**
 * Karpenter's {@code NODE_LABELS} (karpenter-observability §1.1): for every well-known label key of core and the AWS
 * provider (v1.14.1), the part after '/' lower-cased with '-' as '_', valued with the node's label or ""; plus
 * {@code node_name}, {@code phase} (Node.status.phase) and {@code managed} ("true" when the node has a NodePool).
 */
final class NodeMetricLabels {

    /** Label name -> the node label it reads. */
    static final Map<String, String> KEYS = keys();

    private NodeMetricLabels() {
    }

    static Tags of(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Tags tags = Tags.empty();
        for (Map.Entry<String, String> e : KEYS.entrySet()) {
            tags = tags.and(e.getKey(), labels.getOrDefault(e.getValue(), ""));
        }
        String phase = node.getStatus() == null || node.getStatus().getPhase() == null ? "" : node.getStatus().getPhase();
        return tags.and("node_name", node.getMetadata().getName()).and("phase", phase)
            .and("managed", String.valueOf(labels.containsKey(KEYS.get("nodepool"))));
    }

    private static Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("nodepool", "karpenter.sh/nodepool");
        keys.put("zone", "topology.kubernetes.io/zone");
        keys.put("region", "topology.kubernetes.io/region");
        keys.put("instance_type", "node.kubernetes.io/instance-type");
        keys.put("arch", "kubernetes.io/arch");
        keys.put("os", "kubernetes.io/os");
        keys.put("capacity_type", "karpenter.sh/capacity-type");
        keys.put("windows_build", "node.kubernetes.io/windows-build");
        keys.put("zone_id", "topology.k8s.aws/zone-id");
        for (String aws : List.of("capacity_reservation_id", "capacity_reservation_type",
            "capacity_reservation_interruptible", "instance_hypervisor", "instance_encryption_in_transit_supported",
            "instance_category", "instance_capability_flex", "instance_family", "instance_generation", "instance_size",
            "instance_local_nvme", "instance_cpu", "instance_cpu_manufacturer", "instance_cpu_sustained_clock_speed_mhz",
            "instance_memory", "instance_ebs_bandwidth", "instance_network_bandwidth", "instance_gpu_name",
            "instance_gpu_manufacturer", "instance_gpu_count", "instance_gpu_memory", "instance_accelerator_name",
            "instance_accelerator_manufacturer", "instance_accelerator_count", "instance_tenancy", "placement_group_id",
            "placement_group_partition")) {
            keys.put(aws, "karpenter.k8s.aws/" + aws.replace('_', '-'));
        }
        return Map.copyOf(keys);
    }
}
