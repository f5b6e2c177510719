package io.kafkarpenter.sandbox.kube.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes' RBAC authorizer ({@code plugin/pkg/auth/authorizer/rbac}) over an {@link RbacPolicy}, plus the two
 * things a cluster allows before RBAC: {@code system:masters} (everything) and the bootstrap {@code system:discovery}
 * role (GET of {@code /api}, {@code /apis}, {@code /version}, {@code /openapi}, health URLs for every authenticated user).
 *
 * <p>Matching is RBAC's: verbs, API groups and resources match exactly or by {@code *}; a resource rule
 * {@code *}{@code /SUB} matches subresource SUB of any resource ({@code pods/*} is no wildcard); a grant with a
 * resource name matches only a request naming that object (a create, or a list without a
 * {@code metadata.name} field selector, names none, so it never matches); non-resource URLs match exactly or by a
 * trailing {@code *}.
 */
public final class RbacAuthorizer {

    /** The outcome: allowed or not, every grant that allows it (empty for superuser and discovery), and why not. */
    public record Decision(boolean allowed, List<RbacGrant> grants, String reason) {

        public Decision {
            grants = List.copyOf(grants);
        }
    }

    private static final Set<String> DISCOVERY = Set.of("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez",
            "/readyz", "/openapi", "/openapi/*", "/version", "/version/");

    private final RbacPolicy policy;

    public RbacAuthorizer(RbacPolicy policy) {
        this.policy = policy;
    }

    public RbacPolicy policy() {
        return policy;
    }

    public Decision authorize(StandinUser user, RequestAttributes request) {
        if (user.isSuperuser()) {
            return new Decision(true, List.of(), "");
        }
        if (!request.resourceRequest() && "get".equals(request.verb())
                && user.groups().contains(StandinUser.AUTHENTICATED)
                && DISCOVERY.stream().anyMatch(url -> urlMatches(url, request.path()))) {
            return new Decision(true, List.of(), "");
        }
        List<RbacGrant> matching = new ArrayList<>();
        for (RbacPolicy.Scoped scoped : policy.grantsOf(user)) {
            if (scoped.appliesIn(request.namespace()) && matches(scoped.grant(), request)) {
                matching.add(scoped.grant());
            }
        }
        if (!matching.isEmpty()) {
            return new Decision(true, matching, "");
        }
        List<String> errors = policy.missingRolesOf(user).stream()
                .filter(m -> m.appliesIn(request.namespace())).map(RbacPolicy.MissingRole::message).toList();
        String reason = errors.isEmpty() ? ""
                : "RBAC: " + (errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        return new Decision(false, List.of(), reason);
    }

    /** Whether one grant allows the request (scope aside). */
    static boolean matches(RbacGrant grant, RequestAttributes request) {
        if (!wildcardOrEqual(grant.verb(), request.verb())) {
            return false;
        }
        if (!request.resourceRequest()) {
            return grant.nonResource() && urlMatches(grant.resource(), request.path());
        }
        if (grant.nonResource() || !wildcardOrEqual(grant.apiGroup(), request.apiGroup())) {
            return false;
        }
        if (!resourceMatches(grant.resource(), request.combinedResource(), request.subresource())) {
            return false;
        }
        return grant.resourceName().isEmpty() || grant.resourceName().equals(request.name());
    }

    private static boolean resourceMatches(String ruleResource, String combined, String subresource) {
        if (ruleResource.equals("*") || ruleResource.equals(combined)) {
            return true;
        }
        return !subresource.isEmpty() && ruleResource.equals("*/" + subresource);
    }

    private static boolean urlMatches(String ruleUrl, String path) {
        if (ruleUrl.equals("*") || ruleUrl.equals(path)) {
            return true;
        }
        return ruleUrl.endsWith("*") && path.startsWith(ruleUrl.substring(0, ruleUrl.length() - 1));
    }

    private static boolean wildcardOrEqual(String rule, String requested) {
        return rule.equals("*") || rule.equals(requested);
    }
}
