package io.kafkarpenter.sandbox.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cluster's API server does and fabric8's CRUD mock does not, in front of the mock's own dispatcher:
 * <ul>
 *   <li>the pod <b>binding</b> subresource ({@code POST .../pods/NAME/binding}, and the older
 *       {@code POST .../namespaces/NS/bindings}): sets {@code spec.nodeName} and condition PodScheduled=True;
 *       409 when the pod is already bound, 404 when it does not exist;</li>
 *   <li>the pod <b>eviction</b> subresource ({@code POST .../pods/NAME/eviction}): deletes the pod unless a
 *       {@code policy/v1} PodDisruptionBudget forbids it, then 429 TooManyRequests with the API server's Status
 *       (see {@link EvictionPolicy});</li>
 *   <li><b>field selectors</b> on any field other than {@code metadata.name}/{@code metadata.namespace}
 *       (which the mock handles itself), e.g. {@code spec.nodeName}, {@code status.phase}, with {@code =},
 *       {@code ==} and {@code !=}, on list and watch. A watch behaves like the real one: an object that starts
 *       matching arrives as ADDED, one that stops matching as DELETED.</li>
 * </ul>
 * Everything else goes to the delegate (expectations first, then CRUD). The extra operations are made of
 * ordinary GET/PUT/DELETE requests sent to the delegate, so watchers see the usual MODIFIED/DELETED events.
 */
public final class ApiServerExtensions extends Dispatcher {

    private static final Pattern POD_BINDING = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/binding$");
    private static final Pattern NAMESPACE_BINDINGS = Pattern.compile("^/api/v1/namespaces/([^/]+)/bindings$");
    private static final Pattern POD_EVICTION = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/eviction$");

    private final Dispatcher delegate;
    private final ObjectMapper json = Serialization.jsonMapper();
    /** Serialises evictions, so two concurrent evictions cannot both spend a budget's last disruption. */
    private final Object evictions = new Object();

