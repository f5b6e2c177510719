package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's one HTTP port: EKS REST-JSON under {@code /clusters/} and {@code /tags/} (raw-path routing), IAM
 * (form {@code POST /} with {@code Version=2010-05-08}), EC2 (any other form {@code POST /}), and the control
 * endpoints under {@code /_sim/}. Every AWS call lands in the {@link RequestLog} under its action / operation name.
 */
final class HttpFrontEnd {
    static final String IAM_VERSION = "2010-05-08";

    private final Ec2Simulator simulator;
    private final Ec2Api ec2;
    private final EksApi eks;
    private final IamApi iam;
    private final SqsApi sqs;
    private final RequestLog log;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    HttpFrontEnd(Ec2Simulator simulator, Ec2State state, Faults faults, RequestLog log, IamGate gate, SqsQueues queues)
            throws IOException {
        this.simulator = simulator;
        this.ec2 = new Ec2Api(state, faults, simulator.requestLimits(), gate);
        this.eks = new EksApi(state, faults, gate);
        this.iam = new IamApi(state, faults, gate);
        this.log = log;
        Ec2SimulatorConfig config = simulator.config();
        this.sqs = new SqsApi(queues, faults, gate, config, () -> simulator.endpoint().toString(), () -> {
            simulator.interruptAtFaultRate();
            simulator.sendDueStateChanges();
        });
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "ec2-simulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // long polls (SQS ReceiveMessage) hold a thread for up to 20 s each
        this.executor = Executors.newFixedThreadPool(16, factory);
        server.setExecutor(executor);
        server.createContext("/", this::serveAws);
        server.createContext("/_sim/", this::serveControl);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serveAws(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            Instant at = Instant.now(simulator.config().clock());
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            // the caller: the access key id of the SigV4 credential scope (the signature itself is not verified)
            String accessKeyId = IamGate.accessKeyId(exchange.getRequestHeaders().getFirst("Authorization"));
            String sqsOperation = SqsApi.operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            if (sqsOperation != null) {
                SqsApi.Reply reply = sqs.call(sqsOperation, body, accessKeyId);
                log.record(new RecordedRequest(at, reply.operation(), reply.parameters(), reply.status(), reply.errorCode()));
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                if (reply.queryError() != null) {
                    exchange.getResponseHeaders().set("x-amzn-query-error", reply.queryError());
                }
                send(exchange, reply.status(), reply.body());
                return;
            }
            if (EksApi.handles(rawPath)) {
                EksApi.Reply reply = eks.call(exchange.getRequestMethod(), rawPath, exchange.getRequestURI().getRawQuery(), body,
                        accessKeyId);
                log.record(new RecordedRequest(at, reply.operation(), reply.parameters(), reply.status(), reply.errorCode()));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (reply.errorCode() != null) {
                    exchange.getResponseHeaders().set("x-amzn-ErrorType", reply.errorCode() + ":http://internal.amazon.com/coral/com.amazonaws.eks/");
                }
                send(exchange, reply.status(), reply.body());
                return;
            }
            String form = "POST".equals(exchange.getRequestMethod())
                    ? new String(body, StandardCharsets.UTF_8) : exchange.getRequestURI().getRawQuery();
            QueryRequest request = QueryRequest.parse(form);
            Ec2Api.Answer answer = IAM_VERSION.equals(request.string("Version"))
                    ? iam.call(request, requestId, accessKeyId) : ec2.call(request, requestId, accessKeyId);
            log.record(new RecordedRequest(at, String.valueOf(request.string("Action")), request.asMap(), answer.status(),
                    answer.errorCode()));
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            send(exchange, answer.status(), answer.body());
        }
    }

    private void serveControl(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            try {
                switch (path) {
                    case "/_sim/health" -> send(exchange, 200, "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8));
                    case "/_sim/instances" -> send(exchange, 200, json.writeValueAsBytes(simulator.instances()));
                    case "/_sim/requests" -> {
                        String query = exchange.getRequestURI().getQuery();
                        String action = query != null && query.startsWith("action=") ? query.substring(7) : null;
                        send(exchange, 200, json.writeValueAsBytes(action == null ? simulator.requests() : simulator.requests(action)));
                    }
                    case "/_sim/faults" -> {
                        if ("PUT".equals(method) || "POST".equals(method)) {
                            String body = readBody(exchange);
                            simulator.faults().apply(body.isBlank() ? null : FaultsSpec.fromYaml(body));
                        }
                        send(exchange, 200, json.writeValueAsBytes(simulator.faults().spec()));
                    }
                    case "/_sim/request-limits" -> {
                        if ("PUT".equals(method) || "POST".equals(method)) {
                            String body = readBody(exchange);
                            simulator.requestLimits().apply(body.isBlank() ? null : RequestLimitsSpec.fromYaml(body));
                        }
                        send(exchange, 200, json.writeValueAsBytes(simulator.requestLimits().report()));
                    }
                    case "/_sim/images" -> {
                        if ("PUT".equals(method) || "POST".equals(method)) {
                            send(exchange, 201, json.writeValueAsBytes(simulator.images().publish(ImageSpec.fromYaml(readBody(exchange)))));
                        } else {
                            send(exchange, 200, json.writeValueAsBytes(simulator.images().list()));
                        }
                    }
                    case "/_sim/interruptions" -> {
                        if ("GET".equals(method)) {
                            send(exchange, 200, json.writeValueAsBytes(Map.of("queue", simulator.interruptionQueue(),
                                    "messages", simulator.interruptionQueueState(),
                                    "deleted", simulator.interruptionQueueDeleted())));
                            return;
                        }
                        if (!"POST".equals(method)) {
                            send(exchange, 405, json.writeValueAsBytes(Map.of("error", "GET, or POST {instanceId, kind}")));
                            return;
                        }
                        InterruptionRequest request = Ec2SimulatorConfig.readYaml(readBody(exchange), InterruptionRequest.class);
                        String event = simulator.interrupt(request.instanceId(), InterruptionKind.parse(request.kind()));
                        send(exchange, 200, event.getBytes(StandardCharsets.UTF_8));
                    }
                    default -> send(exchange, 404, json.writeValueAsBytes(Map.of("error", "unknown path " + path)));
                }
            } catch (UncheckedIOException | IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
                send(exchange, 400, json.writeValueAsBytes(Map.of("error", String.valueOf(e.getMessage()))));
            }
        }
    }

    /** {@code POST /_sim/interruptions}: which instance, and {@link InterruptionKind#wireName}. */
    record InterruptionRequest(String instanceId, String kind) {
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
