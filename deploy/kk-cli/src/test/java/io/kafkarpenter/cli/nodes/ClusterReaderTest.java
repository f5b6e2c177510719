package io.kafkarpenter.cli.nodes;

import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.node;
import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.nodeview.NodeRow;
import io.kafkarpenter.model.nodeview.NodeView;
import io.kafkarpenter.sandbox.kube.KubeStandin;

/** The live mode's reader: informers fill the view, and a change wakes the redraw loop. */
class ClusterReaderTest {

    @Test
    void aNewNodeAndAPodBoundToItWakeTheLoopAndShowInTheNextView() throws Exception {
        try (KubeStandin standin = KubeStandin.start(0, Path.of("../crds"));
             KubernetesClient kube = standin.client();
             ClusterReader reader = new ClusterReader(kube)) {
            reader.start();
            assertThat(reader.current().rows()).isEmpty();
            assertThat(reader.note()).isNull();

            kube.resource(node("n1").pool("default").type("m6i.large").allocatable("2", "8Gi").build()).create();
            kube.resource(pod("p1").on("n1").requests("1", "2Gi").build()).create();
            long start = System.nanoTime();
            reader.awaitChange(10_000, 200);
            assertThat(System.nanoTime() - start).as("woken by the change, not the 10 s timeout")
                .isLessThan(5_000_000_000L);

            NodeView view = awaitRows(reader);
            assertThat(view.rows()).singleElement().extracting(NodeRow::name).isEqualTo("n1");
            assertThat(view.summary().cpuRequestedMilli()).isEqualTo(1000);
        }
    }

    /** The pod may arrive in the informer's cache a moment after the node. */
    private static NodeView awaitRows(ClusterReader reader) throws InterruptedException {
        NodeView view = reader.current();
        for (int i = 0; i < 50 && (view.rows().isEmpty() || view.summary().pods() == 0); i++) {
            Thread.sleep(100);
            view = reader.current();
        }
        return view;
    }
}
