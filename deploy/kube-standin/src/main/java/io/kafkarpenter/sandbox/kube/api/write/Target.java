package io.kafkarpenter.sandbox.kube.api.write;

import io.kafkarpenter.sandbox.kube.rbac.RequestAttributes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The object a write request addresses, from the request's {@link RequestAttributes} (the API server's
 * {@code RequestInfo}), plus the query's {@code fieldValidation}.
 *
 * @param validation the {@code fieldValidation} parameter as sent ("" when absent)
 */
record Target(String group, String version, String namespace, String resource, String name, String subresource,
              String validation) {

    static Target of(RequestAttributes request, String query) {
        String validation = Arrays.stream(query.split("&"))
                .filter(p -> p.startsWith("fieldValidation="))
                .map(p -> URLDecoder.decode(p.substring("fieldValidation=".length()), StandardCharsets.UTF_8))
                .findFirst().orElse("");
        // a Namespace is addressed as /api/v1/namespaces/NS: named NS, but not inside itself
        String namespace = request.resource().equals("namespaces") ? "" : request.namespace();
        return new Target(request.apiGroup(), request.apiVersion(), namespace, request.resource(),
                request.name(), request.subresource(), validation);
    }

    /**
     * A kind built into the API server (not a custom resource): the core group, the unqualified groups
     * ({@code apps}, {@code batch}, {@code policy}, {@code autoscaling}) and {@code *.k8s.io}, which CRDs may not
     * use without an API review.
     */
    boolean builtIn() {
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** {@code pods}, {@code deployments.apps}, {@code nodepools.karpenter.sh}: how errors name the resource. */
    String qualifiedResource() {
        return group.isEmpty() ? resource : resource + "." + group;
    }

    String collectionPath() {
        String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return prefix + (namespace.isEmpty() ? "" : "/namespaces/" + namespace) + "/" + resource;
    }

    String objectPath() {
        return collectionPath() + "/" + name;
    }

    /** The path writes go to: the object, or its status subresource. */
    String writePath() {
        return subresource.equals("status") ? objectPath() + "/status" : objectPath();
    }
}
