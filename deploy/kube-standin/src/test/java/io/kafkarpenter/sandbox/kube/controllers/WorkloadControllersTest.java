package io.kafkarpenter.sandbox.kube.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Deployment/ReplicaSet controllers against an in-process stand-in (no kubelet, no scheduler). */
class WorkloadControllersTest {

    private KubeStandin standin;
    private KubernetesClient client;
    private WorkloadControllers controllers;

    @BeforeEach
    void start() {
        standin = KubeStandin.start(0, null);
        client = standin.client();
        controllers = new WorkloadControllers(standin.client(), Clock.systemUTC(), Duration.ofSeconds(1)).start();
    }

    @AfterEach
    void stop() {
        controllers.close();
        client.close();
        standin.close();
    }

    @Test
    void aDeploymentGetsOneReplicaSetNamedByTheTemplateHashAndItsPodsAndReportsThemReady() {
        client.resource(web(3, "100m")).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> pods().size() == 3);
        List<ReplicaSet> sets = client.apps().replicaSets().inNamespace("default").list().getItems();
        assertThat(sets).hasSize(1);
        ReplicaSet rs = sets.get(0);
        String hash = rs.getMetadata().getLabels().get(PodTemplateHash.LABEL);
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getKind() + "/" + r.getName() + "/" + r.getController()).isEqualTo("Deployment/web/true"));
        assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("app", "web").containsEntry(PodTemplateHash.LABEL, hash);
        for (Pod p : pods()) {
            assertThat(p.getMetadata().getName()).startsWith("web-" + hash + "-").hasSize(("web-" + hash + "-").length() + 5);
            assertThat(p.getMetadata().getLabels()).containsEntry("app", "web").containsEntry(PodTemplateHash.LABEL, hash);
            assertThat(p.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(rs.getMetadata().getUid());
            assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
        }

        pods().forEach(this::markReady);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Deployment d = client.apps().deployments().inNamespace("default").withName("web").get();
            assertThat(d.getSpec().getReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
        });
    }

    @Test
    void scaledDownThePendingPodsGoFirstAndAPodThatGoesIsReplaced() {
        client.resource(web(3, "100m")).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> pods().size() == 3);
        List<Pod> first = pods();
        bind(first.get(0), "node-a");
        bind(first.get(1), "node-b");

        scale(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> pods().size() == 2);
        assertThat(pods()).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNotNull());

        client.pods().inNamespace("default").withName(first.get(0).getMetadata().getName()).delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> pods().size() == 2
                && pods().stream().noneMatch(p -> p.getMetadata().getName().equals(first.get(0).getMetadata().getName())));
    }

    @Test
    void aTemplateChangeMakesANewReplicaSetAndTheOldOneGoesToZeroAndDeletingTheDeploymentDeletesBoth() {
        client.resource(web(2, "100m")).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> pods().size() == 2);
        String oldHash = pods().get(0).getMetadata().getLabels().get(PodTemplateHash.LABEL);

        // as kubectl set resources does: a strategic merge patch without a resourceVersion (an edit() carries the one it
        // read and may lose the race with the controller's status write: 409)
        client.apps().deployments().inNamespace("default").withName("web").patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]}}}}");

        await().atMost(Duration.ofSeconds(10)).until(() -> pods().size() == 2
                && pods().stream().noneMatch(p -> oldHash.equals(p.getMetadata().getLabels().get(PodTemplateHash.LABEL))));
        List<ReplicaSet> sets = client.apps().replicaSets().inNamespace("default").list().getItems();
        assertThat(sets).hasSize(2);
        assertThat(sets).filteredOn(rs -> rs.getMetadata().getName().equals("web-" + oldHash))
                .singleElement().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
        assertThat(sets).extracting(rs -> rs.getMetadata().getAnnotations().get(DeploymentSync.REVISION))
                .containsExactlyInAnyOrder("1", "2");

        client.apps().deployments().inNamespace("default").withName("web").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> pods().isEmpty()
                && client.apps().replicaSets().inNamespace("default").list().getItems().isEmpty());
    }

    private static Deployment web(int replicas, String cpu) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", "web").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("pause")
                            .withNewResources().addToRequests("memory", new Quantity("64Mi")).addToRequests("cpu", new Quantity(cpu))
                            .endResources().endContainer().endSpec()
                    .endTemplate()
                .endSpec().build();
    }

    private List<Pod> pods() {
        return client.pods().inNamespace("default").withLabel("app", "web").list().getItems();
    }

    private void scale(int replicas) {
        client.apps().deployments().inNamespace("default").withName("web")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private void bind(Pod pod, String node) {
        client.pods().inNamespace("default").withName(pod.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"nodeName\":\"" + node + "\"}}");
    }

    private void markReady(Pod pod) {
        client.pods().inNamespace("default").withName(pod.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(Map.of("status",
                        Map.of("phase", "Running", "conditions", List.of(Map.of("type", "Ready", "status", "True"))))));
    }
}
