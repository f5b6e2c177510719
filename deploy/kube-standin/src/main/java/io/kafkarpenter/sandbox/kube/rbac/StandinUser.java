package io.kafkarpenter.sandbox.kube.rbac;

import java.util.List;

/**
 * Who sent a request, as the API server's authenticator reports it: a user name and the groups it belongs to.
 *
 * @param name   {@code system:serviceaccount:NS:NAME} for a ServiceAccount, else a user name
 * @param groups every group, including {@code system:authenticated}
 */
public record StandinUser(String name, List<String> groups) {

    public static final String MASTERS = "system:masters";
    public static final String AUTHENTICATED = "system:authenticated";
    public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    public StandinUser {
        groups = List.copyOf(groups);
    }

    /** The user a ServiceAccount's token authenticates as, with the groups a real API server gives it. */
    public static StandinUser serviceAccount(String namespace, String name) {
        return new StandinUser(serviceAccountName(namespace, name),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, AUTHENTICATED));
    }

    public static String serviceAccountName(String namespace, String name) {
        return SERVICE_ACCOUNT_PREFIX + namespace + ":" + name;
    }

    /** In group {@code system:masters}: every request allowed, nothing recorded (the API server's superuser). */
    public boolean isSuperuser() {
        return groups.contains(MASTERS);
    }
}
