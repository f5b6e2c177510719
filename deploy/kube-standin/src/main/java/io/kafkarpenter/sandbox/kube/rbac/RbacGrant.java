package io.kafkarpenter.sandbox.kube.rbac;

import java.util.Comparator;

/**
 * One permission as granted by the policy: a subject holds, through a role, one verb on one resource of one API group,
 * optionally limited to one object name. A rule of a role expands into the cross product of its apiGroups, resources,
 * verbs and resourceNames; wildcards ({@code *} alone, or as
 * <code>*&#47;scale</code>) stay literal and match as RBAC matches them.
 *
 * @param subject      {@code system:serviceaccount:NS:NAME} for a ServiceAccount, the user name for a User,
 *                     {@code group:NAME} for a Group
 * @param role         {@code ClusterRole/NAME} (bound by a ClusterRoleBinding: everywhere), {@code ClusterRole/NAME@NS}
 *                     (bound by a RoleBinding in NS: in that namespace only) or {@code Role/NS/NAME}
 * @param apiGroup     "" for the core group
 * @param resource     {@code pods}, {@code pods/eviction}, {@code *}; for a non-resource rule the URL ({@code /metrics})
 * @param verb         get, list, watch, create, update, patch, delete, deletecollection, *, …
 * @param resourceName "" = any object
 */
public record RbacGrant(String subject, String role, String apiGroup, String resource, String verb, String resourceName)
        implements Comparable<RbacGrant> {

    private static final Comparator<RbacGrant> ORDER = Comparator.comparing(RbacGrant::key);

    public RbacGrant {
        for (String field : new String[] {subject, role, apiGroup, resource, verb, resourceName}) {
            if (field == null || field.indexOf('\t') >= 0 || field.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("grant field null or with a tab/newline: " + field);
            }
        }
    }

    /** One line: the six fields separated by tabs. */
    public String key() {
        return String.join("\t", subject, role, apiGroup, resource, verb, resourceName);
    }

    public static RbacGrant parse(String key) {
        String[] fields = key.split("\t", -1);
        if (fields.length != 6) {
            throw new IllegalArgumentException("not a grant key (6 tab-separated fields): '" + key + "'");
        }
        return new RbacGrant(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    /** Whether this grant is about a non-resource URL ({@code /metrics}) rather than an API resource. */
    public boolean nonResource() {
        return resource.startsWith("/");
    }

    @Override
    public int compareTo(RbacGrant other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        String what = (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource
                + (resourceName.isEmpty() ? "" : " \"" + resourceName + "\"");
        return subject + " may " + verb + " " + what + " (" + role + ")";
    }
}
