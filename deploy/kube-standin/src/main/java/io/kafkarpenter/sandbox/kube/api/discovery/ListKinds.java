package io.kafkarpenter.sandbox.kube.api.discovery;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.kafkarpenter.sandbox.kube.rbac.RequestAttributes;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives a list answer the kind an API server gives it: the mock answers every list as {@code v1 List}; typed clients
 * (kubectl describe's clientset) decode into e.g. {@code PodList} and find nothing in a {@code List}. Only the head of
 * the body is rewritten ({@code "apiVersion":"v1","kind":"List"} → {@code "apiVersion":"apps/v1","kind":
 * "DeploymentList"}), so a large list is not parsed again.
 */
final class ListKinds {

    private static final Pattern HEAD = Pattern.compile("^\\{\\s*\"apiVersion\"\\s*:\\s*\"v1\"\\s*,\\s*\"kind\"\\s*:\\s*\"List\"");

    private ListKinds() {
    }

    static MockResponse rewrite(String method, String path, MockResponse response, Dispatcher store) {
        if (!"GET".equals(method) || response.code() != 200 || response.getBody() == null
                || response.getWebSocketListener() != null) {
            return response;
        }
        RequestAttributes request = RequestAttributes.parse(method, path);
        if (!request.resourceRequest() || !request.verb().equals("list") || !request.subresource().isEmpty()) {
            return response;
        }
        String body = response.getBody().readUtf8();
        Matcher head = HEAD.matcher(body);
        if (head.lookingAt()) {
            Optional<ApiResource> resource = builtin(request);
            if (resource.isEmpty()) {
                resource = ResourceCatalog.read(store).find(request.apiGroup(), request.apiVersion(), request.resource());
            }
            if (resource.isPresent()) {
                body = "{\"apiVersion\":\"" + resource.get().groupVersion() + "\",\"kind\":\"" + resource.get().kind()
                        + "List\"" + body.substring(head.end());
            }
        }
        response.setBody(body);
        return response;
    }

    private static Optional<ApiResource> builtin(RequestAttributes request) {
        return BuiltinResources.all().stream()
                .filter(r -> r.group().equals(request.apiGroup()) && r.version().equals(request.apiVersion())
                        && r.plural().equals(request.resource()))
                .findFirst();
    }
}
