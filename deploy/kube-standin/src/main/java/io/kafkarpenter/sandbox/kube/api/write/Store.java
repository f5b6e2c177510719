package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.kafkarpenter.sandbox.kube.api.InternalRequests;

import java.io.UncheckedIOException;

/**
 * The CRUD store behind the write extensions, reached through the next dispatcher with ordinary GET/PUT/POST
 * requests (so watchers see the usual events and the store's own rules — resourceVersion checks, status
 * subresources, finalizers — apply). Internal requests are not authorized again: the RBAC gate sits in front.
 */
final class Store {

    static final ObjectMapper JSON = Serialization.jsonMapper();

    private final Dispatcher delegate;

    Store(Dispatcher delegate) {
        this.delegate = delegate;
    }

    /** The stored object at {@code path}, or null when there is none (404). */
    JsonNode get(String path) {
        MockResponse response = call(HttpMethod.GET, path, null);
        if (response.code() == 404) {
            return null;
        }
        if (response.code() != 200) {
            throw new IllegalStateException("GET " + path + " answered HTTP " + response.code());
        }
        return parse(response.getBody().readUtf8());
    }

    MockResponse put(String path, JsonNode body) {
        return call(HttpMethod.PUT, path, write(body));
    }

    MockResponse post(String path, JsonNode body) {
        return call(HttpMethod.POST, path, write(body));
    }

    Dispatcher delegate() {
        return delegate;
    }

    private MockResponse call(HttpMethod method, String path, String body) {
        return InternalRequests.dispatch(delegate, method, path, body);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PatchException("invalid JSON: " + e.getOriginalMessage());
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
