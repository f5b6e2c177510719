package io.kafkarpenter.sandbox.kube.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkarpenter.sandbox.kube.api.discovery.ApiResource;
import io.kafkarpenter.sandbox.kube.api.discovery.ResourceCatalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API server's OpenAPI v3 documents, as far as kubectl uses them: {@code /openapi/v3} lists one document per
 * group-version ({@code serverRelativeURL} with a content hash, which client-go caches by); each document has, for
 * every resource, the named object's path with a PATCH operation carrying {@code x-kubernetes-group-version-kind} and
 * the {@code fieldValidation} query parameter. That is what kubectl's field-validation check looks for: with it,
 * {@code kubectl apply/create -f} leaves validation to the server ({@code ?fieldValidation=Strict}) instead of
 * downloading {@code /openapi/v2} for client-side validation, which the stand-in does not serve.
 *
 * <p>Custom resources get their definition's {@code openAPIV3Schema} as a component (so {@code kubectl explain}
 * works for them). Built-in kinds get no schema, and their PATCH accepts JSON and merge patches only: kubectl then
 * computes a strategic merge patch from its compiled-in types, as it does when a server has no OpenAPI.
 */
public final class OpenApiV3 {

    private static final List<String> PATCH_TYPES =
            List.of("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");

    private final ResourceCatalog catalog;
    private final ObjectMapper json = Serialization.jsonMapper();

    public OpenApiV3(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    /** {@code /openapi/v3}: {@code {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}}}}. */
    public String root() {
        ObjectNode root = json.createObjectNode();
        ObjectNode paths = root.putObject("paths");
        catalog.byGroup().forEach((group, versions) -> versions.keySet().forEach(version -> {
            String key = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
            String hash = hash(document(group, version).orElseThrow());
            paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash);
        }));
        return root.toString();
    }

    /** The document of {@code api/v1} or {@code apis/GROUP/VERSION}, or empty when that is not served. */
    public Optional<String> document(String group, String version) {
        List<ApiResource> resources = catalog.byGroup().getOrDefault(group, Map.of()).get(version);
        if (resources == null) {
            return Optional.empty();
        }
        ObjectNode doc = json.createObjectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = json.createObjectNode();
        for (ApiResource r : resources) {
            String prefix = (group.isEmpty() ? "/api/" : "/apis/" + group + "/") + version + "/";
            String path = prefix + (r.namespaced() ? "namespaces/{namespace}/" : "") + r.plural() + "/{name}";
            paths.putObject(path).set("patch", patchOperation(r));
            catalog.crd(r.group(), r.plural()).flatMap(crd -> schema(crd, r))
                    .ifPresent(schema -> schemas.set(schemaName(r), schema));
        }
        if (!schemas.isEmpty()) {
            doc.putObject("components").set("schemas", schemas);
        }
        return Optional.of(doc.toString());
    }

    private ObjectNode patchOperation(ApiResource r) {
        ObjectNode op = json.createObjectNode();
        op.put("operationId", "patch" + r.kind());
        op.put("x-kubernetes-action", "patch");
        op.putObject("x-kubernetes-group-version-kind")
                .put("group", r.group()).put("version", r.version()).put("kind", r.kind());
        ArrayNode parameters = op.putArray("parameters");
        for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
            parameters.addObject().put("name", name).put("in", "query").putObject("schema").put("type", "string");
        }
        ObjectNode content = op.putObject("requestBody").putObject("content");
        PATCH_TYPES.forEach(type -> content.putObject(type).putObject("schema").put("type", "object"));
        op.putObject("responses").putObject("200").put("description", "OK");
        return op;
    }

    private Optional<JsonNode> schema(CustomResourceDefinition crd, ApiResource r) {
        return crd.getSpec().getVersions().stream()
                .filter(v -> v.getName().equals(r.version()))
                .map(CustomResourceDefinitionVersion::getSchema)
                .filter(s -> s != null && s.getOpenAPIV3Schema() != null)
                .findFirst()
                .map(s -> {
                    ObjectNode schema = json.valueToTree(s.getOpenAPIV3Schema());
                    ObjectNode properties = schema.with("properties");
                    properties.putObject("apiVersion").put("type", "string");
                    properties.putObject("kind").put("type", "string");
                    properties.putObject("metadata").put("type", "object");
                    schema.putArray("x-kubernetes-group-version-kind").addObject()
                            .put("group", r.group()).put("version", r.version()).put("kind", r.kind());
                    return schema;
                });
    }

    /** The API server's name for a custom resource's schema: the reversed group, version and kind. */
    static String schemaName(ApiResource r) {
        List<String> parts = new ArrayList<>(List.of(r.group().split("\\.")));
        Collections.reverse(parts);
        return String.join(".", parts) + "." + r.version() + "." + r.kind();
    }

    private static String hash(String document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(document.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
