package io.kafkarpenter.sandbox.kube.api.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes' protobuf encoding → the same object as JSON: the {@code k8s\0} envelope ({@code runtime.Unknown}: type
 * meta + raw message), the raw message decoded with the Kubernetes messages of {@code io.kubernetes:client-java-proto}
 * (by group and kind) and written as Kubernetes writes it in JSON: Quantity and IntOrString as plain values, Time as
 * RFC 3339, RawExtension and FieldsV1 as embedded JSON, bytes as base64, map entries as objects, and the inline
 * {@code Volume.volumeSource} / {@code PersistentVolumeSpec.persistentVolumeSource} merged into their parent.
 */
public final class ProtoJson {

    /** The four bytes every Kubernetes protobuf body starts with. */
    static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    private static final Map<String, Descriptors.FileDescriptor> GROUPS = Map.ofEntries(
            Map.entry("", V1.getDescriptor()),
            Map.entry("apps", V1Apps.getDescriptor()),
            Map.entry("autoscaling", V1Autoscaling.getDescriptor()),
            Map.entry("batch", V1Batch.getDescriptor()),
            Map.entry("networking.k8s.io", V1Networking.getDescriptor()),
            Map.entry("policy", V1Policy.getDescriptor()),
            Map.entry("rbac.authorization.k8s.io", V1Rbac.getDescriptor()),
            Map.entry("scheduling.k8s.io", V1Scheduling.getDescriptor()),
            Map.entry("storage.k8s.io", V1Storage.getDescriptor()),
            Map.entry("meta.k8s.io", Meta.getDescriptor()));
    private static final Set<String> INLINE = Set.of("k8s.io.api.core.v1.Volume.volumeSource",
            "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource");
    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private ProtoJson() {
    }

    /** Whether a body is Kubernetes protobuf. */
    public static boolean isProtobuf(byte[] body) {
        return body != null && body.length >= MAGIC.length && Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The JSON object of a protobuf body, with its apiVersion and kind.
     *
     * @throws IllegalArgumentException when the body is not Kubernetes protobuf or its kind is not known here
     */
    public static ObjectNode toJson(byte[] body) {
        if (!isProtobuf(body)) {
            throw new IllegalArgumentException("not a Kubernetes protobuf body");
        }
        try {
            Runtime.Unknown unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
            String apiVersion = unknown.getTypeMeta().getApiVersion();
            String kind = unknown.getTypeMeta().getKind();
            Descriptors.Descriptor type = descriptor(apiVersion, kind).orElseThrow(() ->
                    new IllegalArgumentException("no protobuf message known for " + apiVersion + " " + kind));
            ObjectNode object = JSON.createObjectNode();
            object.put("apiVersion", apiVersion);
            object.put("kind", kind);
            object.setAll(message(DynamicMessage.parseFrom(type, unknown.getRaw())));
            return object;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cannot decode the protobuf body: " + e.getMessage(), e);
        }
    }

    static Optional<Descriptors.Descriptor> descriptor(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        // DeleteOptions come with the resource's apiVersion; the message is meta/v1's
        Descriptors.FileDescriptor file = kind.equals("DeleteOptions") ? Meta.getDescriptor() : GROUPS.get(group);
        return Optional.ofNullable(file).map(f -> f.findMessageTypeByName(kind));
    }

    static ObjectNode message(Message message) {
        ObjectNode node = JSON.createObjectNode();
        for (Map.Entry<Descriptors.FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            Descriptors.FieldDescriptor field = entry.getKey();
            JsonNode value = field.isMapField() ? map(field, entry.getValue())
                    : field.isRepeated() ? repeated(field, (List<?>) entry.getValue())
                    : single(field, entry.getValue());
            if (omitted(value)) {
                continue;
            }
            if (INLINE.contains(field.getFullName()) && value instanceof ObjectNode inline) {
                node.setAll(inline);
            } else {
                node.set(field.getJsonName(), value);
            }
        }
        return node;
    }

    /**
     * Go's protobuf encoding writes every non-pointer field, its JSON encoding omits empty ones ({@code omitempty}):
     * an empty string and a zero time (null in JSON) are left out, as a JSON client would have sent them. Zero
     * numbers stay (a pointer set to 0, such as {@code replicas: 0}, must survive).
     */
    private static boolean omitted(JsonNode value) {
        return value.isNull() || (value.isTextual() && value.asText().isEmpty());
    }

    private static ArrayNode repeated(Descriptors.FieldDescriptor field, List<?> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(v -> array.add(single(field, v)));
        return array;
    }

    private static ObjectNode map(Descriptors.FieldDescriptor field, Object entries) {
        ObjectNode object = JSON.createObjectNode();
        Descriptors.FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        Descriptors.FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        for (Object e : (List<?>) entries) {
            Message entry = (Message) e;
            object.set(String.valueOf(entry.getField(keyField)), single(valueField, entry.getField(valueField)));
        }
        return object;
    }

    private static JsonNode single(Descriptors.FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> special((Message) value);
            case BYTE_STRING -> JSON.getNodeFactory().textNode(
                    Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case BOOLEAN -> JSON.getNodeFactory().booleanNode((Boolean) value);
            case INT -> JSON.getNodeFactory().numberNode((Integer) value);
            case LONG -> JSON.getNodeFactory().numberNode((Long) value);
            case FLOAT -> JSON.getNodeFactory().numberNode((Float) value);
            case DOUBLE -> JSON.getNodeFactory().numberNode((Double) value);
            default -> JSON.getNodeFactory().textNode(String.valueOf(value));
        };
    }

    /** The types Kubernetes serializes by hand in JSON; everything else field by field. */
    private static JsonNode special(Message value) {
        String type = value.getDescriptorForType().getFullName();
        return switch (type) {
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> JSON.getNodeFactory().textNode(
                    String.valueOf(value.getField(value.getDescriptorForType().findFieldByName("string"))));
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> intOrString(value);
            case META + "Time" -> time(value, false);
            case META + "MicroTime" -> time(value, true);
            case META + "Duration" -> JSON.getNodeFactory().textNode(
                    java.time.Duration.ofNanos((Long) field(value, "duration")).toString());
            case "k8s.io.apimachinery.pkg.runtime.RawExtension", META + "FieldsV1" -> embedded(value);
            default -> message(value);
        };
    }

    private static JsonNode intOrString(Message value) {
        Object kind = field(value, "type");
        return kind != null && ((Long) kind) == 1L
                ? JSON.getNodeFactory().textNode(String.valueOf(field(value, "strVal")))
                : JSON.getNodeFactory().numberNode((Integer) field(value, "intVal"));
    }

    /** RFC 3339, or null for Go's zero time (which JSON writes as null). */
    private static JsonNode time(Message value, boolean micro) {
        long seconds = (Long) field(value, "seconds");
        int nanos = (Integer) field(value, "nanos");
        if (seconds == 0 && nanos == 0) {
            return JSON.nullNode();
        }
        Instant at = Instant.ofEpochSecond(seconds, nanos);
        return JSON.getNodeFactory().textNode(
                (micro ? at.truncatedTo(ChronoUnit.MICROS) : at.truncatedTo(ChronoUnit.SECONDS)).toString());
    }

    private static JsonNode embedded(Message value) {
        Object raw = field(value, "raw");
        try {
            return raw == null ? JSON.nullNode() : JSON.readTree(((ByteString) raw).toByteArray());
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(((ByteString) raw).toStringUtf8());
        }
    }

    /** A field's value, its default when unset; null when the message has no such field. */
    private static Object field(Message message, String name) {
        Descriptors.FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
        return field == null ? null : message.getField(field);
    }
}
