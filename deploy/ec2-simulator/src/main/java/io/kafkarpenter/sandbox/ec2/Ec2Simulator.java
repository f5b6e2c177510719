package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kafkarpenter.sandbox.ec2.Resources.Instance;
import io.kafkarpenter.sandbox.ec2.Resources.LaunchTemplate;
import io.kafkarpenter.sandbox.ec2.Resources.Subnet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An EC2 endpoint for the unmodified AWS SDK v2 {@code Ec2Client} ({@code endpointOverride(simulator.endpoint())}):
 * the EC2 Query protocol (form-encoded {@code POST /}, XML answers, EC2 error XML) over the JDK's HTTP server.
 *
 * <pre>{@code
 * try (Ec2Simulator ec2 = Ec2Simulator.start(Ec2SimulatorConfig.builder().instantTransitions().build())) {
 *     ec2.faults().insufficientCapacity("m5.large", "us-east-1a", "on-demand");
 *     Ec2Client client = Ec2Client.builder().endpointOverride(ec2.endpoint())...build();
 * }
 * }</pre>
 *
 * Besides the EC2 actions it serves {@code GET /_sim/health}, {@code GET /_sim/instances} (JSON),
 * {@code GET /_sim/requests[?action=A]} (the request log, JSON), {@code GET|PUT /_sim/faults} (YAML or JSON
 * {@link FaultsSpec}) and {@code GET|POST /_sim/images} (list, or publish the YAML or JSON {@link ImageSpec}; an empty
 * body publishes the next AL2023 release) for the demo and other processes.
 */
public final class Ec2Simulator implements AutoCloseable {
    private static final int MAX_RECORDED_REQUESTS = 10_000;

    private final Ec2SimulatorConfig config;
    private final Faults faults;
    private final Ec2State state;
    private final Images images;
    private final Ec2Api api;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private volatile Consumer<RecordedRequest> requestListener = r -> { };
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Ec2Simulator(Ec2SimulatorConfig config) throws IOException {
        this.config = config;
        this.faults = new Faults(config.clock());
        this.state = new Ec2State(config, faults, InstanceTypeCatalog.load(config.catalogFile()));
        this.api = new Ec2Api(state, faults);
        this.images = new Images(state);
        config.images().forEach(images::publish);
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "ec2-simulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(8, factory);
        server.setExecutor(executor);
        server.createContext("/", this::serveEc2);
        server.createContext("/_sim/", this::serveControl);
        server.start();
    }

    /** Starts a simulator; with port 0 it picks a free port (see {@link #endpoint()}). */
    public static Ec2Simulator start(Ec2SimulatorConfig config) {
        try {
            return new Ec2Simulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the EC2 simulator on " + config.host() + ":" + config.port(), e);
        }
    }

    public static Ec2Simulator start() {
        return start(Ec2SimulatorConfig.defaults());
    }

