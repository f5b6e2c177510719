package io.kafkarpenter.model.pods;

import java.util.Map;

/**
 * The raw {@code resources} of one container, quantities as Kubernetes strings (e.g. {@code {"cpu":"500m"}}).
 * Limits are kept because a limit acts as the request when the request is absent. {@code sidecar} marks an
 * init container with {@code restartPolicy: Always} (it keeps running and adds to the pod's requests);
 * always false for regular containers. The arithmetic lives in the domain ({@code model.resources}).
 */
public record ContainerResources(String name, Map<String, String> requests, Map<String, String> limits, boolean sidecar) {
    public ContainerResources {
        name = Fields.orDefault(name, "");
        requests = Fields.map(requests);
        limits = Fields.map(limits);
    }

    public static ContainerResources container(String name, Map<String, String> requests) {
        return new ContainerResources(name, requests, Map.of(), false);
    }
}
