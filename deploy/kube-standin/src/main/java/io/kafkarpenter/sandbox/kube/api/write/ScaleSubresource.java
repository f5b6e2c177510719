package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code scale} subresource of Deployments, ReplicaSets and StatefulSets ({@code apps/v1}), which
 * {@code kubectl scale} and the HorizontalPodAutoscaler use: an {@code autoscaling/v1} {@code Scale} with
 * {@code spec.replicas}, {@code status.replicas} and {@code status.selector} (the label selector as a string).
 * GET reads it; PUT and PATCH (merge, JSON and strategic merge patch) change the workload's {@code spec.replicas}
 * through an ordinary update of the workload, so its watchers see MODIFIED. A Scale sent with a
 * {@code metadata.resourceVersion} other than the workload's is refused with 409 Conflict, as upstream.
 */
final class ScaleSubresource {

    static final Set<String> SCALABLE = Set.of("deployments", "replicasets", "statefulsets");

    private final Store store;

    ScaleSubresource(Store store) {
        this.store = store;
    }

    static boolean addresses(Target target) {
        return target.group().equals("apps") && target.subresource().equals("scale")
                && SCALABLE.contains(target.resource()) && !target.name().isEmpty();
    }

    MockResponse get(Target target) {
        JsonNode workload = store.get(target.objectPath());
        if (workload == null) {
            return Responses.notFound(target.qualifiedResource(), target.name());
        }
        return Responses.object(200, scaleOf(workload), List.of());
    }

    MockResponse put(Target target, JsonNode scale) {
        return update(target, current -> scale);
    }

    MockResponse patch(Target target, Patches.Type type, JsonNode patch) {
        return update(target, current -> Patches.apply(type, current, patch, PatchSchema.none()));
    }

    private MockResponse update(Target target, java.util.function.UnaryOperator<JsonNode> change) {
        for (int attempt = 0; attempt < 5; attempt++) {
            JsonNode workload = store.get(target.objectPath());
            if (workload == null) {
                return Responses.notFound(target.qualifiedResource(), target.name());
            }
            JsonNode current = scaleOf(workload);
            JsonNode wanted = change.apply(current.deepCopy());
            String currentVersion = current.path("metadata").path("resourceVersion").asText("");
            String wantedVersion = wanted.path("metadata").path("resourceVersion").asText("");
            boolean precondition = !wantedVersion.isEmpty() && !wantedVersion.equals(currentVersion);
            if (precondition) {
                return Responses.conflict(target.qualifiedResource(), target.name());
            }
            JsonNode replicas = wanted.path("spec").path("replicas");
            if (!replicas.isMissingNode() && !replicas.isNull() && !replicas.canConvertToInt()) {
                return Responses.badRequest("Scale.spec.replicas: Invalid value: " + replicas + ": must be an integer");
            }
            int desired = replicas.isMissingNode() || replicas.isNull() ? 0 : replicas.asInt();
            if (desired < 0) {
                return Responses.failure(422, "Invalid", "Scale.autoscaling \"" + target.name()
                        + "\" is invalid: spec.replicas: Invalid value: " + desired
                        + ": must be greater than or equal to 0");
            }
            if (workload.path("spec").path("replicas").asInt(1) == desired && workload.path("spec").has("replicas")) {
                return Responses.object(200, current, List.of());
            }
            ObjectNode updated = (ObjectNode) workload.deepCopy();
            updated.with("spec").put("replicas", desired);
            if (target.dryRun()) {
                return Responses.object(200, scaleOf(updated), List.of());
            }
            MockResponse response = store.put(target.objectPath(), updated);
            if (response.code() == 409 && wantedVersion.isEmpty()) {
                continue;
            }
            if (response.code() >= 300) {
                return response;
            }
            return Responses.object(200, scaleOf(Store.parse(response.getBody().readUtf8())), List.of());
        }
        return Responses.conflict(target.qualifiedResource(), target.name());
    }

    /** The workload's {@code autoscaling/v1} Scale. */
    static ObjectNode scaleOf(JsonNode workload) {
        ObjectNode scale = Store.JSON.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = scale.putObject("metadata");
        JsonNode source = workload.path("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (source.has(field)) {
                metadata.set(field, source.get(field));
            }
        }
        scale.putObject("spec").put("replicas", workload.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", workload.path("status").path("replicas").asInt(0));
        status.put("selector", selectorString(workload.path("spec").path("selector")));
        return scale;
    }

    /**
     * A label selector in its string form ({@code metav1.LabelSelectorAsSelector(...).String()}): requirements sorted
     * by key, {@code k=v}, {@code k in (a,b)}, {@code k notin (a)}, {@code k}, {@code !k}.
     */
    static String selectorString(JsonNode selector) {
        Map<String, List<String>> byKey = new TreeMap<>();
        selector.path("matchLabels").fields().forEachRemaining(e ->
                byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getKey() + "=" + e.getValue().asText()));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            values.sort(null);
            String requirement = switch (expression.path("operator").asText()) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key;
            };
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(requirement);
        }
        List<String> all = new ArrayList<>();
        byKey.values().forEach(all::addAll);
        return String.join(",", all);
    }
}
