package io.kafkarpenter.model.pods;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to compute a pod's effective requests the way Kubernetes does: the containers,
 * the init containers in order (sidecars marked), and the pod overhead (RuntimeClass).
 */
public record PodResources(List<ContainerResources> containers, List<ContainerResources> initContainers, Map<String, String> overhead) {
    public static final PodResources NONE = new PodResources(List.of(), List.of(), Map.of());

    public PodResources {
        containers = Fields.list(containers);
        initContainers = Fields.list(initContainers);
        overhead = Fields.map(overhead);
    }
}
