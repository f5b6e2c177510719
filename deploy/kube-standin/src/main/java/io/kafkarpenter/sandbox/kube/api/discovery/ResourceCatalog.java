package io.kafkarpenter.sandbox.kube.api.discovery;

import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every resource the stand-in serves at one moment: the {@link BuiltinResources} and, for each stored
 * CustomResourceDefinition, each served version of its resource (read from the store on each request, so a CRD
 * created through the API appears at once).
 *
 * @param crds the stored definitions the CRD resources come from
 */
public record ResourceCatalog(List<ApiResource> resources, List<CustomResourceDefinition> crds) {

    public static final String CRDS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    /** The catalog with the definitions now stored behind {@code store}. */
    public static ResourceCatalog read(Dispatcher store) {
        return of(storedDefinitions(store));
    }

    public static ResourceCatalog of(List<CustomResourceDefinition> crds) {
        List<ApiResource> resources = new ArrayList<>(BuiltinResources.all());
        for (CustomResourceDefinition crd : crds) {
            resources.addAll(resourcesOf(crd));
        }
        return new ResourceCatalog(List.copyOf(resources), List.copyOf(crds));
    }

    /** The resources a definition adds, one per served version. */
    public static List<ApiResource> resourcesOf(CustomResourceDefinition crd) {
        List<ApiResource> resources = new ArrayList<>();
        CustomResourceDefinitionNames names = crd.getSpec().getNames();
        boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (Boolean.FALSE.equals(version.getServed())) {
                continue;
            }
            String group = crd.getSpec().getGroup();
            List<ApiResource.Subresource> subresources = new ArrayList<>();
            if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
                subresources.add(new ApiResource.Subresource("status", group, version.getName(), names.getKind(),
                        ApiResource.STATUS_VERBS));
            }
            if (version.getSubresources() != null && version.getSubresources().getScale() != null) {
                subresources.add(ApiResource.scale());
            }
            String singular = names.getSingular() == null || names.getSingular().isEmpty()
                    ? names.getKind().toLowerCase() : names.getSingular();
            resources.add(new ApiResource(group, version.getName(), names.getPlural(), singular, names.getKind(),
                    namespaced, ApiResource.ALL_VERBS, orEmpty(names.getShortNames()), orEmpty(names.getCategories()),
                    List.copyOf(subresources)));
        }
        return resources;
    }

    /** Group → versions → resources, in the order discovery lists them (core first, then built-ins, then CRDs). */
    public Map<String, Map<String, List<ApiResource>>> byGroup() {
        Map<String, Map<String, List<ApiResource>>> groups = new LinkedHashMap<>();
        for (ApiResource resource : resources) {
            groups.computeIfAbsent(resource.group(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(resource.version(), v -> new ArrayList<>()).add(resource);
        }
        return groups;
    }

    /** The served resource of that group, version and plural. */
    public Optional<ApiResource> find(String group, String version, String plural) {
        return resources.stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst();
    }

    /** The definition of {@code plural.group}, if it is a custom resource. */
    public Optional<CustomResourceDefinition> crd(String group, String plural) {
        return crds.stream()
                .filter(c -> c.getSpec().getGroup().equals(group) && c.getSpec().getNames().getPlural().equals(plural))
                .findFirst();
    }

    static List<CustomResourceDefinition> storedDefinitions(Dispatcher store) {
        MockResponse response = store.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, CRDS_PATH,
                Headers.builder().build(), new Buffer()));
        if (response.code() != 200 || response.getBody() == null) {
            return List.of();
        }
        KubernetesList list = Serialization.unmarshal(response.getBody().readUtf8(), KubernetesList.class);
        List<CustomResourceDefinition> crds = new ArrayList<>();
        if (list.getItems() != null) {
            list.getItems().forEach(item -> crds.add(
                    Serialization.unmarshal(Serialization.asJson(item), CustomResourceDefinition.class)));
        }
        return crds;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
