package io.kafkarpenter.sandbox.kube.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.kafkarpenter.sandbox.kube.api.TranslatingWatch;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * A watch asked for as Table: each event's object becomes a Table of one row (the API server's watch of
 * {@code kubectl get -w}). Objects the watcher already has are not sent again: the mock answers every watch with all
 * stored objects as ADDED, whatever {@code resourceVersion} it starts from, so ADDED events of objects at or below the
 * watch's resourceVersion are dropped.
 */
final class TableWatch extends TranslatingWatch {

    private final TableConverter converter;
    private final Tables.IncludeObject include;
    private final long sinceResourceVersion;
    private final Clock clock;
    private final ObjectMapper json = Serialization.jsonMapper();

    TableWatch(WebSocketListener inner, TableConverter converter, Tables.IncludeObject include,
            long sinceResourceVersion, Clock clock) {
        super(inner);
        this.converter = converter;
        this.include = include;
        this.sinceResourceVersion = sinceResourceVersion;
        this.clock = clock;
    }

    @Override
    protected String translate(String eventJson) {
        try {
            JsonNode event = json.readTree(eventJson);
            JsonNode object = event.get("object");
            if (object == null || "ERROR".equals(event.path("type").asText()) || "Status".equals(object.path("kind").asText())) {
                return eventJson;
            }
            if ("ADDED".equals(event.path("type").asText()) && sinceResourceVersion > 0
                    && resourceVersion(object) <= sinceResourceVersion) {
                return null;
            }
            ((ObjectNode) event).set("object", Tables.table(converter, List.of(object), null, include, clock.instant()));
            return json.writeValueAsString(event);
        } catch (IOException e) {
            return eventJson;
        }
    }

    private static long resourceVersion(JsonNode object) {
        try {
            return Long.parseLong(object.path("metadata").path("resourceVersion").asText("0"));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