    public ApiServerExtensions(Dispatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String fullPath = request.getPath();
        int q = fullPath.indexOf('?');
        String path = q < 0 ? fullPath : fullPath.substring(0, q);
        String query = q < 0 ? "" : fullPath.substring(q + 1);
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf")) {
            // a protobuf body no decoder in front (api.protobuf) understood: kubectl 1.32 does not retry it as JSON
            return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
                    + "media types include: application/json, application/yaml, application/merge-patch+json, "
                    + "application/strategic-merge-patch+json, application/apply-patch+yaml");
        }
        try {
            if ("POST".equals(request.getMethod())) {
                Matcher m;
                if ((m = POD_BINDING.matcher(path)).matches()) {
                    return bind(m.group(1), decode(m.group(2)), request.getUtf8Body());
                }
                if ((m = NAMESPACE_BINDINGS.matcher(path)).matches()) {
                    String body = request.getUtf8Body();
                    Binding binding = Serialization.unmarshal(body, Binding.class);
                    String name = binding.getMetadata() == null ? null : binding.getMetadata().getName();
                    if (name == null || name.isBlank()) {
                        return status(422, "Invalid", "Binding.metadata.name: Required value: the pod to bind");
                    }
                    return bind(m.group(1), name, body);
                }
                if ((m = POD_EVICTION.matcher(path)).matches()) {
                    return evict(m.group(1), decode(m.group(2)));
                }
            }
            if ("GET".equals(request.getMethod()) && query.contains("fieldSelector=")) {
                return selectFields(request, path, query);
            }
        } catch (RuntimeException e) {
            return status(400, "BadRequest", e.getMessage());
        }
        return delegate.dispatch(request);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    // ---- binding ----------------------------------------------------------------------------------------------

    private MockResponse bind(String namespace, String podName, String body) {
        Binding binding = Serialization.unmarshal(body, Binding.class);
        String nodeName = binding.getTarget() == null ? null : binding.getTarget().getName();
        if (nodeName == null || nodeName.isBlank()) {
            return status(422, "Invalid", "Binding \"" + podName + "\" is invalid: target.name: Required value");
        }
        String podPath = podPath(namespace, podName);
        for (int attempt = 0; attempt < 5; attempt++) {
            MockResponse current = internal(HttpMethod.GET, podPath, null);
            if (current.code() == HttpURLConnection.HTTP_NOT_FOUND) {
                return status(404, "NotFound", "pods \"" + podName + "\" not found");
            }
            Pod pod = Serialization.unmarshal(current.getBody().readUtf8(), Pod.class);
            String boundTo = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (boundTo != null && !boundTo.isEmpty()) {
                return status(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + podName
                        + "\": pod " + podName + " is already assigned to node \"" + boundTo + "\"");
            }
            pod.getSpec().setNodeName(nodeName);
            setPodScheduled(pod);
            MockResponse updated = internal(HttpMethod.PUT, podPath, Serialization.asJson(pod));
            if (updated.code() < 300) {
                return success(201);
            }
            if (updated.code() != HttpURLConnection.HTTP_CONFLICT) {
                return status(updated.code(), "InternalError", "binding pod " + podName + " failed: HTTP " + updated.code());
            }
            // a concurrent write changed the pod: read it again
        }
        return status(409, "Conflict", "pod " + podName + " kept changing while binding it");
    }

    private static void setPodScheduled(Pod pod) {
        if (pod.getStatus() == null) {
            pod.setStatus(new PodStatus());
        }
        if (pod.getStatus().getPhase() == null) {
            pod.getStatus().setPhase("Pending");
        }
        List<PodCondition> conditions = new ArrayList<>(
                pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions());
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).build());
        pod.getStatus().setConditions(conditions);
    }

    // ---- eviction ---------------------------------------------------------------------------------------------

    private MockResponse evict(String namespace, String podName) {
        synchronized (evictions) {
            String podPath = podPath(namespace, podName);
            MockResponse current = internal(HttpMethod.GET, podPath, null);
            if (current.code() == HttpURLConnection.HTTP_NOT_FOUND) {
                return status(404, "NotFound", "pods \"" + podName + "\" not found");
            }
            Pod pod = Serialization.unmarshal(current.getBody().readUtf8(), Pod.class);
            List<PodDisruptionBudget> budgets = listItems(
                    "/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets", PodDisruptionBudget.class);
            List<Pod> pods = listItems("/api/v1/namespaces/" + namespace + "/pods", Pod.class);
            EvictionPolicy.Decision decision = EvictionPolicy.decide(pod, budgets, pods);
            if (decision instanceof EvictionPolicy.Refused refused) {
                Status status = new StatusBuilder().withStatus("Failure").withCode(429).withReason("TooManyRequests")
                        .withMessage("Cannot evict pod as it would violate the pod's disruption budget.")
                        .withNewDetails().addNewCause().withReason("DisruptionBudget")
                        .withMessage("The disruption budget " + refused.budget() + " needs " + refused.desiredHealthy()
                                + " healthy pods and has " + refused.currentHealthy() + " currently")
                        .endCause().endDetails().build();
                return respond(429, status);
            }
            if (decision instanceof EvictionPolicy.MultipleBudgets multiple) {
                return status(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the "
                        + "eviction subresource does not support. (" + String.join(", ", multiple.budgets()) + ")");
            }
            MockResponse deleted = internal(HttpMethod.DELETE, podPath, null);
            if (deleted.code() == HttpURLConnection.HTTP_NOT_FOUND) {
                return status(404, "NotFound", "pods \"" + podName + "\" not found");
            }
            return success(201);
        }
    }

    private <T> List<T> listItems(String path, Class<T> type) {
        MockResponse response = internal(HttpMethod.GET, path, null);
        KubernetesList list = Serialization.unmarshal(response.getBody().readUtf8(), KubernetesList.class);
        List<T> items = new ArrayList<>();
        if (list.getItems() != null) {
            list.getItems().forEach(item -> items.add(Serialization.unmarshal(Serialization.asJson(item), type)));
        }
        return items;
    }

    // ---- field selectors --------------------------------------------------------------------------------------

    private MockResponse selectFields(RecordedRequest request, String path, String query) {
        List<String> passedOn = new ArrayList<>();
        List<String> delegatedTerms = new ArrayList<>();
        FieldSelector ours = new FieldSelector(List.of());
        for (String parameter : query.split("&")) {
            if (!parameter.startsWith("fieldSelector=")) {
                passedOn.add(parameter);
                continue;
            }
            List<FieldSelector.Requirement> mine = new ArrayList<>();
            for (FieldSelector.Requirement r : FieldSelector.parse(decode(parameter.substring("fieldSelector=".length()))).requirements()) {
                if (r.field().startsWith("metadata.")) {
                    delegatedTerms.add(r.toString());
                } else {
                    mine.add(r);
                }
            }
            ours = new FieldSelector(mine);
        }
        if (ours.isEmpty()) {
            return delegate.dispatch(request);
        }
        if (!delegatedTerms.isEmpty()) {
            passedOn.add("fieldSelector=" + URLEncoder.encode(String.join(",", delegatedTerms), StandardCharsets.UTF_8));
        }
        String rewritten = passedOn.isEmpty() ? path : path + "?" + String.join("&", passedOn);
        MockResponse response = delegate.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(),
                rewritten, request.getHeaders(), new Buffer()));
        if (response.getWebSocketListener() != null) {
            return response.withWebSocketUpgrade(new FieldSelectingWatch(response.getWebSocketListener(), ours, json));
        }
        if (response.code() != HttpURLConnection.HTTP_OK || response.getBody() == null) {
            return response;
        }
        try {
            JsonNode list = json.readTree(response.getBody().readUtf8());
            JsonNode items = list.get("items");
            if (items instanceof ArrayNode array) {
                ArrayNode kept = json.createArrayNode();
                final FieldSelector selector = ours;
                array.forEach(item -> {
                    if (selector.matches(item)) {
                        kept.add(item);
                    }
                });
                ((ObjectNode) list).set("items", kept);
            }
            return new MockResponse().setResponseCode(200).setHeaders(response.getHeaders())
                    .setBody(json.writeValueAsString(list));
        } catch (IOException e) {
            return status(500, "InternalError", "cannot filter list by field selector: " + e.getMessage());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private MockResponse internal(HttpMethod method, String path, String body) {
        return InternalRequests.dispatch(delegate, method, path, body);
    }

    private static String podPath(String namespace, String podName) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + podName;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static MockResponse success(int code) {
        return respond(code, new StatusBuilder().withStatus("Success").withCode(code).build());
    }

    private static MockResponse status(int code, String reason, String message) {
        return respond(code, new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
                .withMessage(message).build());
    }

    private static MockResponse respond(int code, Status status) {
        status.setApiVersion("v1");
        status.setKind("Status");
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
    }
}
