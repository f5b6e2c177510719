package io.kafkarpenter.sandbox.kube.rbac;

import io.kafkarpenter.sandbox.kube.api.FieldSelector;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a request asks for, in the terms RBAC decides on: the API server's {@code RequestInfo}
 * ({@code k8s.io/apiserver/pkg/endpoints/request/requestinfo.go}), parsed from method, path and query the same way.
 *
 * <ul>
 *   <li>resource requests: {@code /api/v1/...} (core group "") and {@code /apis/GROUP/VERSION/...}, optionally
 *       {@code namespaces/NS/}, then {@code RESOURCE[/NAME[/SUBRESOURCE]]}; {@code /api/v1/namespaces/NS} itself is
 *       resource {@code namespaces}, name and namespace NS;</li>
 *   <li>verb from the method: POST create, GET/HEAD get, PUT update, PATCH patch, DELETE delete; a GET without a
 *       name is list, or watch with {@code watch=true}; a DELETE without a name is deletecollection; a
 *       {@code /watch/} path segment after the version makes it watch;</li>
 *   <li>a list or watch with {@code fieldSelector=metadata.name=X} has name X (so {@code resourceNames} can allow it,
 *       as in Kubernetes);</li>
 *   <li>everything else ({@code /version}, {@code /api}, {@code /apis/GROUP/VERSION}, {@code /openapi/v2}) is a
 *       non-resource request whose verb is the lower-cased method.</li>
 * </ul>
 *
 * @param resourceRequest false for a non-resource URL
 * @param path            the URL path (decoded), for non-resource requests and messages
 * @param verb            get, list, watch, create, update, patch, delete, deletecollection; for non-resource
 *                        requests the lower-cased method
 * @param apiGroup        "" for the core group
 * @param namespace       "" for a cluster-scoped request
 * @param resource        plural, e.g. {@code pods}
 * @param subresource     "" or e.g. {@code eviction}, {@code status}
 * @param name            "" when the request names no object
 */
public record RequestAttributes(boolean resourceRequest, String path, String verb, String apiGroup, String apiVersion,
                                String namespace, String resource, String subresource, String name) {

    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /** {@code pods} or {@code pods/eviction}: the form a rule's {@code resources} names it in. */
    public String combinedResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    /** @param pathAndQuery the request target, e.g. {@code /api/v1/namespaces/default/pods?watch=true} */
    public static RequestAttributes parse(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String rawPath = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        List<String> parts = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                parts.add(decodeSegment(segment));
            }
        }
        String path = "/" + String.join("/", parts);
        RequestAttributes nonResource = new RequestAttributes(false, path, method.toLowerCase(Locale.ROOT),
                "", "", "", "", "", "");
        if (parts.size() < 3 || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
            return nonResource;
        }
        List<String> current = parts.subList(1, parts.size());
        String group = "";
        if (parts.get(0).equals("apis")) {
            if (current.size() < 3) {
                return nonResource;
            }
            group = current.get(0);
            current = current.subList(1, current.size());
        }
        String version = current.get(0);
        current = current.subList(1, current.size());
        String verb;
        if (current.get(0).equals("watch")) {
            if (current.size() < 2) {
                return nonResource;
            }
            verb = "watch";
            current = current.subList(1, current.size());
        } else {
            verb = switch (method.toUpperCase(Locale.ROOT)) {
                case "POST" -> "create";
                case "GET", "HEAD" -> "get";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> "";
            };
        }
        String namespace = "";
        if (current.get(0).equals("namespaces")) {
            if (current.size() > 1) {
                namespace = current.get(1);
                if (current.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(current.get(2))) {
                    current = current.subList(2, current.size());
                }
            }
        }
        String resource = current.get(0);
        String name = current.size() >= 2 ? current.get(1) : "";
        String subresource = current.size() >= 3 ? current.get(2) : "";
        if (name.isEmpty() && verb.equals("get")) {
            verb = isTrue(queryValue(query, "watch")) ? "watch" : "list";
        }
        if (name.isEmpty() && (verb.equals("list") || verb.equals("watch"))) {
            name = exactName(queryValue(query, "fieldSelector"));
        }
        if (name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        return new RequestAttributes(true, path, verb, group, version, namespace, resource, subresource, name);
    }

    /** The value of {@code metadata.name=X} (or {@code ==}) in a field selector, else "". */
    private static String exactName(String selector) {
        if (selector == null) {
            return "";
        }
        try {
            return FieldSelector.parse(selector).requirements().stream()
                    .filter(r -> r.equals() && r.field().equals("metadata.name"))
                    .map(FieldSelector.Requirement::value)
                    .findFirst().orElse("");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String queryValue(String query, String parameter) {
        return Arrays.stream(query.split("&"))
                .filter(p -> p.startsWith(parameter + "="))
                .map(p -> URLDecoder.decode(p.substring(parameter.length() + 1), StandardCharsets.UTF_8))
                .findFirst().orElse(null);
    }

    /** Go's {@code strconv.ParseBool} truths, which the API server's parameter codec uses. */
    private static boolean isTrue(String value) {
        return value != null && Set.of("1", "t", "T", "true", "TRUE", "True").contains(value);
    }

    /** A path segment: percent-decoded, a '+' stays a '+' (it means a space only in a query). */
    private static String decodeSegment(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
