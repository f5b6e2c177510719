package io.kafkarpenter.sandbox.kube.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkarpenter.sandbox.kube.api.LabelSelectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The RBAC objects of a cluster (Roles, ClusterRoles, RoleBindings, ClusterRoleBindings), expanded into
 * {@link RbacGrant}s with the scope each applies in:
 * <ul>
 *   <li>a RoleBinding to a Role: that Role's rules in the binding's namespace;</li>
 *   <li>a RoleBinding to a ClusterRole: the ClusterRole's rules in the binding's namespace only
 *       (role {@code ClusterRole/NAME@NS});</li>
 *   <li>a ClusterRoleBinding to a ClusterRole: in every namespace and at the cluster scope.</li>
 * </ul>
 * A ClusterRole with an {@code aggregationRule} gets the rules of the ClusterRoles its selectors match, as the
 * aggregation controller would write them. A binding whose role is missing grants nothing; requests it would have
 * allowed are refused with the API server's "RBAC: role … not found" reason. Other kinds are ignored.
 */
public final class RbacPolicy {

    /** A grant and where it applies: {@code namespace} null = every namespace and the cluster scope. */
    record Scoped(RbacGrant grant, String namespace) {

        boolean appliesIn(String requestNamespace) {
            return namespace == null || namespace.equals(requestNamespace);
        }
    }

    /** A binding whose role does not exist: the API server's error text, and where the binding applies. */
    record MissingRole(String message, String namespace) {

        boolean appliesIn(String requestNamespace) {
            return namespace == null || namespace.equals(requestNamespace);
        }
    }

    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private final Map<String, List<Scoped>> bySubject;
    private final Set<RbacGrant> grants;
    private final Map<String, List<MissingRole>> missingRoles;

    private RbacPolicy(Map<String, List<Scoped>> bySubject, Map<String, List<MissingRole>> missingRoles) {
        this.bySubject = bySubject;
        this.missingRoles = missingRoles;
        Set<RbacGrant> all = new TreeSet<>();
        bySubject.values().forEach(scoped -> scoped.forEach(s -> all.add(s.grant())));
        this.grants = Collections.unmodifiableSet(all);
    }

    /** No roles, no bindings: every non-admin request is refused. */
    public static RbacPolicy empty() {
        return from(List.of());
    }

