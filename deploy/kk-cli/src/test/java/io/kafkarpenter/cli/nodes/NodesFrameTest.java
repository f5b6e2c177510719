package io.kafkarpenter.cli.nodes;

import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.CREATED_AT;
import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.node;
import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.nodeview.NodePrices;
import io.kafkarpenter.model.nodeview.NodeView;

/** The frame's layout: aligned columns, dashes for what is unknown, an empty cluster, unreadable objects. */
class NodesFrameTest {

    private static final NodePrices PRICES = NodePrices.of(Map.of("m6i.large", 0.096), Map.of());

    @Test
    void columnsAlignAndUnknownValuesAreDashes() {
        NodeView view = NodeView.of(List.of(
                node("a-very-long-node-name").pool("default").type("m6i.large").allocatable("2", "8Gi").build(),
                node("b").build()),
            List.of(), List.of(), PRICES, CREATED_AT.plusSeconds(90));

        List<String> lines = NodesFrame.lines(view, null, null);

        assertThat(lines.get(0)).isEqualTo("2 nodes  $0.0960/h  $70.08/month  0 pods");
        assertThat(lines.get(4)).startsWith("NODE                   NODEPOOL  TYPE");
        assertThat(lines.get(5)).startsWith("a-very-long-node-name  default   m6i.large  -         -     90s  $0.0960/h");
        assertThat(lines.get(6)).isEqualTo("b                      -         -          -         -     90s  -"
            + "          -              -              0     Ready");
    }

    @Test
    void anEmptyClusterAndAnEmptyNodePoolSaySo() {
        NodeView empty = NodeView.of(List.of(), List.of(), List.of(), PRICES, CREATED_AT);

        assertThat(NodesFrame.lines(empty, null, null)).last().isEqualTo("(no nodes)");
        assertThat(NodesFrame.lines(empty, null, "gpu")).first().asString().startsWith("0 nodes in NodePool gpu");
        assertThat(NodesFrame.lines(empty, null, "gpu")).last().isEqualTo("(no nodes in NodePool gpu)");
    }

    @Test
    void whatCouldNotBeReadIsAWarningUnderTheTable() {
        Pod bad = pod("bad").on("a").build();
        bad.getSpec().getContainers().get(0).getResources().getRequests().put("memory", new Quantity("much"));
        NodeView view = NodeView.of(List.of(node("a").allocatable("2", "8Gi").build()), List.of(), List.of(bad),
            PRICES, CREATED_AT);

        assertThat(NodesFrame.lines(view, null, null)).last().asString()
            .startsWith("warning: Pod default/bad on a: requests not counted");
    }
}
