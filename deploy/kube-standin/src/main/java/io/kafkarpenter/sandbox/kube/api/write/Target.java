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
 * @param dryRun     {@code dryRun=All}: answer as if written, write nothing
 */
record Target(String group, String version, String namespace, String resource, String name, String subresource,
              String validation, boolean dryRun) {

    static Target of(RequestAttributes request, String query) {
        String validation = parameter(query, "fieldValidation");
        // a Namespace is addressed as /api/v1/namespaces/NS: named NS, but not inside itself
        String namespace = request.resource().equals("namespaces") ? "" : request.namespace();
        return new Target(request.apiGroup(), request.apiVersion(), namespace, request.resource(),
                request.name(), request.subresource(), validation, parameter(query, "dryRun").equals("All"));
    }

    Target asDryRun() {
        return new Target(group, version, namespace, resource, name, subresource, validation, true);
    }

    private static String parameter(String query, String name) {
        return Arrays.stream(query.split("&"))
                .filter(p -> p.startsWith(name + "="))
                .map(p -> URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8))
                .findFirst().orElse("");
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
