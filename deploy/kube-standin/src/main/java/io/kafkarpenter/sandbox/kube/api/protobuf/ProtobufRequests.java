package io.kafkarpenter.sandbox.kube.api.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * kubectl's typed clients ({@code kubectl create deployment|namespace}, {@code kubectl run}, the DeleteOptions of
 * {@code kubectl delete}) send request bodies as protobuf ({@code application/vnd.kubernetes.protobuf}), which the
 * mock and the write path read as JSON. Such a body is decoded here ({@link ProtoJson}) and the request passed on as
 * JSON. Answers stay JSON (the clients accept it). A body that cannot be decoded is refused as the API server
 * refuses an undecodable body: 415 for an unknown kind, 400 for a broken one.
 */
public final class ProtobufRequests extends Dispatcher {

    public static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

    private final Dispatcher delegate;

    public ProtobufRequests(Dispatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith(PROTOBUF) || request.getBody() == null
                || request.getBody().size() == 0) {
            return delegate.dispatch(request);
        }
        byte[] body = request.getBody().getBytes();
        ObjectNode json;
        try {
            json = ProtoJson.toJson(body);
        } catch (IllegalArgumentException e) {
            boolean unknownKind = ProtoJson.isProtobuf(body) && e.getMessage().startsWith("no protobuf message");
            return status(unknownKind ? 415 : 400, unknownKind ? "UnsupportedMediaType" : "BadRequest", e.getMessage());
        }
        Headers.Builder headers = Headers.builder();
        request.getHeaders().toMultimap().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> headers.add(name, v));
            }
        });
        headers.add("Content-Type", "application/json");
        Buffer buffer = new Buffer();
        buffer.writeUtf8(json.toString());
        return delegate.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                headers.build(), buffer));
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    private static MockResponse status(int code, String reason, String message) {
        var status = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message)
                .build();
        status.setApiVersion("v1");
        status.setKind("Status");
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
    }
}
