package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kafkarpenter.sandbox.kube.api.write.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The write extensions over HTTP against an in-process stand-in with Karpenter's CRDs. */
class ApiWritesTest {

    static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    static final String NODEPOOLS = "/apis/karpenter.sh/v1/nodepools";

    static KubeStandin standin;
    static KubernetesClient client;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        standin = KubeStandin.start(0, Path.of("../crds"));
        client = standin.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        standin.close();
    }

    @BeforeEach
    void clean() {
        client.apps().deployments().inNamespace("default").delete();
        client.genericKubernetesResources("karpenter.sh/v1", "NodePool").delete();
        await().until(() -> client.apps().deployments().inNamespace("default").list().getItems().isEmpty());
    }

    static Deployment inflate() {
        return new DeploymentBuilder().withNewMetadata().withName("inflate").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(0)
                .withNewSelector().addToMatchLabels("app", "inflate").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "inflate").endMetadata()
                .withNewSpec().addNewContainer().withName("pause").withImage("pause:3.7").endContainer()
                .addNewContainer().withName("side").withImage("side:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    record Answer(int code, JsonNode body, List<String> warnings) {
    }

    static Answer send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standin.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isBlank() ? null : Store.parse(response.body()),
                response.headers().allValues("Warning"));
    }

    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Test
    void strategicMergePatchOfADeploymentMergesContainersByNameAndWatchersSeeModified() throws Exception {
        client.apps().deployments().inNamespace("default").resource(inflate()).create();
        List<String> events = new CopyOnWriteArrayList<>();
        try (Watch ignored = client.apps().deployments().inNamespace("default").withName("inflate").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment deployment) {
                events.add(action.name());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            Answer answer = send("PATCH", DEPLOYMENTS + "/inflate", "application/strategic-merge-patch+json",
                    q("{'spec': {'template': {'spec': {'$setElementOrder/containers': [{'name': 'pause'}, {'name': 'side'}],"
                            + " 'containers': [{'name': 'pause', 'resources': {'requests': {'cpu': '1'}}}]}}}}"));

            assertThat(answer.code()).isEqualTo(200);
            Deployment stored = client.apps().deployments().inNamespace("default").withName("inflate").get();
            assertThat(stored.getSpec().getTemplate().getSpec().getContainers()).hasSize(2);
            assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests().get("cpu"))
                    .hasToString("1");
            await().until(() -> events.contains("MODIFIED"));
        }
    }

    @Test
    void aPatchThatChangesNothingKeepsTheResourceVersion() throws Exception {
        String before = client.apps().deployments().inNamespace("default").resource(inflate()).create()
                .getMetadata().getResourceVersion();

        Answer answer = send("PATCH", DEPLOYMENTS + "/inflate", "application/strategic-merge-patch+json",
                q("{'spec': {'replicas': 0}}"));

        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.body().at("/metadata/resourceVersion").asText()).isEqualTo(before);
        assertThat(client.apps().deployments().inNamespace("default").withName("inflate").get().getMetadata()
                .getResourceVersion()).isEqualTo(before);
    }

    @Test
    void mergePatchOfACustomResourceRemovesNullsAndReplacesListsWhileStrategicIsRefused() throws Exception {
        createNodePool("");

        Answer merged = send("PATCH", NODEPOOLS + "/default", "application/merge-patch+json",
                q("{'spec': {'weight': null, 'template': {'spec': {'requirements': [{'key': 'b', 'operator': 'Exists'}]}}}}"));
        Answer strategic = send("PATCH", NODEPOOLS + "/default", "application/strategic-merge-patch+json", "{}");

        assertThat(merged.code()).isEqualTo(200);
        JsonNode stored = Store.JSON.valueToTree(
                client.genericKubernetesResources("karpenter.sh/v1", "NodePool").withName("default").get());
        assertThat(stored.at("/spec").has("weight")).isFalse();
        assertThat(stored.at("/spec/template/spec/requirements")).isEqualTo(json("[{'key': 'b', 'operator': 'Exists'}]"));
        assertThat(strategic.code()).isEqualTo(415);
        assertThat(strategic.body().path("message").asText()).startsWith("the body of the request was in an unknown format");
    }

    @Test
    void scaleSubresourceReadsAndWritesTheDeploymentsReplicas() throws Exception {
        client.apps().deployments().inNamespace("default").resource(inflate()).create();

        Answer read = send("GET", DEPLOYMENTS + "/inflate/scale", null, null);
        Answer patched = send("PATCH", DEPLOYMENTS + "/inflate/scale", "application/merge-patch+json", q("{'spec': {'replicas': 5}}"));
        Answer stale = send("PUT", DEPLOYMENTS + "/inflate/scale", "application/json",
                q("{'apiVersion': 'autoscaling/v1', 'kind': 'Scale', 'metadata': {'name': 'inflate', 'namespace': 'default',"
                        + " 'resourceVersion': '" + read.body().at("/metadata/resourceVersion").asText() + "'}, 'spec': {'replicas': 7}}"));

        assertThat(read.code()).isEqualTo(200);
        assertThat(read.body().path("kind").asText()).isEqualTo("Scale");
        assertThat(read.body().path("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(read.body().at("/spec/replicas").asInt()).isZero();
        assertThat(read.body().at("/status/selector").asText()).isEqualTo("app=inflate");
        assertThat(patched.code()).isEqualTo(200);
        assertThat(patched.body().at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(client.apps().deployments().inNamespace("default").withName("inflate").get().getSpec().getReplicas()).isEqualTo(5);
        assertThat(stale.code()).isEqualTo(409);
        assertThat(stale.body().path("message").asText()).isEqualTo("Operation cannot be fulfilled on deployments.apps \"inflate\":"
                + " the object has been modified; please apply your changes to the latest version and try again");
    }

    @Test
    void strictFieldValidationRefusesUnknownFieldsOfACustomResourceWithTheApiServersText() throws Exception {
        Answer refused = send("POST", NODEPOOLS + "?fieldValidation=Strict", "application/json", nodePool("'foo': 1"));
        Answer warned = send("POST", NODEPOOLS + "?fieldValidation=Warn", "application/json", nodePool("'foo': 1"));

        assertThat(refused.code()).isEqualTo(400);
        assertThat(refused.body().path("reason").asText()).isEqualTo("BadRequest");
        assertThat(refused.body().path("message").asText()).isEqualTo("NodePool in version \"v1\" cannot be handled as a NodePool:"
                + " strict decoding error: unknown field \"spec.template.spec.foo\"");
        assertThat(warned.code()).isEqualTo(201);
        assertThat(warned.warnings()).containsExactly("299 - \"unknown field \\\"spec.template.spec.foo\\\"\"");
        assertThat(warned.body().at("/spec/template/spec").has("foo")).isFalse();

        Answer patch = send("PATCH", NODEPOOLS + "/default?fieldValidation=Strict", "application/merge-patch+json",
                q("{'spec': {'bar': 2}}"));
        assertThat(patch.code()).isEqualTo(422);
        assertThat(patch.body().path("message").asText()).startsWith("\"\" is invalid: patch: Invalid value: \"{")
                .endsWith("strict decoding error: unknown field \"spec.bar\"");
    }

    @Test
    void serverSideApplyCreatesThenMerges() throws Exception {
        Answer created = send("PATCH", DEPLOYMENTS + "/inflate?fieldManager=kubectl", "application/apply-patch+yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: inflate\nspec:\n  replicas: 2\n"
                        + "  selector:\n    matchLabels: {app: inflate}\n  template:\n    metadata:\n      labels: {app: inflate}\n"
                        + "    spec:\n      containers:\n      - name: pause\n        image: pause:3.7\n");
        Answer merged = send("PATCH", DEPLOYMENTS + "/inflate?fieldManager=kubectl", "application/apply-patch+yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: inflate\nspec:\n  replicas: 3\n");

        assertThat(created.code()).isEqualTo(201);
        assertThat(merged.code()).isEqualTo(200);
        Deployment stored = client.apps().deployments().inNamespace("default").withName("inflate").get();
        assertThat(stored.getSpec().getReplicas()).isEqualTo(3);
        assertThat(stored.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    }

    @Test
    void dryRunWritesAreAnsweredButNothingIsWritten() throws Exception {
        client.apps().deployments().inNamespace("default").resource(inflate()).create();

        Answer create = send("POST", NODEPOOLS + "?dryRun=All", "application/json", nodePool(""));
        Answer patch = send("PATCH", DEPLOYMENTS + "/inflate?dryRun=All", "application/merge-patch+json", q("{'spec': {'replicas': 9}}"));
        Answer scale = send("PATCH", DEPLOYMENTS + "/inflate/scale?dryRun=All", "application/merge-patch+json", q("{'spec': {'replicas': 9}}"));
        Answer delete = send("DELETE", DEPLOYMENTS + "/inflate", "application/json", q("{'kind': 'DeleteOptions', 'dryRun': ['All']}"));

        assertThat(create.code()).isEqualTo(201);
        assertThat(patch.code()).isEqualTo(200);
        assertThat(patch.body().at("/spec/replicas").asInt()).isEqualTo(9);
        assertThat(scale.body().at("/spec/replicas").asInt()).isEqualTo(9);
        assertThat(delete.code()).isEqualTo(200);
        assertThat(client.genericKubernetesResources("karpenter.sh/v1", "NodePool").list().getItems()).isEmpty();
        assertThat(client.apps().deployments().inNamespace("default").withName("inflate").get().getSpec().getReplicas()).isZero();
    }

    @Test
    void fabric8JsonPatchesStillWork() {
        client.apps().deployments().inNamespace("default").resource(inflate()).create();

        client.apps().deployments().inNamespace("default").withName("inflate")
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(4).endSpec().build());
        client.apps().deployments().inNamespace("default").withName("inflate")
                .patch(PatchContext.of(PatchType.JSON_MERGE), q("{'metadata': {'labels': {'x': 'y'}}}"));

        Deployment stored = client.apps().deployments().inNamespace("default").withName("inflate").get();
        assertThat(stored.getSpec().getReplicas()).isEqualTo(4);
        assertThat(stored.getMetadata().getLabels()).containsEntry("x", "y");
    }

    void createNodePool(String extraTemplateSpec) throws Exception {
        Answer created = send("POST", NODEPOOLS, "application/json", nodePool(extraTemplateSpec));
        assertThat(created.code()).isEqualTo(201);
    }

    static String nodePool(String extraTemplateSpec) {
        return q("{'apiVersion': 'karpenter.sh/v1', 'kind': 'NodePool', 'metadata': {'name': 'default'},"
                + " 'spec': {'weight': 10, 'template': {'spec': {" + extraTemplateSpec + (extraTemplateSpec.isEmpty() ? "" : ", ")
                + "'nodeClassRef': {'group': 'karpenter.k8s.aws', 'kind': 'EC2NodeClass', 'name': 'default'},"
                + " 'requirements': [{'key': 'a', 'operator': 'Exists'}]}}}}");
    }
}
