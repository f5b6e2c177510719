package io.kafkarpenter.sandbox.kube.api.front;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A second HTTP port in front of the stand-in's dispatcher chain, for kubectl: the same requests, answered by the
 * same dispatchers (RBAC included), plus what the mock's HTTP layer cannot do — a watch over a plain streamed GET,
 * which is how client-go (so {@code kubectl get -w}) watches. The mock only serves watches over a websocket: its
 * answer to a watch is a websocket listener; here that listener is driven with a "socket" whose messages become the
 * chunks of the streamed response, one JSON watch event per line. Websocket upgrades are served as the mock serves
 * them. {@code timeoutSeconds} ends a streamed watch as the API server does.
 *
 * <p>Services and the stand-in's own kubelet and scheduler keep using the mock's port; {@code writeKubeconfig}
 * points at this one.
 */
public final class KubectlFront implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final Dispatcher dispatcher;

    private KubectlFront(Vertx vertx, HttpServer server, Dispatcher dispatcher) {
        this.vertx = vertx;
        this.server = server;
        this.dispatcher = dispatcher;
    }

    /** Listens on 127.0.0.1 and a free port. */
    public static KubectlFront start(Dispatcher dispatcher) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        KubectlFront front = new KubectlFront(vertx, server, dispatcher);
        server.requestHandler(front::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot start the kubectl port of the Kubernetes stand-in", e);
        }
        return front;
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }

    private void handle(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            RecordedRequest recorded = record(request, null);
            MockResponse response = dispatcher.dispatch(recorded);
            if (response.getWebSocketListener() != null) {
                request.toWebSocket().onSuccess(new ServerWebSocketHandler(recorded, response))
                        .onFailure(e -> fail(request, e));
                return;
            }
            send(request, response);
            return;
        }
        request.body().onFailure(e -> fail(request, e)).onSuccess(body -> {
            RecordedRequest recorded = record(request, body);
            MockResponse response;
            try {
                response = dispatcher.dispatch(recorded);
            } catch (RuntimeException | LinkageError e) {
                fail(request, e);
                return;
            }
            if (response.getWebSocketListener() != null) {
                stream(request, recorded, response);
            } else {
                send(request, response);
            }
        });
    }

    private static RecordedRequest record(HttpServerRequest request, io.vertx.core.buffer.Buffer body) {
        return new RecordedRequest(request.version().alpnName().toUpperCase(Locale.ROOT),
                HttpMethod.fromVertx(request.method()), request.uri(),
                Headers.builder().addAll(request.headers()).build(),
                new Buffer(body == null ? null : body.getBytes()));
    }

    private static void send(HttpServerRequest request, MockResponse response) {
        HttpServerResponse out = request.response().setStatusCode(response.code());
        response.getHeaders().toMultimap().forEach((key, values) -> out.headers().add(key, values));
        if (response.getBody() != null && response.getBody().size() > 0) {
            out.end(io.vertx.core.buffer.Buffer.buffer(response.getBody().getBytes()));
        } else {
            out.end();
        }
    }

    /** A watch as a streamed GET: the listener's events, one per line, until the client leaves or the timeout. */
    private void stream(HttpServerRequest request, RecordedRequest recorded, MockResponse response) {
        HttpServerResponse out = request.response().setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "application/json");
        WebSocketListener listener = response.getWebSocketListener();
        StreamSocket socket = new StreamSocket(recorded, out);
        out.closeHandler(v -> socket.closed(listener));
        out.writeHead();
        listener.onBeforeAccept(socket, response);
        listener.onOpen(socket, response);
        long timeout = timeoutSeconds(request.uri());
        if (timeout > 0) {
            vertx.setTimer(TimeUnit.SECONDS.toMillis(timeout), id -> {
                socket.close(1000, "timeout");
                socket.closed(listener);
            });
        }
    }

    private static long timeoutSeconds(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return 0;
        }
        return Arrays.stream(uri.substring(q + 1).split("&")).filter(p -> p.startsWith("timeoutSeconds="))
                .map(p -> URLDecoder.decode(p.substring("timeoutSeconds=".length()), StandardCharsets.UTF_8))
                .mapToLong(v -> {
                    try {
                        return Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }).findFirst().orElse(0);
    }

    private static void fail(HttpServerRequest request, Throwable e) {
        if (!request.response().headWritten()) {
            request.response().setStatusCode(500).end(String.valueOf(e.getMessage()));
        }
    }

    /** The "websocket" a watch listener writes to: each text message is one line of the streamed body. */
    private static final class StreamSocket implements WebSocket {
        private final RecordedRequest request;
        private final HttpServerResponse out;
        private final AtomicBoolean open = new AtomicBoolean(true);
        private final AtomicBoolean closed = new AtomicBoolean(false);

        StreamSocket(RecordedRequest request, HttpServerResponse out) {
            this.request = request;
            this.out = out;
        }

        @Override
        public RecordedRequest request() {
            return request;
        }

        @Override
        public boolean send(String text) {
            if (!open.get()) {
                return false;
            }
            out.write(text.endsWith("\n") ? text : text + "\n");
            return true;
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public boolean close(int code, String reason) {
            if (open.compareAndSet(true, false) && !out.ended()) {
                out.end();
            }
            return true;
        }

        /** Tells the listener once that the watch is over (it then unregisters from the store's watchers). */
        void closed(WebSocketListener listener) {
            open.set(false);
            if (closed.compareAndSet(false, true)) {
                listener.onClosed(this, 1000, "closed");
            }
        }
    }
}
