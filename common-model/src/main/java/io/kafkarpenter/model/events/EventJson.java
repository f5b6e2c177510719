package io.kafkarpenter.model.events;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kafkarpenter.model.pods.FieldException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versioned JSON codec of every Kafkarpenter payload.
 *
 * <ul>
 *   <li>Writing puts a {@code schema} field first, e.g. {@code "schema":"kk.pending-pod/v1"}; instants are ISO-8601
 *       strings; null fields are left out.</li>
 *   <li>Reading is tolerant of unknown fields (a newer producer may add some) and strict about missing required
 *       ones and about the schema: every problem is an {@link InvalidEventException} whose message names the record
 *       and the field path, e.g. {@code PendingPod: missing required field 'pod.uid'}.</li>
 * </ul>
 * The one {@link ObjectMapper} is configured once here and is thread-safe; use the static methods.
 */
public final class EventJson {

    /** Payload types and their schema ids. */
    private static final Map<Class<?>, String> SCHEMAS = new LinkedHashMap<>();
    private static final Map<String, Class<?>> TYPES_BY_SCHEMA_NAME = new LinkedHashMap<>();

    static {
        register(PendingPod.class, PendingPod.SCHEMA);
        register(NodeClaimLaunch.class, NodeClaimLaunch.SCHEMA);
        register(NodeClaimStatusChange.class, NodeClaimStatusChange.SCHEMA);
        register(UnavailableOffering.class, UnavailableOffering.SCHEMA);
        register(TerminationRequest.class, TerminationRequest.SCHEMA);
        register(DecisionRecord.class, DecisionRecord.SCHEMA);
        register(DeadLetter.class, DeadLetter.SCHEMA);
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(internedStrings())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            // records: serialize the components only, never helper methods such as isEmpty()
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .build();

    private EventJson() {
    }

    /**
     * The Jackson module that interns every string value read ({@link InternedStrings}); the services add it to their
     * Kubernetes client's mapper too, whose informers hold thousands of NodeClaims naming the same instance types.
     */
    public static SimpleModule internedStrings() {
        return new SimpleModule("kk-interned-strings").addDeserializer(String.class, new InternedStrings());
    }

    /**
     * String values read are interned: a service holding many payloads (the provisioner: 20,000 pending pods) keeps one
     * copy of the strings they repeat — namespaces, label keys and values, quantities, topology keys, scheduler
     * names, reasons — instead of one per record (~25 of a pending pod's ~30 strings; field names, and so map keys,
     * are interned by Jackson already). Unique strings (uids, names) cost a string-table entry and no more heap.
     */
    static final class InternedStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            return value == null ? null : value.intern();
        }
    }

    private static void register(Class<?> type, String schema) {
        SCHEMAS.put(type, schema);
        TYPES_BY_SCHEMA_NAME.put(schemaName(schema), type);
    }

    /** Payload types this build reads and writes. */
    public static List<Class<?>> payloadTypes() {
        return List.copyOf(SCHEMAS.keySet());
    }

    /** The schema id of a payload type, e.g. {@code kk.pending-pod/v1}. */
    public static String schemaOf(Class<?> type) {
        String schema = SCHEMAS.get(type);
        if (schema == null) {
            throw new IllegalArgumentException(type.getName() + " is not an event payload; known: " + SCHEMAS.keySet());
        }
        return schema;
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    /**
     * The payload's JSON with {@code "schema"} as its first field. Written in one pass (the payload's own JSON with the
     * schema field spliced in after its opening brace) rather than through a JSON tree: a 20,000-pod pass writes
     * ~4,000 launch records of ~12 KB and a decision record of megabytes, and the tree was most of that garbage.
     */
    public static byte[] toBytes(Object payload) {
        try {
            byte[] head = ("{\"schema\":" + MAPPER.writeValueAsString(schemaOf(payload.getClass()))).getBytes(StandardCharsets.UTF_8);
            byte[] body = MAPPER.writeValueAsBytes(payload);
            if (body.length < 2 || body[0] != '{') {
                return MAPPER.writeValueAsBytes(tree(payload)); // not an object (never for a record): the tree says why
            }
            boolean empty = body.length == 2;
            byte[] out = new byte[head.length + (empty ? 0 : 1) + body.length - 1];
            System.arraycopy(head, 0, out, 0, head.length);
            int at = head.length;
            if (!empty) {
                out[at++] = ',';
            }
            System.arraycopy(body, 1, out, at, body.length - 1);
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + payload.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static String toJson(Object payload) {
        return new String(toBytes(payload), StandardCharsets.UTF_8);
    }

    private static ObjectNode tree(Object payload) {
        String schema = schemaOf(payload.getClass());
        ObjectNode body = MAPPER.valueToTree(payload);
        ObjectNode out = MAPPER.createObjectNode();
        out.put("schema", schema);
        out.setAll(body);
        return out;
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    public static <T> T read(byte[] json, Class<T> type) {
        String recordName = type.getSimpleName();
        if (json == null) {
            throw new InvalidEventException(recordName, null, recordName + ": no payload (null value)", null);
        }
        return read(parse(json, recordName), type);
    }

    public static <T> T read(String json, Class<T> type) {
        String recordName = type.getSimpleName();
        if (json == null) {
            throw new InvalidEventException(recordName, null, recordName + ": no payload (null value)", null);
        }
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Reads any payload, choosing its type by its {@code schema} field. */
    public static Object readAny(byte[] json) {
        if (json == null) {
            throw new InvalidEventException("event", null, "event: no payload (null value)", null);
        }
        JsonNode tree = parse(json, "event");
        String schema = schemaField(tree, "event");
        Class<?> type = TYPES_BY_SCHEMA_NAME.get(schemaName(schema));
        if (type == null) {
            throw new InvalidEventException("event", "schema",
                    "event: unknown schema '" + schema + "' (known: " + String.join(", ", SCHEMAS.values()) + ")", null);
        }
        return read(tree, type);
    }

    public static Object readAny(String json) {
        return readAny(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode parse(byte[] json, String recordName) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || tree.isMissingNode()) {
                throw new InvalidEventException(recordName, null, recordName + ": empty payload", null);
            }
            return tree;
        } catch (IOException e) {
            String detail = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
            throw new InvalidEventException(recordName, null, recordName + ": not valid JSON: " + firstLine(detail), e);
        }
    }

    private static <T> T read(JsonNode tree, Class<T> type) {
        String recordName = type.getSimpleName();
        String expected = schemaOf(type);
        String actual = schemaField(tree, recordName);
        if (!actual.equals(expected)) {
            if (schemaName(actual).equals(schemaName(expected))) {
                throw new InvalidEventException(recordName, "schema", recordName + ": unsupported schema version '" + actual
                        + "' (this build reads '" + expected + "')", null);
            }
            throw new InvalidEventException(recordName, "schema", recordName + ": unexpected schema '" + actual
                    + "' (expected '" + expected + "')", null);
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            String path = pathOf(e);
            if (e.getCause() instanceof FieldException fe) {
                String field = path.isEmpty() ? fe.field() : path + "." + fe.field();
                throw new InvalidEventException(recordName, field, recordName + ": " + fe.problem() + " '" + field + "'", e);
            }
            throw invalidValue(recordName, path, e);
        } catch (JsonMappingException e) {
            throw invalidValue(recordName, pathOf(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(recordName, null, recordName + ": " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static InvalidEventException invalidValue(String recordName, String path, JsonMappingException e) {
        String where = path.isEmpty() ? "" : " at '" + path + "'";
        if (e instanceof MismatchedInputException && String.valueOf(e.getOriginalMessage()).startsWith("Cannot map `null`")) {
            // a primitive (int, boolean, double) that is absent or null
            return new InvalidEventException(recordName, path, recordName + ": missing required field '" + path + "'", e);
        }
        if (e instanceof InvalidFormatException ife && ife.getTargetType() != null) {
            Class<?> target = ife.getTargetType();
            String detail = "'" + ife.getValue() + "' is not a valid " + target.getSimpleName();
            Object[] constants = target.getEnumConstants();
            if (constants != null && constants.length <= 12) {
                detail += " " + Arrays.toString(constants);
            }
            return new InvalidEventException(recordName, path, recordName + ": invalid value" + where + ": " + detail, e);
        }
        Throwable cause = e.getCause();
        String detail = cause != null && !(cause instanceof JacksonException) && cause.getMessage() != null
                ? cause.getMessage() : e.getOriginalMessage();
        return new InvalidEventException(recordName, path.isEmpty() ? null : path,
                recordName + ": invalid value" + where + ": " + firstLine(detail), e);
    }

    private static String schemaField(JsonNode tree, String recordName) {
        if (!tree.isObject()) {
            throw new InvalidEventException(recordName, null, recordName + ": expected a JSON object, got " + tree.getNodeType(), null);
        }
        JsonNode schema = tree.get("schema");
        if (schema == null || schema.isNull()) {
            throw new InvalidEventException(recordName, "schema", recordName + ": missing required field 'schema'", null);
        }
        if (!schema.isTextual() || schema.asText().isBlank()) {
            throw new InvalidEventException(recordName, "schema", recordName + ": invalid value at 'schema': " + schema, null);
        }
        return schema.asText();
    }

    /** {@code kk.pending-pod/v1} → {@code kk.pending-pod}. */
    private static String schemaName(String schema) {
        int slash = schema.lastIndexOf('/');
        return slash < 0 ? schema : schema.substring(0, slash);
    }

    /** Jackson's reference chain as {@code pod.topologySpreadConstraints[0].maxSkew}. */
    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