    /** {@code http://127.0.0.1:<port>}: pass it to {@code Ec2Client.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return URI.create("http://" + config.host() + ":" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Ec2SimulatorConfig config() {
        return config;
    }

    public Faults faults() {
        return faults;
    }

    /** The AMIs: publish a newer AL2023 release (AMI drift), list them, find what {@code al2023@latest} resolves to. */
    public Images images() {
        return images;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- looking at the state

    /** Every instance EC2 would still describe, in launch order, with states as of now. */
    public List<InstanceSnapshot> instances() {
        synchronized (state) {
            state.refresh();
            List<InstanceSnapshot> all = new ArrayList<>();
            for (Instance i : state.instances.values()) {
                all.add(state.snapshot(i));
            }
            return all;
        }
    }

    public Optional<InstanceSnapshot> instance(String instanceId) {
        synchronized (state) {
            state.refresh();
            Instance i = state.instances.get(instanceId);
            return i == null ? Optional.empty() : Optional.of(state.snapshot(i));
        }
    }

    /** Subnet id by zone, in zone order. */
    public Map<String, String> subnetIdsByZone() {
        synchronized (state) {
            Map<String, String> byZone = new LinkedHashMap<>();
            for (Subnet s : state.subnets.values()) {
                byZone.putIfAbsent(s.zone, s.id);
            }
            return byZone;
        }
    }

    /** Security group id by group name. */
    public Map<String, String> securityGroupIdsByName() {
        synchronized (state) {
            Map<String, String> byName = new LinkedHashMap<>();
            state.securityGroups.values().forEach(g -> byName.put(g.name, g.id));
            return byName;
        }
    }

    public int availableIpAddressCount(String subnetId) {
        synchronized (state) {
            state.refresh();
            return state.availableIps(subnet(subnetId));
        }
    }

    /** Takes addresses of a subnet for something other than instances (other ENIs), e.g. to exhaust it. */
    public void consumeSubnetIps(String subnetId, int addresses) {
        synchronized (state) {
            Subnet s = subnet(subnetId);
            s.reservedByOthers = Math.max(0, Math.min(s.capacity, s.reservedByOthers + addresses));
        }
    }

    /** Fixes the spot price of a type in one zone (or every zone when {@code zone} is null). */
    public void spotPrice(String instanceType, String zone, double price) {
        state.spotPrices.override(instanceType, zone, price);
    }

    /** Publishes a new AMI owned by Amazon, created now; returns its id. See {@link #images()} for more. */
    public String publishImage(String name, String architecture) {
        return images.publish(name, architecture);
    }

    /** The id of the newest AMI whose name matches the EC2 wildcard pattern (e.g. {@code *al2023-arm64-standard*}). */
    public Optional<String> imageId(String namePattern) {
        synchronized (state) {
            return state.images.values().stream().filter(i -> Filter.glob(namePattern).matcher(i.name).matches())
                    .max((a, b) -> a.creationDate.compareTo(b.creationDate)).map(i -> i.id);
        }
    }

    /** Ends an instance as EC2 does on a spot interruption (or any EC2-initiated termination). */
    public void interrupt(String instanceId) {
        synchronized (state) {
            state.refresh();
            Instance i = state.instances.get(instanceId);
            if (i == null) {
                throw new IllegalArgumentException("no instance " + instanceId);
            }
            state.shutDown(i, "Server.SpotInstanceTermination", "Server.SpotInstanceTermination: Spot instance termination");
        }
    }

    /** The {@code LaunchTemplateData.*} parameters a launch template was created with (prefix stripped). */
    public Optional<Map<String, String>> launchTemplateData(String launchTemplateName) {
        synchronized (state) {
            LaunchTemplate t = state.launchTemplateByName(launchTemplateName);
            return t == null ? Optional.empty() : Optional.of(Map.copyOf(t.data.asMap()));
        }
    }

    public List<String> launchTemplateNames() {
        synchronized (state) {
            return state.launchTemplates.values().stream().map(t -> t.name).toList();
        }
    }

    // ---------------------------------------------------------------- the request log

    /** The calls answered so far (the last 10 000), oldest first. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<RecordedRequest> requests(String action) {
        return requests().stream().filter(r -> r.action().equals(action)).toList();
    }

    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    private Subnet subnet(String subnetId) {
        Subnet s = state.subnets.get(subnetId);
        if (s == null) {
            throw new IllegalArgumentException("no subnet " + subnetId);
        }
        return s;
    }

    // ---------------------------------------------------------------- HTTP

    private void serveEc2(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            String form;
            if ("POST".equals(exchange.getRequestMethod())) {
                try (InputStream in = exchange.getRequestBody()) {
                    form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } else {
                form = exchange.getRequestURI().getRawQuery();
            }
            QueryRequest request = QueryRequest.parse(form);
            Ec2Api.Answer answer = api.call(request, requestId);
            record(new RecordedRequest(Instant.now(config.clock()), String.valueOf(request.string("Action")),
                    request.asMap(), answer.status(), answer.errorCode()));
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            send(exchange, answer.status(), answer.body());
        }
    }

    /** Called after every answered EC2 call (the process prints them; tests can count them). */
    public void onRequest(Consumer<RecordedRequest> listener) {
        this.requestListener = listener == null ? r -> { } : listener;
    }

    private void record(RecordedRequest r) {
        requestListener.accept(r);
        synchronized (requests) {
            requests.addLast(r);
            if (requests.size() > MAX_RECORDED_REQUESTS) {
                requests.removeFirst();
            }
        }
    }

    private void serveControl(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            try {
                switch (path) {
                    case "/_sim/health" -> send(exchange, 200, utf8("{\"status\":\"UP\"}"));
                    case "/_sim/instances" -> send(exchange, 200, json.writeValueAsBytes(instances()));
                    case "/_sim/requests" -> {
                        String query = exchange.getRequestURI().getQuery();
                        String action = query != null && query.startsWith("action=") ? query.substring(7) : null;
                        send(exchange, 200, json.writeValueAsBytes(action == null ? requests() : requests(action)));
                    }
                    case "/_sim/faults" -> {
                        if ("PUT".equals(method) || "POST".equals(method)) {
                            String body;
                            try (InputStream in = exchange.getRequestBody()) {
                                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                            }
                            faults.apply(body.isBlank() ? null : FaultsSpec.fromYaml(body));
                        }
                        send(exchange, 200, json.writeValueAsBytes(faults.spec()));
                    }
                    case "/_sim/images" -> {
                        if ("PUT".equals(method) || "POST".equals(method)) {
                            String body;
                            try (InputStream in = exchange.getRequestBody()) {
                                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                            }
                            send(exchange, 201, json.writeValueAsBytes(images.publish(ImageSpec.fromYaml(body))));
                        } else {
                            send(exchange, 200, json.writeValueAsBytes(images.list()));
                        }
                    }
                    default -> send(exchange, 404, utf8("{\"error\":\"unknown path " + path + "\"}"));
                }
            } catch (UncheckedIOException | IllegalArgumentException e) {
                send(exchange, 400, json.writeValueAsBytes(Map.of("error", String.valueOf(e.getMessage()))));
            }
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

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
