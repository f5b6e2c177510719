package io.kafkarpenter.viewer.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.nodeview.NodePrices;
import io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures;
import io.kafkarpenter.viewer.decisions.DecisionView;
import io.kafkarpenter.viewer.decisions.PodReasons;

/** The page's node lines and totals are NodeView's rows and summary in the page's units. */
class NodeLinesTest {

    static final Instant NOW = ClusterFixtures.CREATED_AT.plusSeconds(3600);
    static final NodePrices PRICES = NodePrices.of(Map.of("m6i.large", 0.096, "c6i.xlarge", 0.17), Map.of());

    @Test
    void eachNodeIsALineWithCoresBytesSecondsAndStatusWords() {
        Node node = ClusterFixtures.node("ip-10-0-1-5").pool("default").type("m6i.large").zone("us-east-1a")
            .capacityType("on-demand").allocatable("2", "8Gi").cordoned().build();
        NodeClaim claim = ClusterFixtures.claim("default-abc12").node("ip-10-0-1-5").pool("default")
            .type("m6i.large").drifted().build();
        Pod pod = ClusterFixtures.pod("web-0").on("ip-10-0-1-5").requests("500m", "1Gi").build();

        NodeLines.Section section = NodeLines.of(List.of(node), List.of(claim), List.of(pod), PRICES, NOW);

        assertThat(section.lines()).singleElement().satisfies(line -> {
            assertThat(line.name()).isEqualTo("ip-10-0-1-5");
            assertThat(line.nodeClaim()).isEqualTo("default-abc12");
            assertThat(line.nodePool()).isEqualTo("default");
            assertThat(line.instanceType()).isEqualTo("m6i.large");
            assertThat(line.capacityType()).isEqualTo("on-demand");
            assertThat(line.zone()).isEqualTo("us-east-1a");
            assertThat(line.ageSeconds()).isEqualTo(3600);
            assertThat(line.pricePerHour()).isEqualTo(0.096);
            assertThat(line.priced()).isTrue();
            assertThat(line.cpuRequested()).isEqualTo(0.5);
            assertThat(line.cpuAllocatable()).isEqualTo(2.0);
            assertThat(line.memoryRequested()).isEqualTo(1L << 30);
            assertThat(line.memoryAllocatable()).isEqualTo(8L << 30);
            assertThat(line.pods()).isEqualTo(1);
            assertThat(line.statuses()).containsExactly("Ready", "Cordoned", "Drifted");
        });
    }

    @Test
    void theTotalsAreTheSummarysWithThePendingPods() {
        Node a = ClusterFixtures.node("a").type("m6i.large").allocatable("2", "8Gi").build();
        Node b = ClusterFixtures.node("b").type("c6i.xlarge").allocatable("4", "8Gi").build();
        Pod pod = ClusterFixtures.pod("web-0").on("a").requests("1", "2Gi").build();

        ViewerPage.Totals totals = NodeLines.of(List.of(a, b), List.of(), List.of(pod), PRICES, NOW).totals(3);

        assertThat(totals.nodes()).isEqualTo(2);
        assertThat(totals.costPerHour()).isCloseTo(0.266, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(totals.costPerMonth()).isCloseTo(0.266 * 730, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(totals.cpuRequested()).isEqualTo(1.0);
        assertThat(totals.cpuAllocatable()).isEqualTo(6.0);
        assertThat(totals.memoryRequested()).isEqualTo(2L << 30);
        assertThat(totals.pendingPods()).isEqualTo(3);
    }

    @Test
    void thePageHoldsTheNodesThePendingPodsWithReasonsAndTheDecisions() {
        Node a = ClusterFixtures.node("a").type("m6i.large").allocatable("2", "8Gi").build();
        Pod pending = PendingPodsTest.pod("inflate-1", 30).build();
        DecisionView decision = new DecisionView(1, NOW, "provisioner", "PROVISIONING", "NODEPOOL_LIMIT_REACHED",
            "UNSCHEDULABLE", "NodePool default: cpu limit 10 reached", List.of("NodePool default"), List.of(), 0,
            "pass-1", null);
        Map<String, PodReasons.Latest> reasons = Map.of("default/inflate-1", new PodReasons.Latest(
            "NODEPOOL_LIMIT_REACHED", "UNSCHEDULABLE", "NodePool default: cpu limit 10 reached", null, "provisioner", NOW));

        ViewerPage page = PageAssembler.page("http://127.0.0.1:1", NodeLines.of(List.of(a), List.of(), List.of(pending),
            PRICES, NOW), List.of(pending), reasons, List.of(decision), NOW);

        assertThat(page.totals().nodes()).isEqualTo(1);
        assertThat(page.totals().pendingPods()).isEqualTo(1);
        assertThat(page.nodes()).extracting(ViewerPage.NodeLine::name).containsExactly("a");
        assertThat(page.pending()).extracting(PendingPodRow::name, PendingPodRow::reason)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("inflate-1", "NODEPOOL_LIMIT_REACHED"));
        assertThat(page.decisions()).containsExactly(decision);
        assertThat(page.apiServer()).isEqualTo("http://127.0.0.1:1");
    }
}
