package io.kafkarpenter.model.instancetypes;

import io.kafkarpenter.model.resources.ResourceList;

import java.util.Map;

/**
 * The EC2NodeClass {@code spec.kubelet} settings that change capacity and allocatable.
 *
 * @param maxPods      {@code maxPods}, or null for the ENI-limited value
 * @param podsPerCore  {@code podsPerCore}, or null
 * @param kubeReserved keys that replace the computed kube-reserved values
 * @param systemReserved system-reserved resources (nothing by default)
 * @param evictionHard {@code evictionHard} signals, e.g. {"memory.available": "500Mi", "nodefs.available": "10%"}
 */
public record KubeletSettings(Integer maxPods, Integer podsPerCore, ResourceList kubeReserved,
        ResourceList systemReserved, Map<String, String> evictionHard) {

    public static final KubeletSettings DEFAULT = new KubeletSettings(null, null, ResourceList.EMPTY,
            ResourceList.EMPTY, Map.of());

    public KubeletSettings {
        kubeReserved = kubeReserved == null ? ResourceList.EMPTY : kubeReserved;
        systemReserved = systemReserved == null ? ResourceList.EMPTY : systemReserved;
        evictionHard = evictionHard == null ? Map.of() : Map.copyOf(evictionHard);
    }
}
