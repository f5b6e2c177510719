package io.kafkarpenter.sandbox.kube.api.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDR;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents of an API server for a {@link ResourceCatalog}: the legacy ones ({@code /api} APIVersions,
 * {@code /apis} APIGroupList, {@code /apis/GROUP} APIGroup, {@code /api/v1} and {@code /apis/GROUP/VERSION}
 * APIResourceList with {@code resource/subresource} entries) and the aggregated one kubectl asks for first
 * ({@code apidiscovery.k8s.io/v2} APIGroupDiscoveryList: {@code /api} holds the core group, {@code /apis} all others).
 */
public final class DiscoveryDocuments {

    /** The Content-Type of an aggregated answer; client-go checks it to tell the two forms apart. */
    public static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private final ResourceCatalog catalog;
    private final ObjectMapper json = Serialization.jsonMapper();

    public DiscoveryDocuments(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    /** {@code /api}: APIVersions. */
    public String coreVersions(String serverAddress) {
        APIVersions versions = new APIVersions();
        versions.setApiVersion("v1");
        versions.setKind("APIVersions");
        versions.setVersions(List.of("v1"));
        versions.setServerAddressByClientCIDRs(List.of(new ServerAddressByClientCIDR("0.0.0.0/0", serverAddress)));
        return Serialization.asJson(versions);
    }

    /** {@code /apis}: APIGroupList of every group but the core one. */
    public String groupList() {
        APIGroupList list = new APIGroupList();
        list.setApiVersion("v1");
        list.setKind("APIGroupList");
        List<APIGroup> groups = new ArrayList<>();
        catalog.byGroup().forEach((group, versions) -> {
            if (!group.isEmpty()) {
                groups.add(apiGroup(group, List.copyOf(versions.keySet())));
            }
        });
        list.setGroups(groups);
        return Serialization.asJson(list);
    }

    /** {@code /apis/GROUP}: APIGroup, or empty when no such group is served. */
    public Optional<String> group(String group) {
        Map<String, List<ApiResource>> versions = catalog.byGroup().get(group);
        if (group.isEmpty() || versions == null) {
            return Optional.empty();
        }
        APIGroup apiGroup = apiGroup(group, List.copyOf(versions.keySet()));
        apiGroup.setApiVersion("v1");
        apiGroup.setKind("APIGroup");
        return Optional.of(Serialization.asJson(apiGroup));
    }

    /** {@code /api/v1} or {@code /apis/GROUP/VERSION}: APIResourceList, or empty when not served. */
    public Optional<String> resourceList(String group, String version) {
        List<ApiResource> resources = catalog.byGroup().getOrDefault(group, Map.of()).get(version);
        if (resources == null) {
            return Optional.empty();
        }
        APIResourceList list = new APIResourceList();
        list.setApiVersion("v1");
        list.setKind("APIResourceList");
        list.setGroupVersion(group.isEmpty() ? version : group + "/" + version);
        List<APIResource> entries = new ArrayList<>();
        for (ApiResource r : resources) {
            entries.add(new APIResourceBuilder().withName(r.plural()).withSingularName(r.singular())
                    .withNamespaced(r.namespaced()).withKind(r.kind()).withVerbs(r.verbs())
                    .withShortNames(r.shortNames().isEmpty() ? null : r.shortNames())
                    .withCategories(r.categories().isEmpty() ? null : r.categories()).build());
            for (ApiResource.Subresource s : r.subresources()) {
                APIResourceBuilder sub = new APIResourceBuilder().withName(r.plural() + "/" + s.name())
                        .withSingularName("").withNamespaced(r.namespaced()).withKind(s.kind()).withVerbs(s.verbs());
                if (!s.group().equals(r.group()) || !s.version().equals(r.version())) {
                    sub.withGroup(s.group()).withVersion(s.version());
                }
                entries.add(sub.build());
            }
        }
        list.setResources(entries);
        return Optional.of(Serialization.asJson(list));
    }

    /** The aggregated APIGroupDiscoveryList: of the core group ({@code /api}) or of all others ({@code /apis}). */
    public String aggregated(boolean core) {
        ObjectNode list = json.createObjectNode();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/v2");
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        catalog.byGroup().forEach((group, versions) -> {
            if (group.isEmpty() != core) {
                return;
            }
            ObjectNode item = items.addObject();
            ObjectNode metadata = item.putObject("metadata");
            if (!group.isEmpty()) {
                metadata.put("name", group);
            }
            ArrayNode versionNodes = item.putArray("versions");
            versions.forEach((version, resources) -> {
                ObjectNode v = versionNodes.addObject();
                v.put("version", version);
                ArrayNode resourceNodes = v.putArray("resources");
                resources.forEach(r -> resourceNodes.add(aggregatedResource(r)));
                v.put("freshness", "Current");
            });
        });
        return list.toString();
    }

    private ObjectNode aggregatedResource(ApiResource r) {
        ObjectNode node = json.createObjectNode();
        node.put("resource", r.plural());
        node.set("responseKind", kind(r.group(), r.version(), r.kind()));
        node.put("scope", r.namespaced() ? "Namespaced" : "Cluster");
        node.put("singularResource", r.singular());
        strings(node, "verbs", r.verbs());
        if (!r.shortNames().isEmpty()) {
            strings(node, "shortNames", r.shortNames());
        }
        if (!r.categories().isEmpty()) {
            strings(node, "categories", r.categories());
        }
        if (!r.subresources().isEmpty()) {
            ArrayNode subs = node.putArray("subresources");
            for (ApiResource.Subresource s : r.subresources()) {
                ObjectNode sub = subs.addObject();
                sub.put("subresource", s.name());
                sub.set("responseKind", kind(s.group(), s.version(), s.kind()));
                strings(sub, "verbs", s.verbs());
            }
        }
        return node;
    }

    private ObjectNode kind(String group, String version, String kind) {
        ObjectNode node = json.createObjectNode();
        node.put("group", group);
        node.put("version", version);
        node.put("kind", kind);
        return node;
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    private static APIGroup apiGroup(String group, List<String> versions) {
        List<GroupVersionForDiscovery> gvs = versions.stream()
                .map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
        return new APIGroupBuilder().withName(group).withVersions(gvs).withPreferredVersion(gvs.get(0)).build();
    }
}
