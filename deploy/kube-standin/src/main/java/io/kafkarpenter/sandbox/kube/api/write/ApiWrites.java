package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kafkarpenter.sandbox.kube.rbac.RequestAttributes;

import java.util.List;

/**
 * The writes kubectl makes that fabric8's CRUD mock does not serve, in front of the rest of the stand-in:
 * <ul>
 *   <li><b>PATCH</b> of objects and their {@code status}: strategic merge patch for built-in kinds
 *       ({@link StrategicMergePatch}, merge keys from {@link PatchSchema}), JSON merge patch (RFC 7386) for every kind,
 *       and server-side <b>apply</b> patches (below); JSON patches go to the mock as before unless field validation
 *       applies. A patch is carried out as GET + PUT (with the read resourceVersion, retried on a conflict) so the
 *       store's rules apply and watchers see MODIFIED; a patch that changes nothing writes nothing (the
 *       resourceVersion stays);</li>
 *   <li><b>server-side apply</b> ({@code application/apply-patch+yaml}, {@code kubectl apply --server-side}): creates
 *       the object when absent (201), else merges the applied configuration into it like a strategic merge patch
 *       (lists with a merge key by key, other lists replaced; custom resources: maps merged, lists replaced). There
 *       are no managed fields: the field manager is ignored, nothing is ever a conflict, and a field left out of the
 *       applied configuration is kept, not removed;</li>
 *   <li>the {@code scale} subresource of Deployments, ReplicaSets and StatefulSets ({@link ScaleSubresource});</li>
 *   <li>server-side field validation of custom resources on create, update and patch ({@link FieldValidation});</li>
 *   <li>{@code dryRun=All} (query, or a DELETE's DeleteOptions): validated and answered as if written, nothing
 *       written.</li>
 * </ul>
 * Protobuf request bodies (kubectl's typed clients) arrive here already as JSON ({@code api.protobuf}).
 * Everything else goes to the delegate untouched.
 */
public final class ApiWrites extends Dispatcher {

    private static final int ATTEMPTS = 5;

    private final Store store;
    private final ScaleSubresource scale;
    private final FieldValidation validation;

