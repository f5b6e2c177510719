package io.kafkarpenter.sandbox.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps the mock's watch so that only objects matching a {@link FieldSelector} are reported, with the real API
 * server's transitions: an object that starts matching arrives as ADDED, one that stops matching as DELETED,
 * one that keeps matching as MODIFIED; events for objects that never matched are dropped.
 */
final class FieldSelectingWatch extends WebSocketListener {

    private final WebSocketListener inner;
    private final FieldSelector selector;
    private final ObjectMapper json;
    /** namespace/name of the objects this watcher currently sees. */
    private final Set<String> visible = ConcurrentHashMap.newKeySet();
    private volatile FilteringSocket socket;

    FieldSelectingWatch(WebSocketListener inner, FieldSelector selector, ObjectMapper json) {
        this.inner = inner;
        this.selector = selector;
        this.json = json;
    }

    private WebSocket wrap(WebSocket raw) {
        FilteringSocket current = socket;
        if (current == null || current.raw != raw) {
            current = new FilteringSocket(raw);
            socket = current;
        }
        return current;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        inner.onBeforeAccept(wrap(webSocket), response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        inner.onOpen(wrap(webSocket), response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        inner.onMessage(wrap(webSocket), text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        inner.onMessage(wrap(webSocket), bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        inner.onMessage(wrap(webSocket), bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        inner.onClosing(wrap(webSocket), code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        inner.onClosed(wrap(webSocket), code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        inner.onFailure(wrap(webSocket), t, response);
    }

    /** Translates one watch event, or returns null to drop it. */
    String translate(String eventJson) {
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

    private final class FilteringSocket implements WebSocket {
        private final WebSocket raw;

        FilteringSocket(WebSocket raw) {
            this.raw = raw;
        }

        @Override
        public RecordedRequest request() {
            return raw.request();
        }

        @Override
        public boolean send(String text) {
            String translated = translate(text);
            return translated == null || raw.send(translated);
        }

        @Override
        public boolean send(byte[] bytes) {
            return raw.send(bytes);
        }

        @Override
        public boolean close(int code, String reason) {
            return raw.close(code, reason);
        }
    }
}
