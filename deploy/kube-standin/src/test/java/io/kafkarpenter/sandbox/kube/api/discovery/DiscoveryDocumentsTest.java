package io.kafkarpenter.sandbox.kube.api.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkarpenter.sandbox.kube.api.openapi.OpenApiV3;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryDocumentsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ResourceCatalog catalog = ResourceCatalog.of(withWidget());
    private final DiscoveryDocuments docs = new DiscoveryDocuments(catalog);

    private static List<io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition> withWidget() {
        var crds = new ArrayList<>(Crds.karpenter());
        crds.add(Crds.widget());
        return crds;
    }

    @Test
    void aggregatedDiscoveryListsTheCrdsWithCategoriesShortNamesScopeAndSubresources() throws Exception {
        JsonNode apis = json.readTree(docs.aggregated(false));
        assertThat(apis.path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
        assertThat(apis.path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
        JsonNode nodePools = resource(apis, "karpenter.sh", "nodepools");
        assertThat(nodePools.path("responseKind").path("kind").asText()).isEqualTo("NodePool");
        assertThat(nodePools.path("scope").asText()).isEqualTo("Cluster");
        assertThat(nodePools.path("singularResource").asText()).isEqualTo("nodepool");
        assertThat(nodePools.path("categories").toString()).isEqualTo("[\"karpenter\"]");
        assertThat(nodePools.path("subresources").get(0).path("subresource").asText()).isEqualTo("status");
        JsonNode classes = resource(apis, "karpenter.k8s.aws", "ec2nodeclasses");
        assertThat(classes.path("shortNames").toString()).isEqualTo("[\"ec2nc\",\"ec2ncs\"]");
        JsonNode widgets = resource(apis, "example.com", "widgets");
        assertThat(widgets.path("scope").asText()).isEqualTo("Namespaced");
        assertThat(widgets.path("subresources").findValuesAsText("subresource")).containsExactly("status", "scale");
        assertThat(widgets.path("subresources").get(1).path("responseKind").path("group").asText())
                .isEqualTo("autoscaling");
        JsonNode deployments = resource(apis, "apps", "deployments");
        assertThat(deployments.path("shortNames").toString()).isEqualTo("[\"deploy\"]");
        assertThat(deployments.path("categories").toString()).isEqualTo("[\"all\"]");
    }

    @Test
    void aggregatedCoreGroupHasNoNameAndPodSubresources() throws Exception {
        JsonNode api = json.readTree(docs.aggregated(true));
        assertThat(api.path("items")).hasSize(1);
        assertThat(api.path("items").get(0).path("metadata").has("name")).isFalse();
        JsonNode pods = resource(api, "", "pods");
        assertThat(pods.path("shortNames").toString()).isEqualTo("[\"po\"]");
        assertThat(pods.path("subresources").findValuesAsText("subresource"))
                .containsExactly("status", "binding", "eviction");
        assertThat(resource(api, "", "nodes").path("scope").asText()).isEqualTo("Cluster");
    }

    @Test
    void legacyDocuments() throws Exception {
        JsonNode groups = json.readTree(docs.groupList());
        assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
        assertThat(groups.path("groups").findValuesAsText("name")).contains("apps", "karpenter.sh", "karpenter.k8s.aws",
                "policy", "coordination.k8s.io", "example.com").doesNotContain("");
        JsonNode v1 = json.readTree(docs.resourceList("", "v1").orElseThrow());
        assertThat(v1.path("groupVersion").asText()).isEqualTo("v1");
        assertThat(v1.path("resources").findValuesAsText("name"))
                .contains("pods", "pods/status", "pods/binding", "pods/eviction", "nodes", "nodes/status", "events");
        JsonNode eviction = entry(v1, "pods/eviction");
        assertThat(eviction.path("group").asText()).isEqualTo("policy");
        assertThat(eviction.path("kind").asText()).isEqualTo("Eviction");
        JsonNode apps = json.readTree(docs.resourceList("apps", "v1").orElseThrow());
        assertThat(entry(apps, "deployments/scale").path("kind").asText()).isEqualTo("Scale");
        assertThat(entry(apps, "replicasets/scale").path("group").asText()).isEqualTo("autoscaling");
        JsonNode karpenter = json.readTree(docs.resourceList("karpenter.sh", "v1").orElseThrow());
        assertThat(entry(karpenter, "nodeclaims").path("namespaced").asBoolean()).isFalse();
        assertThat(entry(karpenter, "nodeclaims").path("categories").toString()).isEqualTo("[\"karpenter\"]");
        assertThat(docs.resourceList("karpenter.sh", "v1beta1")).isEmpty();
        assertThat(docs.group("nope.example.com")).isEmpty();
        assertThat(json.readTree(docs.group("karpenter.sh").orElseThrow()).path("preferredVersion")
                .path("groupVersion").asText()).isEqualTo("karpenter.sh/v1");
    }

    @Test
    void acceptHeaderOfKubectlAsksForAggregatedV2() {
        assertThat(DiscoveryDispatcher.acceptsAggregated("application/json;g=apidiscovery.k8s.io;v=v2;"
                + "as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
                + "application/json")).isTrue();
        assertThat(DiscoveryDispatcher.acceptsAggregated("application/json;g=apidiscovery.k8s.io;v=v2beta1;"
                + "as=APIGroupDiscoveryList,application/json")).isFalse();
        assertThat(DiscoveryDispatcher.acceptsAggregated("application/json, */*")).isFalse();
        assertThat(DiscoveryDispatcher.acceptsAggregated(null)).isFalse();
    }

    @Test
    void openApiV3AdvertisesFieldValidationOnEveryPatchAndCarriesCrdSchemas() throws Exception {
        OpenApiV3 openApi = new OpenApiV3(catalog);
        JsonNode root = json.readTree(openApi.root());
        String url = root.path("paths").path("apis/karpenter.sh/v1").path("serverRelativeURL").asText();
        assertThat(url).startsWith("/openapi/v3/apis/karpenter.sh/v1?hash=");
        assertThat(root.path("paths").has("api/v1")).isTrue();
        JsonNode doc = json.readTree(openApi.document("karpenter.sh", "v1").orElseThrow());
        JsonNode patch = doc.path("paths").path("/apis/karpenter.sh/v1/nodepools/{name}").path("patch");
        assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("NodePool");
        assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation");
        assertThat(patch.path("requestBody").path("content").has("application/merge-patch+json")).isTrue();
        assertThat(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json")).isFalse();
        JsonNode schema = doc.path("components").path("schemas").path("sh.karpenter.v1.NodePool");
        assertThat(schema.path("properties").path("spec").path("properties").has("template")).isTrue();
        assertThat(schema.path("x-kubernetes-group-version-kind").get(0).path("group").asText())
                .isEqualTo("karpenter.sh");
        JsonNode widgets = json.readTree(openApi.document("example.com", "v1").orElseThrow());
        assertThat(widgets.path("paths").has("/apis/example.com/v1/namespaces/{namespace}/widgets/{name}")).isTrue();
        assertThat(openApi.document("karpenter.sh", "v9")).isEmpty();
    }

    private static JsonNode resource(JsonNode list, String group, String plural) {
        for (JsonNode item : list.path("items")) {
            if (item.path("metadata").path("name").asText("").equals(group)) {
                for (JsonNode version : item.path("versions")) {
                    for (JsonNode resource : version.path("resources")) {
                        if (resource.path("resource").asText().equals(plural)) {
                            return resource;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no " + plural + "." + group + " in " + list);
    }

    private static JsonNode entry(JsonNode resourceList, String name) {
        for (JsonNode r : resourceList.path("resources")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no " + name);
    }
}