    public ApiWrites(Dispatcher delegate) {
        this.store = new Store(delegate);
        this.scale = new ScaleSubresource(store);
        this.validation = new FieldValidation(store);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String fullPath = request.getPath();
        int q = fullPath.indexOf('?');
        String query = q < 0 ? "" : fullPath.substring(q + 1);
        RequestAttributes attributes = RequestAttributes.parse(request.getMethod(), fullPath);
        if (!attributes.resourceRequest()) {
            return store.delegate().dispatch(request);
        }
        MockResponse response = write(request, Target.of(attributes, query));
        if (!request.getMethod().equals("GET") && response.getWebSocketListener() == null
                && response.getHeaders().get("Content-Type") == null) {
            // the mock answers writes in JSON without saying so; client-go would then decode the answer in the
            // request's content type (protobuf for kubectl's typed clients) and fail
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    private MockResponse write(RecordedRequest request, Target target) {
        String method = request.getMethod();
        try {
            if (method.equals("DELETE") && request.getBody().size() > 0) {
                // DeleteOptions (kubectl delete sends them): of those only dryRun is honoured here
                String options = request.getUtf8Body();
                for (JsonNode mode : Store.parse(options).path("dryRun")) {
                    target = mode.asText().equals("All") ? target.asDryRun() : target;
                }
                request = withBody(request, options);
            }
            if (target.dryRun() && target.subresource().isEmpty() && !method.equals("GET") && !method.equals("PATCH")) {
                return dryRun(method, request, target);
            }
            if (ScaleSubresource.addresses(target)) {
                return switch (method) {
                    case "GET" -> scale.get(target);
                    case "PUT" -> scale.put(target, Store.parse(request.getUtf8Body()));
                    case "PATCH" -> scalePatch(request, target);
                    default -> Responses.failure(405, "MethodNotAllowed",
                            "the server does not allow this method on the requested resource");
                };
            }
            if (method.equals("PATCH") && (target.subresource().isEmpty() || target.subresource().equals("status"))) {
                return patch(request, target);
            }
            if ((method.equals("POST") || method.equals("PUT")) && target.subresource().isEmpty()
                    && validation.applies(target)) {
                return validated(request, target);
            }
        } catch (PatchException e) {
            return Responses.badRequest(e.getMessage());
        }
        return store.delegate().dispatch(request);
    }

    @Override
    public void shutdown() {
        store.delegate().shutdown();
    }

    private MockResponse scalePatch(RecordedRequest request, Target target) {
        Patches.Type type = Patches.of(request.getHeader("Content-Type"));
        if (type == null || type == Patches.Type.APPLY) {
            return Responses.failure(415, "UnsupportedMediaType", Patches.unsupported(true));
        }
        return scale.patch(target, type, Patches.parse(type, request.getUtf8Body()));
    }

    // ---- PATCH ------------------------------------------------------------------------------------------------

    private MockResponse patch(RecordedRequest request, Target target) {
        if (target.name().isEmpty()) {
            return Responses.failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }
        Patches.Type type = Patches.of(request.getHeader("Content-Type"));
        if (type == null || (type == Patches.Type.STRATEGIC && !target.builtIn())) {
            return Responses.failure(415, "UnsupportedMediaType", Patches.unsupported(target.builtIn()));
        }
        if (type == Patches.Type.JSON_PATCH && !validation.applies(target) && !target.dryRun()) {
            return store.delegate().dispatch(request);
        }
        JsonNode patch = Patches.parse(type, request.getUtf8Body());
        PatchSchema schema = target.builtIn() ? PatchSchema.forResource(target.group(), target.resource()) : PatchSchema.none();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            JsonNode current = store.get(target.objectPath());
            if (current == null) {
                return type == Patches.Type.APPLY ? create(target, patch)
                        : Responses.notFound(target.qualifiedResource(), target.name());
            }
            JsonNode patched = Patches.apply(type, current, patch, schema);
            if (!patched.isObject()) {
                throw new PatchException("the patched object is not a JSON object");
            }
            FieldValidation.Outcome checked = validation.check(target, patched, true);
            if (checked.refusal() != null) {
                return checked.refusal();
            }
            if (patched.equals(current) || target.dryRun()) {
                return Responses.object(200, patched, checked.warnings());
            }
            boolean ownVersion = version(patched).equals(version(current));
            MockResponse written = store.put(target.writePath(), patched);
            if (written.code() == 409 && ownVersion) {
                continue; // changed since we read it: patch the new state
            }
            return answer(written, patched, checked.warnings());
        }
        return Responses.conflict(target.qualifiedResource(), target.name());
    }

    /** Server-side apply of an absent object: created from the applied configuration. */
    private MockResponse create(Target target, JsonNode applied) {
        ObjectNode object = (ObjectNode) applied.deepCopy();
        ObjectNode metadata = object.with("metadata");
        if (!metadata.path("name").asText("").isEmpty() && !metadata.path("name").asText().equals(target.name())) {
            return Responses.badRequest("the name of the object (" + metadata.path("name").asText()
                    + ") does not match the name on the URL (" + target.name() + ")");
        }
        metadata.put("name", target.name());
        if (!target.namespace().isEmpty()) {
            metadata.put("namespace", target.namespace());
        }
        FieldValidation.Outcome checked = validation.check(target, object, false);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        if (target.dryRun()) {
            return Responses.object(201, object, checked.warnings());
        }
        MockResponse created = store.post(target.collectionPath(), object);
        return answer(created, object, checked.warnings());
    }

    // ---- dryRun=All: validated and answered, not written ------------------------------------------------------

    private MockResponse dryRun(String method, RecordedRequest request, Target target) {
        if (method.equals("DELETE")) {
            JsonNode current = store.get(target.objectPath());
            return current == null ? Responses.notFound(target.qualifiedResource(), target.name())
                    : Responses.object(200, current, List.of());
        }
        JsonNode body = Store.parse(request.getUtf8Body());
        FieldValidation.Outcome checked = validation.check(target, body, false);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        String name = body.path("metadata").path("name").asText("");
        JsonNode current = name.isEmpty() ? null : store.get(target.collectionPath() + "/" + name);
        if (method.equals("POST")) {
            return current != null ? Responses.failure(409, "AlreadyExists",
                    target.qualifiedResource() + " \"" + name + "\" already exists")
                    : Responses.object(201, body, checked.warnings());
        }
        return current == null ? Responses.notFound(target.qualifiedResource(), name)
                : Responses.object(200, body, checked.warnings());
    }

    // ---- POST / PUT with field validation ---------------------------------------------------------------------

    private MockResponse validated(RecordedRequest request, Target target) {
        JsonNode body = Store.parse(request.getUtf8Body());
        FieldValidation.Outcome checked = validation.check(target, body, false);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        Buffer pruned = new Buffer();
        pruned.writeUtf8(Store.write(body));
        return Responses.withWarnings(store.delegate().dispatch(new RecordedRequest(request.getHttpVersion(),
                request.method(), request.getPath(), request.getHeaders(), pruned)), checked.warnings());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** The request with {@code json} as its body (a body read once is gone). */
    private static RecordedRequest withBody(RecordedRequest request, String json) {
        Buffer body = new Buffer();
        body.writeUtf8(json);
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                request.getHeaders().newBuilder().set("Content-Type", "application/json").build(), body);
    }

    /** The store's answer to a write; a successful one as the object (a final-finalizer removal deletes: no body). */
    private static MockResponse answer(MockResponse written, JsonNode sent, List<String> warnings) {
        if (written.code() >= 300) {
            return written;
        }
        String body = written.getBody() == null ? "" : written.getBody().readUtf8();
        return Responses.object(written.code(), body.isBlank() ? sent : Store.parse(body), warnings);
    }

    private static String version(JsonNode object) {
        return object.path("metadata").path("resourceVersion").asText("");
    }
}
