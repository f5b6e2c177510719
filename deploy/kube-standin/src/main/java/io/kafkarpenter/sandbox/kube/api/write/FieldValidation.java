package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.List;

/**
 * Server-side field validation of custom resources ({@code ?fieldValidation=Strict|Warn|Ignore}, which kubectl
 * sends with every write) against the stored CRD's {@code openAPIV3Schema} for the request's version, read from the
 * store on each validated request (so a CRD updated through the API applies at once):
 * <ul>
 *   <li>{@code Strict}: an object with fields the schema does not declare is refused — a create or update with
 *       400 BadRequest {@code NodePool in version "v1" cannot be handled as a NodePool: strict decoding error:
 *       unknown field "spec.template.spec.foo"}, a patch with 422 Invalid (upstream's {@code patch: Invalid value})
 *       — the API server's texts;</li>
 *   <li>{@code Warn}: the unknown fields are dropped and named in {@code Warning} headers (kubectl prints
 *       {@code Warning: unknown field "spec.foo"});</li>
 *   <li>{@code Ignore}: dropped silently.</li>
 * </ul>
 * Without the parameter nothing is checked or dropped (the API server's default would be {@code Warn}; the
 * services' fabric8 clients send none, and their writes stay as cheap as before). Built-in kinds are not validated.
 */
final class FieldValidation {

    static final String STRICT = "Strict";
    static final String WARN = "Warn";
    static final String IGNORE = "Ignore";

    /** What the check decided: a refusal to answer with, or warnings to add (the object was pruned in place). */
    record Outcome(MockResponse refusal, List<String> warnings) {
        static final Outcome NONE = new Outcome(null, List.of());
    }

    private record Crd(String kind, JsonNode schema) {
    }

    private final Store store;

    FieldValidation(Store store) {
        this.store = store;
    }

    /** True when {@code target} asks for validation the stand-in performs (a custom resource, a known directive). */
    boolean applies(Target target) {
        return !target.builtIn() && List.of(STRICT, WARN, IGNORE).contains(target.validation());
    }

    /** Checks {@code object} (the request's body, or a patch's result), pruning unknown fields unless refused. */
    Outcome check(Target target, JsonNode object, boolean patch) {
        if (!applies(target) || !object.isObject()) {
            return Outcome.NONE;
        }
        Crd crd = crd(target);
        if (crd == null) {
            return Outcome.NONE;
        }
        JsonNode before = target.validation().equals(STRICT) ? object.deepCopy() : null;
        List<String> unknown = UnknownFields.prune(object, crd.schema());
        if (unknown.isEmpty()) {
            return Outcome.NONE;
        }
        List<String> errors = unknown.stream().map(path -> "unknown field \"" + path + "\"").toList();
        return switch (target.validation()) {
            case STRICT -> new Outcome(refusal(target, crd, before, patch, errors), List.of());
            case WARN -> new Outcome(null, errors);
            default -> Outcome.NONE;
        };
    }

    private static MockResponse refusal(Target target, Crd crd, JsonNode object, boolean patch, List<String> errors) {
        String strict = "strict decoding error: " + String.join(", ", errors);
        if (patch) {
            return Responses.failure(422, "Invalid", "\"\" is invalid: patch: Invalid value: "
                    + Store.write(Store.JSON.getNodeFactory().textNode(Store.write(object))) + ": " + strict);
        }
        String apiVersion = object.path("apiVersion").asText("");
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        String kind = object.path("kind").asText(crd.kind());
        return Responses.badRequest(kind + " in version \"" + (version.isEmpty() ? target.version() : version)
                + "\" cannot be handled as a " + crd.kind() + ": " + strict);
    }

    private Crd crd(Target target) {
        JsonNode crd = store.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
                + target.resource() + "." + target.group());
        if (crd == null) {
            return null;
        }
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("name").asText().equals(target.version())) {
                JsonNode schema = version.path("schema").path("openAPIV3Schema");
                return schema.isObject() ? new Crd(crd.path("spec").path("names").path("kind").asText(), schema) : null;
            }
        }
        return null;
    }
}
