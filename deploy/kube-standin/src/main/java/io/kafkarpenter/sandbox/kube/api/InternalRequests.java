package io.kafkarpenter.sandbox.kube.api;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * An ordinary request sent straight to a dispatcher behind the one serving a client (the CRUD store, usually): how the
 * extensions read and write objects, so that watchers see the usual events.
 */
public final class InternalRequests {

    private InternalRequests() {
    }

    /** {@code method path} with {@code body} as JSON (null: no body), answered by {@code delegate}. */
    public static MockResponse dispatch(Dispatcher delegate, HttpMethod method, String path, String body) {
        Buffer buffer = new Buffer();
        Headers.Builder headers = Headers.builder();
        if (body != null) {
            buffer.writeUtf8(body);
            headers.add("Content-Type", "application/json");
        }
        return delegate.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers.build(), buffer));
    }
}
