package io.kafkarpenter.sandbox.kube.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kafkarpenter.sandbox.kube.api.discovery.ResourceCatalog;
import io.kafkarpenter.sandbox.kube.rbac.RequestAttributes;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Server-side printing: a GET of a resource (list, one object, or watch) whose Accept asks for
 * {@code application/json;as=Table;g=meta.k8s.io;v=v1} — what {@code kubectl get} sends — is answered with a
 * meta.k8s.io/v1 Table instead of the objects: the built-in printers ({@link BuiltinPrinters}), a custom resource's
 * printer columns ({@link CrdPrinter}), or the default Name / Created At. The request itself goes to the delegate
 * unchanged (so selectors, RBAC and field selectors apply as for a plain GET); only the answer is converted.
 */
public final class TableDispatcher extends Dispatcher {

    private final Dispatcher delegate;
    private final Clock clock;
    private final ObjectMapper json = Serialization.jsonMapper();

    public TableDispatcher(Dispatcher delegate) {
        this(delegate, Clock.systemUTC());
    }

    TableDispatcher(Dispatcher delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (!"GET".equals(request.getMethod()) || !acceptsTable(request.getHeader("Accept"))) {
            return delegate.dispatch(request);
        }
        RequestAttributes attributes = RequestAttributes.parse(request.getMethod(), request.getPath());
        if (!attributes.resourceRequest() || !attributes.subresource().isEmpty()) {
            return delegate.dispatch(request);
        }
        MockResponse response = delegate.dispatch(request);
        TableConverter converter = converter(attributes.apiGroup(), attributes.apiVersion(), attributes.resource());
        Tables.IncludeObject include = Tables.IncludeObject.of(queryValue(request.getPath(), "includeObject"));
        if (response.getWebSocketListener() != null) {
            return response.withWebSocketUpgrade(new TableWatch(response.getWebSocketListener(), converter, include,
                    resourceVersion(queryValue(request.getPath(), "resourceVersion")), clock));
        }
        if (response.code() != 200 || response.getBody() == null) {
            return response;
        }
        try {
            JsonNode body = json.readTree(response.getBody().readUtf8());
            JsonNode table;
            if (body.has("items")) {
                List<JsonNode> items = new ArrayList<>();
                body.path("items").forEach(items::add);
                table = Tables.table(converter, items, body.path("metadata"), include, clock.instant());
            } else {
                table = Tables.table(converter, List.of(body), null, include, clock.instant());
            }
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody(json.writeValueAsString(table));
        } catch (IOException | RuntimeException e) {
            return response;
        }
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    /** The printer of a resource: built-in, the stored CRD's columns, else the default table. */
    TableConverter converter(String group, String version, String plural) {
        return BuiltinPrinters.forResource(group, plural)
                .or(() -> ResourceCatalog.read(delegate).crd(group, plural).flatMap(crd -> CrdPrinter.of(crd, version)))
                .orElse(BuiltinPrinters.DEFAULT);
    }

    /** Whether an Accept header asks for a meta.k8s.io Table (v1 or v1beta1; the answer is always v1). */
    static boolean acceptsTable(String accept) {
        if (accept == null) {
            return false;
        }
        return Arrays.stream(accept.split(",")).anyMatch(type -> {
            List<String> parameters = Arrays.asList(type.replace(" ", "").split(";"));
            return parameters.contains("as=Table") && parameters.contains("g=meta.k8s.io")
                    && (parameters.contains("v=v1") || parameters.contains("v=v1beta1"));
        });
    }

    private static String queryValue(String pathAndQuery, String parameter) {
        int q = pathAndQuery.indexOf('?');
        if (q < 0) {
            return null;
        }
        return Arrays.stream(pathAndQuery.substring(q + 1).split("&"))
                .filter(p -> p.startsWith(parameter + "="))
                .map(p -> URLDecoder.decode(p.substring(parameter.length() + 1), StandardCharsets.UTF_8))
                .findFirst().orElse(null);
    }

    private static long resourceVersion(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