    /** From objects of any kind; Role, ClusterRole, RoleBinding and ClusterRoleBinding are used, the rest ignored. */
    public static RbacPolicy from(Collection<? extends HasMetadata> objects) {
        Map<String, Role> roles = new LinkedHashMap<>();
        Map<String, ClusterRole> clusterRoles = new LinkedHashMap<>();
        List<RoleBinding> roleBindings = new ArrayList<>();
        List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object == null || !isRbac(object)) {
                continue;
            }
            switch (object.getKind()) {
                case "Role" -> {
                    Role role = typed(object, Role.class);
                    roles.put(role.getMetadata().getNamespace() + "/" + role.getMetadata().getName(), role);
                }
                case "ClusterRole" -> {
                    ClusterRole role = typed(object, ClusterRole.class);
                    clusterRoles.put(role.getMetadata().getName(), role);
                }
                case "RoleBinding" -> roleBindings.add(typed(object, RoleBinding.class));
                case "ClusterRoleBinding" -> clusterRoleBindings.add(typed(object, ClusterRoleBinding.class));
                default -> {
                }
            }
        }
        Map<String, List<PolicyRule>> clusterRules = new HashMap<>();
        clusterRoles.keySet().forEach(name -> clusterRules.put(name, rulesOf(name, clusterRoles, new HashSet<>())));

        Map<String, List<Scoped>> bySubject = new LinkedHashMap<>();
        Map<String, List<MissingRole>> missing = new LinkedHashMap<>();
        for (RoleBinding binding : roleBindings) {
            String namespace = binding.getMetadata().getNamespace();
            RoleRef ref = binding.getRoleRef();
            List<PolicyRule> rules;
            String role;
            if ("Role".equals(ref.getKind())) {
                Role found = roles.get(namespace + "/" + ref.getName());
                rules = found == null ? null : nonNull(found.getRules());
                role = "Role/" + namespace + "/" + ref.getName();
            } else {
                rules = clusterRules.get(ref.getName());
                role = "ClusterRole/" + ref.getName() + "@" + namespace;
            }
            addBinding(bySubject, missing, binding.getSubjects(), namespace, ref, rules, role, namespace);
        }
        for (ClusterRoleBinding binding : clusterRoleBindings) {
            RoleRef ref = binding.getRoleRef();
            List<PolicyRule> rules = "ClusterRole".equals(ref.getKind()) ? clusterRules.get(ref.getName()) : null;
            addBinding(bySubject, missing, binding.getSubjects(), null, ref, rules, "ClusterRole/" + ref.getName(), null);
        }
        return new RbacPolicy(bySubject, missing);
    }

    /** From a multi-document YAML file, e.g. {@code helm template} output. */
    public static RbacPolicy fromYaml(Path renderedManifests) {
        try {
            return from(parseManifests(Files.readString(renderedManifests)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read RBAC manifests from " + renderedManifests, e);
        }
    }

    /** Every grant, sorted by key. */
    public Set<RbacGrant> grants() {
        return grants;
    }

    /** The grants that apply to {@code user}: its own, and its groups'. */
    List<Scoped> grantsOf(StandinUser user) {
        List<Scoped> result = new ArrayList<>(bySubject.getOrDefault(user.name(), List.of()));
        user.groups().forEach(group -> result.addAll(bySubject.getOrDefault(groupSubject(group), List.of())));
        return result;
    }

    /** {@code role.rbac.authorization.k8s.io "x" not found} for each binding of {@code user} whose role is missing. */
    List<MissingRole> missingRolesOf(StandinUser user) {
        List<MissingRole> result = new ArrayList<>(missingRoles.getOrDefault(user.name(), List.of()));
        user.groups().forEach(group -> result.addAll(missingRoles.getOrDefault(groupSubject(group), List.of())));
        return result;
    }

    static List<HasMetadata> parseManifests(String yaml) {
        Object parsed = Serialization.unmarshal(yaml);
        List<HasMetadata> objects = new ArrayList<>();
        collect(parsed, objects);
        return objects;
    }

    private static void collect(Object parsed, List<HasMetadata> objects) {
        if (parsed instanceof KubernetesList list) {
            list.getItems().forEach(item -> collect(item, objects));
        } else if (parsed instanceof Collection<?> many) {
            many.forEach(item -> collect(item, objects));
        } else if (parsed instanceof HasMetadata one) {
            objects.add(one);
        }
    }

    private static void addBinding(Map<String, List<Scoped>> bySubject, Map<String, List<MissingRole>> missing,
            List<Subject> subjects, String bindingNamespace, RoleRef ref, List<PolicyRule> rules, String role,
            String scope) {
        for (Subject subject : nonNull(subjects)) {
            String key = subjectKey(subject, bindingNamespace);
            if (key == null) {
                continue;
            }
            if (rules == null) {
                String kind = "Role".equals(ref.getKind()) ? "role" : "clusterrole";
                missing.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new MissingRole(kind + "." + RBAC_GROUP + " \"" + ref.getName() + "\" not found", scope));
                continue;
            }
            List<Scoped> list = bySubject.computeIfAbsent(key, k -> new ArrayList<>());
            Set<RbacGrant> seen = new HashSet<>();
            list.forEach(s -> seen.add(s.grant()));
            for (PolicyRule rule : rules) {
                for (RbacGrant grant : expand(key, role, rule)) {
                    if (seen.add(grant)) {
                        list.add(new Scoped(grant, scope));
                    }
                }
            }
        }
    }

    /** The cross product of a rule's groups × resources × verbs × names, plus its non-resource URLs × verbs. */
    static List<RbacGrant> expand(String subject, String role, PolicyRule rule) {
        List<RbacGrant> result = new ArrayList<>();
        List<String> names = nonNull(rule.getResourceNames()).isEmpty() ? List.of("") : rule.getResourceNames();
        for (String group : nonNull(rule.getApiGroups())) {
            for (String resource : nonNull(rule.getResources())) {
                for (String verb : nonNull(rule.getVerbs())) {
                    for (String name : names) {
                        result.add(new RbacGrant(subject, role, group, resource, verb, name));
                    }
                }
            }
        }
        for (String url : nonNull(rule.getNonResourceURLs())) {
            for (String verb : nonNull(rule.getVerbs())) {
                // a bare "*" becomes "/*" (same URLs), so a non-resource grant always starts with '/'
                result.add(new RbacGrant(subject, role, "", url.equals("*") ? "/*" : url, verb, ""));
            }
        }
        return result;
    }

    /** A ClusterRole's rules; for an aggregated one, the rules of the ClusterRoles its selectors match. */
    private static List<PolicyRule> rulesOf(String name, Map<String, ClusterRole> clusterRoles, Set<String> visiting) {
        ClusterRole role = clusterRoles.get(name);
        if (role.getAggregationRule() == null || !visiting.add(name)) {
            return nonNull(role.getRules());
        }
        Set<PolicyRule> rules = new LinkedHashSet<>();
        for (ClusterRole other : clusterRoles.values()) {
            String otherName = other.getMetadata().getName();
            if (otherName.equals(name)) {
                continue;
            }
            for (LabelSelector selector : nonNull(role.getAggregationRule().getClusterRoleSelectors())) {
                if (LabelSelectors.matches(selector, other.getMetadata().getLabels())) {
                    rules.addAll(rulesOf(otherName, clusterRoles, visiting));
                    break;
                }
            }
        }
        visiting.remove(name);
        return List.copyOf(rules);
    }

    /** The subject's key in grants; a ServiceAccount without a namespace is in the RoleBinding's namespace. */
    private static String subjectKey(Subject subject, String bindingNamespace) {
        return switch (subject.getKind() == null ? "" : subject.getKind()) {
            case "ServiceAccount" -> {
                String namespace = subject.getNamespace() == null || subject.getNamespace().isEmpty()
                        ? bindingNamespace : subject.getNamespace();
                yield namespace == null ? null : StandinUser.serviceAccountName(namespace, subject.getName());
            }
            case "User" -> subject.getName();
            case "Group" -> groupSubject(subject.getName());
            default -> null;
        };
    }

    static String groupSubject(String group) {
        return "group:" + group;
    }

    private static boolean isRbac(HasMetadata object) {
        String apiVersion = object.getApiVersion();
        return apiVersion != null && apiVersion.startsWith(RBAC_GROUP + "/")
                && Set.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding").contains(object.getKind());
    }

    private static <T> T typed(HasMetadata object, Class<T> type) {
        return type.isInstance(object) ? type.cast(object) : Serialization.unmarshal(Serialization.asJson(object), type);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
