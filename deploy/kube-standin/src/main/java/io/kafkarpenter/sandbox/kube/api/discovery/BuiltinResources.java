package io.kafkarpenter.sandbox.kube.api.discovery;

import java.util.ArrayList;
import java.util.List;

import static io.kafkarpenter.sandbox.kube.api.discovery.ApiResource.ALL_VERBS;

/**
 * The built-in resources the stand-in serves (the CRUD mock stores any kind; these are the ones a cluster running
 * Karpenter and the workshop use), with the names, short names, categories and subresources of Kubernetes 1.32.
 */
public final class BuiltinResources {

    private static final List<String> NO_DELETECOLLECTION =
            List.of("create", "delete", "get", "list", "patch", "update", "watch");
    private static final List<ApiResource> ALL = build();

    private BuiltinResources() {
    }

    public static List<ApiResource> all() {
        return ALL;
    }

    private static List<ApiResource> build() {
        List<ApiResource> all = new ArrayList<>();
        // core v1
        all.add(withStatus(resource("", "v1", "pods", "Pod", true, List.of("po"), List.of("all")),
                new ApiResource.Subresource("binding", "", "v1", "Binding", List.of("create")),
                new ApiResource.Subresource("eviction", "policy", "v1", "Eviction", List.of("create"))));
        all.add(withStatus(resource("", "v1", "nodes", "Node", false, List.of("no"), List.of())));
        all.add(withStatus(new ApiResource("", "v1", "namespaces", "namespace", "Namespace", false,
                NO_DELETECOLLECTION, List.of("ns"), List.of(), List.of())));
        all.add(resource("", "v1", "events", "Event", true, List.of("ev"), List.of()));
        all.add(withStatus(resource("", "v1", "services", "Service", true, List.of("svc"), List.of("all"))));
        all.add(resource("", "v1", "endpoints", "Endpoints", true, List.of("ep"), List.of()));
        all.add(resource("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), List.of()));
        all.add(resource("", "v1", "secrets", "Secret", true, List.of(), List.of()));
        all.add(resource("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of()));
        all.add(withStatus(resource("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true,
                List.of("pvc"), List.of())));
        all.add(withStatus(resource("", "v1", "persistentvolumes", "PersistentVolume", false, List.of("pv"),
                List.of())));
        all.add(resource("", "v1", "limitranges", "LimitRange", true, List.of("limits"), List.of()));
        all.add(withStatus(resource("", "v1", "resourcequotas", "ResourceQuota", true, List.of("quota"), List.of())));
        // apps/v1
        all.add(withStatus(resource("apps", "v1", "deployments", "Deployment", true, List.of("deploy"),
                List.of("all")), ApiResource.scale()));
        all.add(withStatus(resource("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), List.of("all")),
                ApiResource.scale()));
        all.add(withStatus(resource("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), List.of("all"))));
        all.add(withStatus(resource("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"),
                List.of("all")), ApiResource.scale()));
        all.add(resource("apps", "v1", "controllerrevisions", "ControllerRevision", true, List.of(), List.of()));
        // others
        all.add(withStatus(resource("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true,
                List.of("pdb"), List.of())));
        all.add(resource("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), List.of()));
        all.add(resource("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), List.of()));
        all.add(withStatus(resource("apiextensions.k8s.io", "v1", "customresourcedefinitions",
                "CustomResourceDefinition", false, List.of("crd", "crds"), List.of("api-extensions"))));
        for (String kind : List.of("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding")) {
            all.add(resource("rbac.authorization.k8s.io", "v1", kind.toLowerCase() + "s", kind,
                    !kind.startsWith("Cluster"), List.of(), List.of()));
        }
        all.add(resource("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, List.of("sc"), List.of()));
        all.add(resource("storage.k8s.io", "v1", "csinodes", "CSINode", false, List.of(), List.of()));
        all.add(withStatus(resource("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", false,
                List.of(), List.of())));
        all.add(resource("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, List.of("pc"),
                List.of()));
        all.add(resource("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", false, List.of(), List.of()));
        return List.copyOf(all);
    }

    private static ApiResource resource(String group, String version, String plural, String kind, boolean namespaced,
            List<String> shortNames, List<String> categories) {
        return new ApiResource(group, version, plural, kind.toLowerCase(), kind, namespaced, ALL_VERBS, shortNames,
                categories, List.of());
    }

    private static ApiResource withStatus(ApiResource r, ApiResource.Subresource... more) {
        List<ApiResource.Subresource> subresources = new ArrayList<>();
        subresources.add(r.status());
        subresources.addAll(List.of(more));
        return new ApiResource(r.group(), r.version(), r.plural(), r.singular(), r.kind(), r.namespaced(), r.verbs(),
                r.shortNames(), r.categories(), List.copyOf(subresources));
    }
}
