package io.kafkarpenter.sandbox.kube.api;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ApiServerExtensionsTest {

    static KubeStandin standin;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        standin = KubeStandin.start(0, null);
        client = standin.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        standin.close();
    }

    @BeforeEach
    void clean() {
        client.pods().inNamespace("default").delete();
        client.policy().v1().podDisruptionBudget().inNamespace("default").delete();
    }

    @Test
    void bindingSubresourceSetsNodeNameAndPodScheduled() {
        create(pod("web-0").build());

        client.bindings().inNamespace("default").resource(new BindingBuilder()
                .withNewMetadata().withName("web-0").endMetadata()
                .withNewTarget().withKind("Node").withName("node-a").endTarget().build()).create();

        Pod bound = client.pods().inNamespace("default").withName("web-0").get();
        assertThat(bound.getSpec().getNodeName()).isEqualTo("node-a");
        assertThat(bound.getStatus().getConditions()).filteredOn(c -> c.getType().equals("PodScheduled"))
                .extracting(PodCondition::getStatus).containsExactly("True");
    }

    @Test
    void podBindingSubresourcePathWorksAsKubeSchedulerCallsIt() {
        create(pod("web-3").build());

        var response = post("/api/v1/namespaces/default/pods/web-3/binding",
                "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"web-3\"},"
                        + "\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"node-c\"}}");

        assertThat(response.code()).isEqualTo(201);
        assertThat(client.pods().inNamespace("default").withName("web-3").get().getSpec().getNodeName()).isEqualTo("node-c");
        assertThat(post("/api/v1/namespaces/default/pods/nope/binding",
                "{\"metadata\":{\"name\":\"nope\"},\"target\":{\"name\":\"node-c\"}}").code()).isEqualTo(404);
    }

    @Test
    void bindingAnAlreadyBoundPodIsAConflict() {
        create(pod("web-1").editSpec().withNodeName("node-a").endSpec().build());

        assertThatThrownBy(() -> client.bindings().inNamespace("default").resource(new BindingBuilder()
                .withNewMetadata().withName("web-1").endMetadata()
                .withNewTarget().withKind("Node").withName("node-b").endTarget().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.pods().inNamespace("default").withName("web-1").get().getSpec().getNodeName()).isEqualTo("node-a");
    }

    @Test
    void evictionDeletesThePod() {
        create(running("web-2", "web"));

        assertThat(client.pods().inNamespace("default").withName("web-2").evict()).isTrue();

        assertThat(client.pods().inNamespace("default").withName("web-2").get()).isNull();
    }

    @Test
    void evictionIsRefusedWith429WhenABudgetIsAtItsLimit() {
        create(running("db-0", "db"));
        create(running("db-1", "db"));
        client.policy().v1().podDisruptionBudget().inNamespace("default").resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("db-pdb").withNamespace("default").endMetadata()
                .withNewSpec().withNewMinAvailable(1).withNewSelector().addToMatchLabels("app", "db").endSelector()
                .endSpec().build()).create();

        assertThat(client.pods().inNamespace("default").withName("db-0").evict()).isTrue();
        // db-1 is now the only healthy pod and the budget needs one
        assertThat(client.pods().inNamespace("default").withName("db-1").evict()).isFalse();
        assertThat(client.pods().inNamespace("default").withName("db-1").get()).isNotNull();

        var raw = post("/api/v1/namespaces/default/pods/db-1/eviction",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"db-1\"}}");
        assertThat(raw.code()).isEqualTo(429);
        assertThat(raw.body()).contains("\"reason\":\"TooManyRequests\"")
                .contains("Cannot evict pod as it would violate the pod's disruption budget.")
                .contains("The disruption budget db-pdb needs 1 healthy pods and has 1 currently");
    }

    @Test
    void fieldSelectorsFilterListsByNodeNameAndPhase() {
        create(pod("a").editSpec().withNodeName("node-a").endSpec().build());
        create(pod("b").editSpec().withNodeName("node-b").endSpec().build());
        create(pod("c").build());
        create(pod("d").editSpec().withNodeName("node-a").endSpec().editOrNewStatus().withPhase("Succeeded").endStatus().build());

        var pods = client.pods().inNamespace("default");
        assertThat(names(pods.withField("spec.nodeName", "node-a").list().getItems())).containsExactlyInAnyOrder("a", "d");
        assertThat(names(pods.withField("spec.nodeName", "").list().getItems())).containsExactly("c");
        assertThat(names(pods.withField("spec.nodeName", "node-a").withoutField("status.phase", "Succeeded")
                .list().getItems())).containsExactly("a");
        assertThat(names(client.pods().inAnyNamespace().withField("status.phase", "Succeeded").list().getItems()))
                .containsExactly("d");
        assertThat(names(pods.withField("metadata.name", "b").list().getItems())).containsExactly("b");
    }

    @Test
    void fieldSelectorsFilterWatchesWithAddedAndDeletedTransitions() {
        List<String> events = new CopyOnWriteArrayList<>();
        try (var watch = client.pods().inNamespace("default").withField("spec.nodeName", "").watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                events.add(action + " " + pod.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            create(pod("pending").build());
            create(pod("placed").editSpec().withNodeName("node-a").endSpec().build());
            await().until(() -> events.contains("ADDED pending"));

            client.bindings().inNamespace("default").resource(new BindingBuilder()
                    .withNewMetadata().withName("pending").endMetadata()
                    .withNewTarget().withKind("Node").withName("node-a").endTarget().build()).create();

            await().until(() -> events.contains("DELETED pending"));
            assertThat(events).containsExactly("ADDED pending", "DELETED pending");
        }
    }

    private static io.fabric8.kubernetes.client.http.HttpResponse<String> post(String path, String body) {
        return client.getHttpClient().sendAsync(client.getHttpClient().newHttpRequestBuilder()
                .uri(standin.url() + path).post("application/json", body).build(), String.class).join();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    private static void create(Pod pod) {
        client.pods().inNamespace("default").resource(pod).create();
    }

    private static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("pause").endContainer().endSpec();
    }

    private static Pod running(String name, String app) {
        return pod(name).editMetadata().addToLabels("app", app).endMetadata()
                .editSpec().withNodeName("node-a").endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }
}
