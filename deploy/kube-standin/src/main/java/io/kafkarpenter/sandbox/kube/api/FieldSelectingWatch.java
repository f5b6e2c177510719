package io.kafkarpenter.sandbox.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps the mock's watch so that only objects matching a {@link FieldSelector} are reported, with the real API
 * server's transitions: an object that starts matching arrives as ADDED, one that stops matching as DELETED,
 * one that keeps matching as MODIFIED; events for objects that never matched are dropped.
 */
final class FieldSelectingWatch extends TranslatingWatch {

    private final FieldSelector selector;
    private final ObjectMapper json;
    /** namespace/name of the objects this watcher currently sees. */
    private final Set<String> visible = ConcurrentHashMap.newKeySet();

    FieldSelectingWatch(WebSocketListener inner, FieldSelector selector, ObjectMapper json) {
        super(inner);
        this.selector = selector;
        this.json = json;
    }

    /** Translates one watch event, or returns null to drop it. */
    @Override
    protected String translate(String eventJson) {
        try {
            JsonNode event = json.readTree(eventJson);
            JsonNode object = event.get("object");
            String type = event.path("type").asText();
            if (object == null || !(type.equals("ADDED") || type.equals("MODIFIED") || type.equals("DELETED"))) {
                return eventJson;
            }
            String key = object.path("metadata").path("namespace").asText("") + "/"
                    + object.path("metadata").path("name").asText("");
            boolean wasVisible = visible.contains(key);
            boolean matches = !type.equals("DELETED") && selector.matches(object);
            String translated;
            if (matches) {
                visible.add(key);
                translated = wasVisible ? "MODIFIED" : "ADDED";
            } else {
                visible.remove(key);
                translated = wasVisible ? "DELETED" : null;
            }
            if (translated == null) {
                return null;
            }
            ((ObjectNode) event).put("type", translated);
            return json.writeValueAsString(event);
        } catch (IOException e) {
            return eventJson;
        }
    }
}
