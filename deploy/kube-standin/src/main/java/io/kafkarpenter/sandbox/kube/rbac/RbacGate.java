package io.kafkarpenter.sandbox.kube.rbac;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.Optional;

/**
 * The API server's authentication and authorization filters, in front of the stand-in's dispatcher: the bearer token
 * is mapped to a user ({@link StandinTokens}); no or an unknown token → 401 Unauthorized; a request RBAC does not
 * allow → 403 Forbidden with the API server's Status; an allowed one goes on to the delegate and, for a user other
 * than a superuser, records the grants that allowed it in {@link RbacUsage}.
 *
 * <p>Watches are requests like any other here (the mock serves a websocket or a streamed GET for the same
 * {@code RecordedRequest}), so a refused watch fails its upgrade with the 403.
 *
 * <p>With an {@code unauthenticated} user, a request that carries no {@code Authorization} header at all is served
 * as that user instead of 401, like the API server's old insecure port: kubectl sends no bearer token to a plain-HTTP
 * server, so this is how kubectl reaches an RBAC-enforcing stand-in (the sandbox, {@code --unauthenticated-admin}).
 * A request with a token, valid or not, is authenticated as always.
 */
public final class RbacGate extends Dispatcher {

    private final Dispatcher delegate;
    private final RbacAuthorizer authorizer;
    private final RbacUsage usage;
    private final Optional<StandinUser> unauthenticated;

    public RbacGate(Dispatcher delegate, RbacAuthorizer authorizer, RbacUsage usage) {
        this(delegate, authorizer, usage, Optional.empty());
    }

    public RbacGate(Dispatcher delegate, RbacAuthorizer authorizer, RbacUsage usage, Optional<StandinUser> unauthenticated) {
        this.delegate = delegate;
        this.authorizer = authorizer;
        this.usage = usage;
        this.unauthenticated = unauthenticated;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        Optional<StandinUser> user = authorization == null ? unauthenticated
                : StandinTokens.authenticate(StandinTokens.bearer(authorization));
        if (user.isEmpty()) {
            return respond(new StatusBuilder().withStatus("Failure").withCode(401).withReason("Unauthorized")
                    .withMessage("Unauthorized").build());
        }
        RequestAttributes attributes = RequestAttributes.parse(request.getMethod(), request.getPath());
        RbacAuthorizer.Decision decision = authorizer.authorize(user.get(), attributes);
        if (!decision.allowed()) {
            return respond(forbidden(user.get(), attributes, decision.reason()));
        }
        usage.record(decision.grants());
        return delegate.dispatch(request);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    /** The API server's 403 ({@code responsewriters.Forbidden} + {@code apierrors.NewForbidden}). */
    static Status forbidden(StandinUser user, RequestAttributes request, String reason) {
        String message = forbiddenMessage(user, request) + (reason.isEmpty() ? "" : ": " + reason);
        String qualified = request.apiGroup().isEmpty() ? request.resource() : request.resource() + "." + request.apiGroup();
        String full;
        if (!request.resourceRequest()) {
            full = "forbidden: " + message;
        } else if (request.name().isEmpty()) {
            full = qualified + " is forbidden: " + message;
        } else {
            full = qualified + " \"" + request.name() + "\" is forbidden: " + message;
        }
        return new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden").withMessage(full)
                .withNewDetails().withName(request.name()).withGroup(request.apiGroup()).withKind(request.resource())
                .endDetails().build();
    }

    static String forbiddenMessage(StandinUser user, RequestAttributes request) {
        if (!request.resourceRequest()) {
            return "User \"" + user.name() + "\" cannot " + request.verb() + " path \"" + request.path() + "\"";
        }
        String start = "User \"" + user.name() + "\" cannot " + request.verb() + " resource \""
                + request.combinedResource() + "\" in API group \"" + request.apiGroup() + "\"";
        return request.namespace().isEmpty() ? start + " at the cluster scope"
                : start + " in the namespace \"" + request.namespace() + "\"";
    }

    private static MockResponse respond(Status status) {
        status.setApiVersion("v1");
        status.setKind("Status");
        return new MockResponse().setResponseCode(status.getCode()).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
    }
}
