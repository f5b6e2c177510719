package io.kafkarpenter.sandbox.kube.rbac;

import java.util.List;
import java.util.Optional;

/**
 * The stand-in's bearer tokens. They are deterministic and not secret (the stand-in listens on 127.0.0.1 only), so
 * whoever starts a service process can compute its token: {@code kk-sa:NAMESPACE:NAME} for a ServiceAccount
 * (colons cannot occur in a namespace or a ServiceAccount name), {@link #ADMIN} for the stand-in's own parts and
 * the tests' setup code.
 *
 * <p>A real cluster issues signed, audience-bound tokens; here only the mapping token → user matters, because what
 * is under test is whether each service's RBAC is enough, not the token machinery.
 */
public final class StandinTokens {

    /** User {@code kk-admin} in group {@code system:masters}: every request allowed and none recorded as usage. */
    public static final String ADMIN = "kk-admin";

    /** The admin token's user. */
    public static final StandinUser ADMIN_USER =
            new StandinUser("kk-admin", List.of(StandinUser.MASTERS, StandinUser.AUTHENTICATED));

    private static final String SERVICE_ACCOUNT = "kk-sa:";

    /** The bearer token of ServiceAccount {@code namespace/name}. */
    public static String serviceAccount(String namespace, String name) {
        if (namespace.isBlank() || name.isBlank() || namespace.contains(":") || name.contains(":")) {
            throw new IllegalArgumentException("not a ServiceAccount: '" + namespace + "/" + name + "'");
        }
        return SERVICE_ACCOUNT + namespace + ":" + name;
    }

    /** The user a token authenticates as; empty for a missing or unknown token (the API server's 401). */
    public static Optional<StandinUser> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        if (ADMIN.equals(token)) {
            return Optional.of(ADMIN_USER);
        }
        if (token.startsWith(SERVICE_ACCOUNT)) {
            String[] parts = token.substring(SERVICE_ACCOUNT.length()).split(":", -1);
            if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
                return Optional.of(StandinUser.serviceAccount(parts[0], parts[1]));
            }
        }
        return Optional.empty();
    }

    /** The token of an {@code Authorization} header value ({@code Bearer TOKEN}), or null. */
    public static String bearer(String authorizationHeader) {
        if (authorizationHeader == null) {
            return null;
        }
        String value = authorizationHeader.trim();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : null;
    }

    private StandinTokens() {
    }
}
