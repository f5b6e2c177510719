package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kafkarpenter.model.yaml.YamlTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Karpenter manifests read from (multi-document) YAML into {@link NodePool}, {@link NodeClaim} and
 * {@link EC2NodeClass} objects, in document order. Unknown fields are ignored, as Kubernetes prunes them; a value of
 * the wrong type, an unsupported {@code apiVersion}/{@code kind} or broken YAML is a {@link ManifestException}
 * naming the document, the object and the field.
 *
 * <pre>{@code
 * KarpenterManifests manifests = KarpenterManifests.read(yaml);
 * NodePool pool = manifests.nodePool("default").orElseThrow();
 * }</pre>
 */
public final class KarpenterManifests {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final List<HasMetadata> objects;

    private KarpenterManifests(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    /** Reads every document of {@code yaml}; empty documents are skipped. */
    public static KarpenterManifests read(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        int document = 0;
        try (YamlTrees.Documents documents = YamlTrees.DEFAULT.documents(yaml)) {
            while (true) {
                document++;
                JsonNode node;
                try {
                    node = documents.next();
                    if (node.isMissingNode()) {
                        break;
                    }
                } catch (JsonProcessingException e) {
                    throw new ManifestException(document, null, null, "invalid YAML" + at(e.getLocation()) + ": " + e.getOriginalMessage(), e);
                }
                if (node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty())) {
                    continue;
                }
                objects.add(toObject(document, node));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KarpenterManifests(objects);
    }

    /** Reads a YAML file. */
    public static KarpenterManifests read(Path file) {
        try {
            return read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads exactly one object of {@code type} from {@code yaml}. */
    public static <T extends HasMetadata> T readOne(String yaml, Class<T> type) {
        List<HasMetadata> objects = read(yaml).all();
        if (objects.size() != 1 || !type.isInstance(objects.get(0))) {
            throw new ManifestException(1, null, null, "expected exactly one " + type.getSimpleName() + ", found "
                    + objects.stream().map(o -> o.getKind() + " " + o.getMetadata().getName()).toList(), null);
        }
        return type.cast(objects.get(0));
    }

    private static HasMetadata toObject(int document, JsonNode node) {
        String apiVersion = node.path("apiVersion").asText("");
        String kind = node.path("kind").asText("");
        String name = node.path("metadata").path("name").asText(null);
        String object = kind.isEmpty() ? null : kind + " " + (name == null ? "<unnamed>" : name);
        Class<? extends HasMetadata> type = typeOf(apiVersion, kind);
        if (type == null) {
            throw new ManifestException(document, object, null, "unsupported apiVersion/kind \"" + apiVersion + "\"/\"" + kind
                    + "\"; expected " + KarpenterApi.CORE_API_VERSION + " NodePool or NodeClaim, or "
                    + KarpenterApi.AWS_API_VERSION + " EC2NodeClass", null);
        }
        try {
            return YAML.treeToValue(node, type);
        } catch (JsonMappingException e) {
            throw new ManifestException(document, object, path(e), problem(e), e);
        } catch (JsonProcessingException e) {
            throw new ManifestException(document, object, null, e.getOriginalMessage(), e);
        }
    }

    private static Class<? extends HasMetadata> typeOf(String apiVersion, String kind) {
        if (apiVersion.equals(KarpenterApi.CORE_API_VERSION)) {
            return switch (kind) {
                case KarpenterApi.NODE_POOL_KIND -> NodePool.class;
                case KarpenterApi.NODE_CLAIM_KIND -> NodeClaim.class;
                default -> null;
            };
        }
        if (apiVersion.equals(KarpenterApi.AWS_API_VERSION) && kind.equals(KarpenterApi.EC2_NODE_CLASS_KIND)) {
            return EC2NodeClass.class;
        }
        return null;
    }

    /** The JSON path of a mapping error: {@code spec.template.spec.requirements[0].minValues}. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getFieldName());
            }
        }
        return out.toString();
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof InvalidFormatException invalid) {
            return "cannot read " + quoted(invalid.getValue()) + " as " + typeName(invalid.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "expected " + typeName(mismatched.getTargetType()) + " (" + firstLine(e.getOriginalMessage()) + ")";
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "the field's type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "a map";
        }
        return "an object (" + type.getSimpleName() + ")";
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Every object, in document order. */
    public List<HasMetadata> all() {
        return objects;
    }

    public List<NodePool> nodePools() {
        return ofType(NodePool.class);
    }

    public List<NodeClaim> nodeClaims() {
        return ofType(NodeClaim.class);
    }

    public List<EC2NodeClass> ec2NodeClasses() {
        return ofType(EC2NodeClass.class);
    }

    public Optional<NodePool> nodePool(String name) {
        return named(nodePools(), name);
    }

    public Optional<NodeClaim> nodeClaim(String name) {
        return named(nodeClaims(), name);
    }

    public Optional<EC2NodeClass> ec2NodeClass(String name) {
        return named(ec2NodeClasses(), name);
    }

    private <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> Optional<T> named(List<T> objects, String name) {
        return objects.stream().filter(o -> o.getMetadata() != null && name.equals(o.getMetadata().getName())).findFirst();
    }
}
