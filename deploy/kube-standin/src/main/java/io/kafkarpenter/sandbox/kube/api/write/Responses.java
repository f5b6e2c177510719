package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.List;

/** The API server's answers: objects and {@code Status} errors ({@code k8s.io/apimachinery/pkg/api/errors}). */
final class Responses {

    private Responses() {
    }

    static MockResponse object(int code, JsonNode body, List<String> warnings) {
        return withWarnings(new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(Store.write(body)), warnings);
    }

    /** Adds a {@code Warning: 299 - "<text>"} header per warning (kubectl prints {@code Warning: <text>}). */
    static MockResponse withWarnings(MockResponse response, List<String> warnings) {
        for (String warning : warnings) {
            response.addHeader("Warning", "299 - " + Store.write(Store.JSON.getNodeFactory().textNode(warning)));
        }
        return response;
    }

    static MockResponse failure(int code, String reason, String message) {
        Status status = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
                .withMessage(message).build();
        status.setApiVersion("v1");
        status.setKind("Status");
        status.setMetadata(new io.fabric8.kubernetes.api.model.ListMeta());
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
    }

    static MockResponse badRequest(String message) {
        return failure(400, "BadRequest", message);
    }

    /** {@code NewNotFound}: {@code deployments.apps "x" not found}. */
    static MockResponse notFound(String qualifiedResource, String name) {
        return failure(404, "NotFound", qualifiedResource + " \"" + name + "\" not found");
    }

    /** {@code NewConflict} for a stale resourceVersion. */
    static MockResponse conflict(String qualifiedResource, String name) {
        return failure(409, "Conflict", "Operation cannot be fulfilled on " + qualifiedResource + " \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again");
    }
}
