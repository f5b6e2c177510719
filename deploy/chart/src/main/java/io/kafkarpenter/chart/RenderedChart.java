package io.kafkarpenter.chart;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * What {@code helm template} printed: the YAML as is, and each document as a typed fabric8 object (a kind fabric8
 * does not know, such as ServiceMonitor or KafkaTopic, as a {@code GenericKubernetesResource}). Helm hooks and the
 * chart's crds/ are not part of it: helm-java prints the release manifest only (like {@code helm template --no-hooks}
 * without {@code --include-crds}).
 */
public record RenderedChart(String yaml, List<HasMetadata> objects) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<Class<?>> RBAC = Set.of(ServiceAccount.class, Role.class, ClusterRole.class,
        RoleBinding.class, ClusterRoleBinding.class);

    public RenderedChart {
        objects = List.copyOf(objects);
    }

    /** Parses Helm's multi-document output ({@code ---} separated, comments and empty documents skipped). */
    public static RenderedChart parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        List<HasMetadata> objects = new ArrayList<>();
        collect(parsed, objects);
        return new RenderedChart(yaml, objects);
    }

    private static void collect(Object parsed, List<HasMetadata> into) {
        if (parsed == null) {
            return;
        }
        if (parsed instanceof HasMetadata h) {
            into.add(h);
        } else if (parsed instanceof KubernetesResourceList<?> list) {
            list.getItems().forEach(i -> collect(i, into));
        } else if (parsed instanceof List<?> list) {
            list.forEach(i -> collect(i, into));
        } else if (!(parsed instanceof KubernetesResource)) {
            throw new IllegalStateException("helm template printed something that is not a Kubernetes object: "
                + parsed.getClass().getName());
        }
    }

    /** The objects of this class (or a subclass), in the order Helm printed them. */
    public <T extends HasMetadata> List<T> ofKind(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The object of this kind and name; fails when there is none. */
    public <T extends HasMetadata> T named(Class<T> kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no " + kind.getSimpleName() + " " + name + " rendered"));
    }

    /** ServiceAccounts, Roles, ClusterRoles, RoleBindings and ClusterRoleBindings. */
    public List<HasMetadata> rbac() {
        return objects.stream().filter(o -> RBAC.contains(o.getClass())).toList();
    }
}
