package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;

import java.util.Arrays;
import java.util.Locale;

/** The patch types of the API server ({@code k8s.io/apimachinery/pkg/types.PatchType}) and how each is applied. */
final class Patches {

    enum Type {
        JSON_PATCH("application/json-patch+json"),
        MERGE("application/merge-patch+json"),
        STRATEGIC("application/strategic-merge-patch+json"),
        APPLY("application/apply-patch+yaml");

        final String mediaType;

        Type(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Patches() {
    }

    /** The patch type of a Content-Type header ({@code application/merge-patch+json; charset=utf-8}), or null. */
    static Type of(String contentType) {
        if (contentType == null) {
            return null;
        }
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(Type.values()).filter(t -> t.mediaType.equals(mediaType)).findFirst().orElse(null);
    }

    /** The API server's 415 text: the patch types accepted for a built-in kind or a custom resource. */
    static String unsupported(boolean builtIn) {
        return "the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
                + (builtIn ? ", application/strategic-merge-patch+json" : "");
    }

    /** The patch document: JSON, or YAML (a superset of JSON) for apply patches. */
    static JsonNode parse(Type type, String body) {
        if (type != Type.APPLY) {
            return Store.parse(body);
        }
        try {
            JsonNode node = YAML.readTree(body);
            if (node == null || !node.isObject()) {
                throw new PatchException("error decoding YAML: the apply patch must be an object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PatchException("error decoding YAML: " + e.getOriginalMessage());
        }
    }

    /**
     * {@code current} patched. An apply patch is merged into the object like a strategic merge patch: lists with a
     * merge key in {@code schema} merge by key, other lists are replaced ({@link PatchSchema#none()} for custom
     * resources: maps merge, lists are replaced, as a JSON merge patch does).
     */
    static JsonNode apply(Type type, JsonNode current, JsonNode patch, PatchSchema schema) {
        return switch (type) {
            case JSON_PATCH -> {
                try {
                    yield JsonPatch.apply(patch, current);
                } catch (JsonPatchException e) {
                    throw new PatchException(e.getMessage());
                }
            }
            case MERGE -> JsonMergePatch.apply(current, patch);
            case STRATEGIC, APPLY -> StrategicMergePatch.apply(current, patch, schema);
        };
    }
}
