package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request body in the API server's protobuf encoding ({@code application/vnd.kubernetes.protobuf}: the
 * magic {@code k8s\0}, then a {@code runtime.Unknown} with the object's apiVersion/kind and its bytes) into the
 * object's JSON, for the kinds {@link ProtobufSchema} describes. Wire-level reading is protobuf-java's
 * {@link CodedInputStream}; the mapping of field numbers to JSON names is the schema's.
 */
final class KubeProtobuf {

    static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A body the stand-in cannot decode; answered 415 so the client can be told to send JSON. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }

    private KubeProtobuf() {
    }

    static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE);
    }

    /** The object a protobuf body carries, as JSON with {@code apiVersion} and {@code kind}. */
    static ObjectNode decode(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw new Unsupported("the protobuf body does not start with the Kubernetes magic number");
        }
        try {
            CodedInputStream unknown = CodedInputStream.newInstance(body, MAGIC.length, body.length - MAGIC.length);
            String apiVersion = "";
            String kind = "";
            byte[] raw = new byte[0];
            while (!unknown.isAtEnd()) {
                int tag = unknown.readTag();
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> {
                        CodedInputStream typeMeta = unknown.readBytes().newCodedInput();
                        while (!typeMeta.isAtEnd()) {
                            int t = typeMeta.readTag();
                            switch (WireFormat.getTagFieldNumber(t)) {
                                case 1 -> apiVersion = typeMeta.readString();
                                case 2 -> kind = typeMeta.readString();
                                default -> typeMeta.skipField(t);
                            }
                        }
                    }
                    case 2 -> raw = unknown.readByteArray();
                    default -> unknown.skipField(tag);
                }
            }
            String type = ProtobufSchema.TOP_LEVEL.get(apiVersion + " " + kind);
            if (type == null) {
                throw new Unsupported("the stand-in cannot read " + kind + " (" + apiVersion + ") in protobuf; send "
                        + "application/json");
            }
            ObjectNode object = NODES.objectNode();
            object.put("apiVersion", apiVersion);
            object.put("kind", kind);
            object.setAll(message(CodedInputStream.newInstance(raw), type));
            return object;
        } catch (IOException e) {
            throw new Unsupported("malformed protobuf body: " + e.getMessage());
        }
    }

    private static ObjectNode message(CodedInputStream in, String type) throws IOException {
        Map<Integer, ProtobufSchema.Field> fields = ProtobufSchema.fields(type);
        ObjectNode object = NODES.objectNode();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            ProtobufSchema.Field field = fields.get(WireFormat.getTagFieldNumber(tag));
            if (field == null) {
                throw new Unsupported("the stand-in cannot read field " + WireFormat.getTagFieldNumber(tag) + " of "
                        + type + " in protobuf; send application/json");
            }
            if (field.json().equals("INLINE")) {
                object.setAll(message(in.readBytes().newCodedInput(), field.message()));
                continue;
            }
            switch (field.kind()) {
                case STRING_MAP, QUANTITY_MAP -> {
                    ObjectNode map = object.has(field.json()) ? (ObjectNode) object.get(field.json()) : object.putObject(field.json());
                    mapEntry(in.readBytes().newCodedInput(), map, field.kind() == ProtobufSchema.Kind.QUANTITY_MAP);
                }
                default -> {
                    JsonNode value = value(in, tag, field);
                    if (field.repeated()) {
                        ArrayNode list = object.has(field.json()) ? (ArrayNode) object.get(field.json()) : object.putArray(field.json());
                        list.add(value);
                    } else if (!(field.omitEmpty() && isZero(value))) {
                        object.set(field.json(), value);
                    }
                }
            }
        }
        return object;
    }

    private static JsonNode value(CodedInputStream in, int tag, ProtobufSchema.Field field) throws IOException {
        return switch (field.kind()) {
            case STRING -> NODES.textNode(in.readString());
            case INT -> number(in.readInt64());
            case BOOL -> NODES.booleanNode(in.readBool());
            case MESSAGE -> message(in.readBytes().newCodedInput(), field.message());
            case TIME -> time(in.readBytes().newCodedInput());
            case INT_OR_STRING -> intOrString(in.readBytes().newCodedInput());
            default -> throw new Unsupported("unexpected protobuf field kind " + field.kind() + " (tag " + tag + ")");
        };
    }

    /** A gogo-protobuf map entry: key = 1, value = 2 (a string, or a Quantity whose field 1 is its string). */
    private static void mapEntry(CodedInputStream entry, ObjectNode map, boolean quantity) throws IOException {
        String key = "";
        String value = "";
        while (!entry.isAtEnd()) {
            int tag = entry.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> key = entry.readString();
                case 2 -> value = quantity ? quantity(entry.readBytes().newCodedInput()) : entry.readString();
                default -> entry.skipField(tag);
            }
        }
        map.put(key, value);
    }

    private static String quantity(CodedInputStream in) throws IOException {
        String value = "";
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                value = in.readString();
            } else {
                in.skipField(tag);
            }
        }
        return value;
    }

    /** metav1.Time: seconds = 1, nanos = 2; the zero time is JSON null (how Go encodes it). */
    private static JsonNode time(CodedInputStream in) throws IOException {
        long seconds = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                seconds = in.readInt64();
            } else {
                in.skipField(tag);
            }
        }
        return seconds == 0 ? NODES.nullNode() : NODES.textNode(Instant.ofEpochSecond(seconds).toString());
    }

    /** intstr.IntOrString: type = 1 (0 int, 1 string), intVal = 2, strVal = 3. */
    private static JsonNode intOrString(CodedInputStream in) throws IOException {
        long type = 0;
        long intValue = 0;
        String stringValue = "";
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> type = in.readInt64();
                case 2 -> intValue = in.readInt64();
                case 3 -> stringValue = in.readString();
                default -> in.skipField(tag);
            }
        }
        return type == 1 ? NODES.textNode(stringValue) : number(intValue);
    }

    /** An int where it fits, as Jackson reads JSON numbers. */
    private static JsonNode number(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static boolean isZero(JsonNode value) {
        return value.isNull() || (value.isTextual() && value.asText().isEmpty()) || (value.isNumber() && value.asLong() == 0)
                || (value.isBoolean() && !value.asBoolean()) || (value.isObject() && value.isEmpty());
    }
}
