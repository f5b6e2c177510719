package io.kafkarpenter.sandbox.kube.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimSpec;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The name index must answer exactly what the mock's scan would: same objects, same conflicts, same 404s. */
class IndexedCrudDispatcherTest {

    private static KubeStandin standin;
    private static KubernetesClient client;

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

    @Test
    void objectsOfOneNameInTwoNamespacesAndTwoKindsStayApart() {
        client.pods().inNamespace("team-a").resource(pod("twin")).create();
        client.pods().inNamespace("team-b").resource(pod("twin")).create();
        client.configMaps().inNamespace("team-a").resource(configMap("twin", "v", "config")).create();

        assertThat(client.pods().inNamespace("team-a").withName("twin").get().getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(client.pods().inNamespace("team-b").withName("twin").get().getMetadata().getNamespace()).isEqualTo("team-b");
        assertThat(client.configMaps().inNamespace("team-a").withName("twin").get().getData()).containsEntry("v", "config");
        assertThat(client.configMaps().inNamespace("team-b").withName("twin").get()).isNull();

        client.pods().inNamespace("team-a").withName("twin").delete();
        assertThat(client.pods().inNamespace("team-a").withName("twin").get()).isNull();
        assertThat(client.pods().inNamespace("team-b").withName("twin").get()).isNotNull();
    }

    @Test
    void createOfAnExistingNameConflictsAndAfterDeleteSucceedsAgain() {
        client.pods().inNamespace("default").resource(pod("again")).create();
        assertThatThrownBy(() -> client.pods().inNamespace("default").resource(pod("again")).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));

        client.pods().inNamespace("default").withName("again").delete();
        assertThat(client.pods().inNamespace("default").resource(pod("again")).create()).isNotNull();
    }

    @Test
    void updatesPatchesAndStatusWritesAreReadBackAndStaleWritesConflict() {
        client.pods().inNamespace("default").resource(pod("changing")).create();
        Pod first = client.pods().inNamespace("default").withName("changing").get();

        client.pods().inNamespace("default").withName("changing")
                .edit(p -> new PodBuilder(p).editMetadata().addToLabels("tier", "web").endMetadata().build());
        client.pods().inNamespace("default").withName("changing").subresource("status").patch(
                PatchContext.of(PatchType.JSON_MERGE), new PodBuilder().withNewStatus().addToConditions(
                        new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                                .build()).endStatus().build());

        Pod now = client.pods().inNamespace("default").withName("changing").get();
        assertThat(now.getMetadata().getLabels()).containsEntry("tier", "web");
        assertThat(now.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Unschedulable"));
        assertThat(client.pods().inNamespace("default").withLabel("tier", "web").list().getItems())
                .extracting(p -> p.getMetadata().getName()).containsExactly("changing");

        assertThatThrownBy(() -> client.pods().inNamespace("default").resource(first).update())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
    }

    @Test
    void clusterScopedObjectsAreFoundByName() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("scoped").endMetadata().build())
                .create();
        assertThat(client.namespaces().withName("scoped").get()).isNotNull();
        assertThat(client.namespaces().withName("absent").get()).isNull();
    }

    @Test
    void customResourcesWithAStatusSubresourceAreUpdatedThroughTheIndex() {
        try (KubeStandin withCrds = KubeStandin.start(0, Path.of("../crds")); KubernetesClient crdClient = withCrds.client()) {
            NodeClaim claim = new NodeClaim();
            claim.setMetadata(new ObjectMetaBuilder().withName("claim-a").build());
            claim.setSpec(new NodeClaimSpec());
            NodeClaim created = crdClient.resources(NodeClaim.class).resource(claim).create();
            created.setStatus(new NodeClaimStatus());
            created.getStatus().setProviderID("aws:///us-east-1a/i-0123");
            crdClient.resources(NodeClaim.class).resource(created).updateStatus();

            assertThat(crdClient.resources(NodeClaim.class).withName("claim-a").get().getStatus().getProviderID())
                    .isEqualTo("aws:///us-east-1a/i-0123");
            assertThatThrownBy(() -> crdClient.resources(NodeClaim.class).resource(claim).create())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
        }
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("pause").endContainer().endSpec().build();
    }

    private static ConfigMap configMap(String name, String key, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(Map.of(key, value)).build();
    }
}
