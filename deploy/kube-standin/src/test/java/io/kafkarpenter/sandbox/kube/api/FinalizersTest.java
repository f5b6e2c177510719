package io.kafkarpenter.sandbox.kube.api;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful deletion as the API server does it, which the launcher's termination flow relies on: DELETE of an object
 * with finalizers only sets {@code metadata.deletionTimestamp}; the object stays (and a second DELETE changes
 * nothing) until an update removes the last finalizer, which deletes it. (fabric8's CRUD dispatcher does this itself
 * since 6.x; this test pins it.)
 */
class FinalizersTest {

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

    @Test
    void deleteOfAnObjectWithAFinalizerSetsTheDeletionTimestampAndRemovingTheFinalizerDeletesIt() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("held")
                .withFinalizers("karpenter.sh/termination").endMetadata().build()).create();

        client.nodes().withName("held").delete();
        Node deleting = client.nodes().withName("held").get();
        assertThat(deleting).isNotNull();
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();

        client.nodes().withName("held").delete();
        Node again = client.nodes().withName("held").get();
        assertThat(again.getMetadata().getDeletionTimestamp()).isEqualTo(deleting.getMetadata().getDeletionTimestamp());

        // other updates keep it (a taint, say) ...
        again.getMetadata().setLabels(new java.util.HashMap<>(java.util.Map.of("k", "v")));
        client.nodes().resource(again).update();
        assertThat(client.nodes().withName("held").get()).isNotNull();

        // ... removing the last finalizer deletes it
        Node live = client.nodes().withName("held").get();
        live.getMetadata().setFinalizers(new ArrayList<>());
        client.nodes().resource(live).update();
        assertThat(client.nodes().withName("held").get()).isNull();
    }

    @Test
    void deleteWithoutFinalizersDeletesAtOnce() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("free").endMetadata().build()).create();
        client.nodes().withName("free").delete();
        assertThat(client.nodes().withName("free").get()).isNull();
    }
}
