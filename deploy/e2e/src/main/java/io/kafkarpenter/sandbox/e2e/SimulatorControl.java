package io.kafkarpenter.sandbox.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The EC2 simulator's control endpoints (not AWS APIs) as the demo and the e2e tests use them: the request log
 * ({@code GET /_sim/requests}), faults ({@code PUT /_sim/faults}), publishing the next AL2023 release
 * ({@code POST /_sim/images}), EC2's request limits ({@code GET|PUT /_sim/request-limits}), interrupting an instance ({@code POST /_sim/interruptions}) and reading the interruption
 * queue ({@code GET /_sim/interruptions}). A refused or unreadable answer is an {@link IllegalStateException} saying
 * which.
 */
public final class SimulatorControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI endpoint;

    public SimulatorControl(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The request log, oldest first: every call, or those of one action (EC2, EKS or IAM operation name) when given. */
    public List<JsonNode> requests(String actionOrNull) {
        String path = "/_sim/requests" + (actionOrNull == null ? ""
            : "?action=" + URLEncoder.encode(actionOrNull, StandardCharsets.UTF_8));
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint.resolve(path)).GET(), 200);
        List<JsonNode> out = new ArrayList<>();
        read(r, "GET " + path).forEach(out::add);
        return out;
    }

    /** Replaces the simulator's faults (YAML or JSON {@code FaultsSpec}); a blank text clears them. */
    public void faults(String yaml) {
        send(HttpRequest.newBuilder(endpoint.resolve("/_sim/faults")).header("Content-Type", "application/yaml")
            .PUT(HttpRequest.BodyPublishers.ofString(yaml.isBlank() ? "{}" : yaml)), 200);
    }

    /**
     * Replaces the simulator's EC2 request limits (JSON or YAML {@code RequestLimitsSpec}, e.g.
     * {@code {"enabled": true, "buckets": {"CreateFleet": {"max": 50, "refillPerSecond": 5}}}}; every bucket starts
     * full again) and returns what {@link #requestLimits()} returns.
     */
    public JsonNode requestLimits(String json) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint.resolve("/_sim/request-limits"))
            .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)), 200);
        return read(r, "PUT /_sim/request-limits");
    }

    /**
     * The request limits in force and the counts since the simulator started: {@code enabled}, {@code buckets},
     * {@code chargeFleetInstances}, {@code calls} and {@code throttled} per EC2 action, {@code firstAnswered} and
     * {@code lastAnswered} per action (ISO instants of the first and last call answered without being throttled).
     */
    public JsonNode requestLimits() {
        return read(send(HttpRequest.newBuilder(endpoint.resolve("/_sim/request-limits")).GET(), 200),
            "GET /_sim/request-limits");
    }

    /** Publishes the next AL2023 release (one image per architecture); the published images as JSON. */
    public JsonNode publishNextAmi() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint.resolve("/_sim/images"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")), 201);
        return read(r, "POST /_sim/images");
    }

    /**
     * Interrupts an instance as EC2 does and puts the EventBridge event on the interruption queue (the sandbox's
     * cluster name, which the launcher reads). {@code kind}: {@code spot} (spot instances only: terminated 2 minutes
     * later), {@code rebalance}, {@code scheduled} (both leave the instance as it is), {@code stopping},
     * {@code stopped}, {@code shutting-down}, {@code terminated} (the state changes now). Returns the event.
     */
    public JsonNode interrupt(String instanceId, String kind) {
        String body;
        try {
            body = JSON.writeValueAsString(java.util.Map.of("instanceId", instanceId, "kind", kind));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint.resolve("/_sim/interruptions"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), 200);
        return read(r, "POST /_sim/interruptions");
    }

    /** One message on the interruption queue, not deleted yet; in flight: received, its visibility timeout running. */
    public record QueuedMessage(String messageId, String body, int receiveCount, boolean inFlight) {
    }

    /** The messages on the interruption queue now (every one not deleted), oldest first. */
    public List<QueuedMessage> interruptionQueue() {
        return queueState("messages");
    }

    /** The last 100 messages deleted from the interruption queue, oldest first, with how often each was delivered. */
    public List<QueuedMessage> deletedFromInterruptionQueue() {
        return queueState("deleted");
    }

    private List<QueuedMessage> queueState(String field) {
        JsonNode queue = read(send(HttpRequest.newBuilder(endpoint.resolve("/_sim/interruptions")).GET(), 200),
            "GET /_sim/interruptions");
        List<QueuedMessage> out = new ArrayList<>();
        queue.path(field).forEach(m -> out.add(new QueuedMessage(m.path("messageId").asText(),
            m.path("body").asText(), m.path("receiveCount").asInt(), m.path("inFlight").asBoolean())));
        return out;
    }

    private static JsonNode read(HttpResponse<String> r, String what) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(what + " is not JSON: " + r.body(), e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, int expected) {
        HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r;
        try {
            r = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("EC2 simulator control endpoint " + built.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (r.statusCode() != expected) {
            throw new IllegalStateException(built.method() + " " + built.uri().getPath() + ": " + r.statusCode() + " "
                + r.body());
        }
        return r;
    }
}
