package io.kafkarpenter.sandbox.kube.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * meta.k8s.io/v1 Tables: one row per object with the converter's cells and, as {@code includeObject} asks, the
 * object itself ({@code Object}), its metadata as a PartialObjectMetadata ({@code Metadata}, the default) or nothing
 * ({@code None}).
 */
public final class Tables {

    /** What a row carries besides its cells. */
    public enum IncludeObject {
        NONE, METADATA, OBJECT;

        /** The {@code includeObject} query value (None, Metadata, Object); null or unknown = Metadata. */
        public static IncludeObject of(String value) {
            if (value == null) {
                return METADATA;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "object" -> OBJECT;
                default -> METADATA;
            };
        }
    }

    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private Tables() {
    }

    /**
     * The Table of {@code objects}.
     *
     * @param listMetadata the list's metadata (resourceVersion, continue), or null for a single object
     */
    public static ObjectNode table(TableConverter converter, List<JsonNode> objects, JsonNode listMetadata,
            IncludeObject include, Instant now) {
        ObjectNode table = JSON.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (listMetadata != null) {
            for (String field : List.of("resourceVersion", "continue", "remainingItemCount")) {
                if (listMetadata.hasNonNull(field) && !listMetadata.path(field).asText().isEmpty()) {
                    metadata.set(field, listMetadata.get(field));
                }
            }
        } else if (objects.size() == 1) {
            JsonNode rv = objects.get(0).path("metadata").path("resourceVersion");
            if (rv.isTextual()) {
                metadata.set("resourceVersion", rv);
            }
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        for (Column c : converter.columns()) {
            columns.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.description()).put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            rows.add(row(converter, object, include, now));
        }
        return table;
    }

    static ObjectNode row(TableConverter converter, JsonNode object, IncludeObject include, Instant now) {
        ObjectNode row = JSON.createObjectNode();
        ArrayNode cells = row.putArray("cells");
        for (Object cell : converter.cells(object, now)) {
            if (cell == null) {
                cells.addNull();
            } else if (cell instanceof Long l) {
                cells.add(l);
            } else if (cell instanceof Integer i) {
                cells.add(i);
            } else if (cell instanceof Double d) {
                cells.add(d);
            } else if (cell instanceof Boolean b) {
                cells.add(b);
            } else {
                cells.add(cell.toString());
            }
        }
        switch (include) {
            case OBJECT -> row.set("object", object);
            case METADATA -> {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", object.path("metadata"));
            }
            case NONE -> {
            }
        }
        return row;
    }
}
