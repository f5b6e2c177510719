package io.kafkarpenter.sandbox.kube.api.discovery;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kafkarpenter.sandbox.kube.api.openapi.OpenApiV3;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the API server's discovery and OpenAPI URLs, which the CRUD mock does not know (it answers them with a
 * list of whatever is stored), from the built-in resources and the CustomResourceDefinitions stored at that moment:
 * <ul>
 *   <li>{@code /api}, {@code /apis}: the aggregated APIGroupDiscoveryList (apidiscovery.k8s.io/v2) when the client
 *       accepts it (kubectl 1.32 does), else APIVersions / APIGroupList;</li>
 *   <li>{@code /api/v1}, {@code /apis/GROUP}, {@code /apis/GROUP/VERSION}: APIResourceList / APIGroup (404 Status
 *       for what is not served);</li>
 *   <li>{@code /openapi/v3} and {@code /openapi/v3/api(s)/...}: see {@link OpenApiV3};</li>
 *   <li>{@code /openapi/v2} (and its legacy {@code /swagger-2.0.0.pb-v1}): 404 Status, as a server without it;</li>
 *   <li>{@code /version}: Kubernetes v1.32.0.</li>
 * </ul>
 * Everything else goes to the delegate, its answer marked {@code Content-Type: application/json} when the mock left
 * that out (see {@link #withContentType}) and a list's kind made the API server's ({@link ListKinds}). All of these are non-resource URLs, which RBAC lets every authenticated
 * user GET ({@code system:discovery}).
 */
public final class DiscoveryDispatcher extends Dispatcher {

    private static final Pattern CORE_VERSION = Pattern.compile("^/api/([^/]+)/?$");
    private static final Pattern GROUP = Pattern.compile("^/apis/([^/]+)/?$");
    private static final Pattern GROUP_VERSION = Pattern.compile("^/apis/([^/]+)/([^/]+)/?$");
    private static final Pattern OPENAPI_V3_DOC = Pattern.compile("^/openapi/v3/(?:api/([^/]+)|apis/([^/]+)/([^/]+))/?$");

    /** The version kubectl is tested with (the mock's own answer, 0.0 without gitVersion, breaks kubectl version). */
    static final String VERSION = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\",\"gitCommit\":\"\","
            + "\"gitTreeState\":\"\",\"buildDate\":\"\",\"goVersion\":\"\",\"compiler\":\"\",\"platform\":\"linux/amd64\"}";

    private final Dispatcher delegate;

    public DiscoveryDispatcher(Dispatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return withContentType(delegate.dispatch(request));
        }
        String path = request.getPath();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        Optional<MockResponse> answer = answer(path, request);
        return answer.orElseGet(() -> withContentType(
                ListKinds.rewrite(request.getMethod(), request.getPath(), delegate.dispatch(request), delegate)));
    }

    /**
     * The mock answers without a Content-Type; client-go then assumes the type it asked for first, which for
     * kubectl's typed clients (describe) is protobuf, and fails on the JSON body. Every body here is JSON.
     */
    static MockResponse withContentType(MockResponse response) {
        if (response.getWebSocketListener() == null && response.getBody() != null && response.getBody().size() > 0
                && response.header("Content-Type") == null) {
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    private Optional<MockResponse> answer(String path, RecordedRequest request) {
        if (path.equals("/version") || path.equals("/version/")) {
            return Optional.of(json(VERSION));
        }
        if (!(path.startsWith("/api") || path.startsWith("/openapi") || path.startsWith("/swagger"))) {
            return Optional.empty();
        }
        boolean aggregated = acceptsAggregated(request.getHeader("Accept"));
        if (path.equals("/api") || path.equals("/api/")) {
            DiscoveryDocuments docs = documents();
            return Optional.of(aggregated ? aggregated(docs.aggregated(true))
                    : json(docs.coreVersions(serverAddress(request))));
        }
        if (path.equals("/apis") || path.equals("/apis/")) {
            DiscoveryDocuments docs = documents();
            return Optional.of(aggregated ? aggregated(docs.aggregated(false)) : json(docs.groupList()));
        }
        Matcher m;
        if ((m = CORE_VERSION.matcher(path)).matches()) {
            return Optional.of(orNotFound(documents().resourceList("", m.group(1))));
        }
        if ((m = GROUP.matcher(path)).matches()) {
            return Optional.of(orNotFound(documents().group(m.group(1))));
        }
        if ((m = GROUP_VERSION.matcher(path)).matches()) {
            return Optional.of(orNotFound(documents().resourceList(m.group(1), m.group(2))));
        }
        if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
            return Optional.of(json(openApi().root()));
        }
        if ((m = OPENAPI_V3_DOC.matcher(path)).matches()) {
            Optional<String> doc = m.group(1) != null ? openApi().document("", m.group(1))
                    : openApi().document(m.group(2), m.group(3));
            return Optional.of(orNotFound(doc));
        }
        if (path.startsWith("/openapi/") || path.startsWith("/swagger")) {
            return Optional.of(notFound());
        }
        return Optional.empty();
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    private DiscoveryDocuments documents() {
        return new DiscoveryDocuments(ResourceCatalog.read(delegate));
    }

    private OpenApiV3 openApi() {
        return new OpenApiV3(ResourceCatalog.read(delegate));
    }

    /** Whether an Accept header lists the aggregated discovery v2 type (client-go lists it first, then v2beta1, json). */
    static boolean acceptsAggregated(String accept) {
        if (accept == null) {
            return false;
        }
        return Arrays.stream(accept.split(",")).anyMatch(type -> {
            String t = type.replace(" ", "");
            return t.contains("g=apidiscovery.k8s.io") && t.contains("as=APIGroupDiscoveryList")
                    && Arrays.asList(t.split(";")).contains("v=v2");
        });
    }

    private static String serverAddress(RecordedRequest request) {
        String host = request.getHeader("Host");
        return host == null ? "127.0.0.1" : host;
    }

    private static MockResponse orNotFound(Optional<String> body) {
        return body.map(DiscoveryDispatcher::json).orElseGet(DiscoveryDispatcher::notFound);
    }

    private static MockResponse json(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
    }

    private static MockResponse aggregated(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", DiscoveryDocuments.AGGREGATED_V2)
                .setBody(body);
    }

    /** The API server's answer to a URL it does not serve. */
    static MockResponse notFound() {
        var status = new StatusBuilder().withStatus("Failure").withCode(404).withReason("NotFound")
                .withMessage("the server could not find the requested resource").withNewDetails().endDetails().build();
        status.setApiVersion("v1");
        status.setKind("Status");
        return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
    }
}
