package io.kafkarpenter.sandbox.kube.api;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * Wraps the mock's watch (a {@link WebSocketListener}) so that each text event it sends passes through
 * {@link #translate}: rewritten, or dropped when that returns null.
 */
public abstract class TranslatingWatch extends WebSocketListener {

    private final WebSocketListener inner;
    private volatile TranslatingSocket socket;

    protected TranslatingWatch(WebSocketListener inner) {
        this.inner = inner;
    }

    /** Translates one watch event, or returns null to drop it. */
    protected abstract String translate(String eventJson);

    private WebSocket wrap(WebSocket raw) {
        TranslatingSocket current = socket;
        if (current == null || current.raw != raw) {
            current = new TranslatingSocket(raw);
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

    private final class TranslatingSocket implements WebSocket {
        private final WebSocket raw;

        TranslatingSocket(WebSocket raw) {
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
