package io.kafkarpenter.sandbox.kube.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.Map;

/**
 * A controller's status write: one JSON merge patch of {@code status} alone on the status subresource (no read
 * first, no resourceVersion), so it never overwrites a spec someone changed meanwhile (a {@code kubectl scale}).
 */
final class StatusWrites {

    static <T extends HasMetadata> void patch(KubernetesClient client, Resource<T> resource, Object status) {
        String patch = client.getKubernetesSerialization().asJson(Map.of("status", status));
        try {
            resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private StatusWrites() {
    }
}
