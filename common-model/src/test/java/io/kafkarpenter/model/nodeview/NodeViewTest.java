package io.kafkarpenter.model.nodeview;

import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.CREATED_AT;
import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.claim;
import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.node;
import static io.kafkarpenter.model.nodeview.fixtures.ClusterFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.model.crd.NodeClaim;

/** Nodes, NodeClaims and pods to the eks-node-viewer-like view: rows, status flags, requests, prices, totals. */
class NodeViewTest {

    private static final Instant NOW = CREATED_AT.plus(Duration.ofHours(3));
    private static final NodePrices PRICES = NodePrices.of(Map.of("m6i.large", 0.096, "c6a.2xlarge", 0.306), Map.of());
    private static final long GI = 1024L * 1024 * 1024;

    private static NodeView view(List<Node> nodes, List<NodeClaim> claims, List<Pod> pods) {
        return NodeView.of(nodes, claims, pods, PRICES, NOW);
    }

    @Test
    void aManagedNodeShowsItsPoolTypeZonePriceAgeAndTheRequestsOfItsLivePods() {
        Node n = node("ip-1").pool("default").type("m6i.large").zone("us-east-1a").capacityType("on-demand")
            .allocatable("2", "8Gi").build();
        NodeClaim c = claim("default-a").node("ip-1").pool("default").type("m6i.large").imageId("ami-1")
            .initialized().build();
        List<Pod> pods = List.of(
            pod("web-0").on("ip-1").requests("500m", "1Gi").build(),
            pod("web-1").on("ip-1").requests("250m", "512Mi").build(),
            pod("done").on("ip-1").requests("1", "1Gi").phase("Succeeded").build(),
            pod("elsewhere").on("ip-2").requests("1", "1Gi").build(),
            pod("pending").requests("1", "1Gi").build());

        NodeView v = view(List.of(n), List.of(c), pods);

        assertThat(v.rows()).hasSize(1);
        NodeRow r = v.rows().get(0);
        assertThat(r.name()).isEqualTo("ip-1");
        assertThat(r.node()).isEqualTo("ip-1");
        assertThat(r.nodeClaim()).isEqualTo("default-a");
        assertThat(r.nodePool()).isEqualTo("default");
        assertThat(r.instanceType()).isEqualTo("m6i.large");
        assertThat(r.capacityType()).isEqualTo("on-demand");
        assertThat(r.zone()).isEqualTo("us-east-1a");
        assertThat(r.age()).isEqualTo(Duration.ofHours(3));
        assertThat(r.pricePerHour()).isEqualTo(0.096);
        assertThat(r.priced()).isTrue();
        assertThat(r.pods()).isEqualTo(2);
        assertThat(r.cpuRequestedMilli()).isEqualTo(750);
        assertThat(r.cpuAllocatableMilli()).isEqualTo(2000);
        assertThat(r.memoryRequestedBytes()).isEqualTo(GI + GI / 2);
        assertThat(r.memoryAllocatableBytes()).isEqualTo(8 * GI);
        assertThat(r.cpuFraction()).isEqualTo(0.375);
        assertThat(r.status()).containsExactly(NodeStatus.READY);
        assertThat(r.imageId()).isEqualTo("ami-1");
        assertThat(r.initialized()).isTrue();
        assertThat(v.problems()).isEmpty();
    }

    @Test
    void statusFlagsComeFromTheNodeAndTheConsolidatorsNodeClaimConditions() {
        List<Node> nodes = List.of(
            node("ready").build(),
            node("not-ready").notReady().build(),
            node("cordoned").cordoned().build(),
            node("node-deleted").deleting().build(),
            node("tainted").disruptedTaint().build(),
            node("claim-deleted").build(),
            node("requested").build(),
            node("drifted").build(),
            node("consolidatable").build());
        List<NodeClaim> claims = List.of(
            claim("c-deleted").node("claim-deleted").deleting().build(),
            claim("c-requested").node("requested").terminationRequested("Underutilized").build(),
            claim("c-drifted").node("drifted").drifted().build(),
            claim("c-consolidatable").node("consolidatable").consolidatable()
                .condition("Drifted", "False").build());

        Map<String, NodeRow> rows = byName(view(nodes, claims, List.of()));

        assertThat(rows.get("ready").status()).containsExactly(NodeStatus.READY);
        assertThat(rows.get("not-ready").status()).containsExactly(NodeStatus.NOT_READY);
        assertThat(rows.get("cordoned").status()).containsExactlyInAnyOrder(NodeStatus.READY, NodeStatus.CORDONED);
        assertThat(rows.get("node-deleted").status()).contains(NodeStatus.DELETING);
        assertThat(rows.get("tainted").status()).contains(NodeStatus.DELETING).doesNotContain(NodeStatus.CORDONED);
        assertThat(rows.get("claim-deleted").status()).contains(NodeStatus.DELETING);
        assertThat(rows.get("requested").status()).contains(NodeStatus.DELETING);
        assertThat(rows.get("drifted").status()).containsExactlyInAnyOrder(NodeStatus.READY, NodeStatus.DRIFTED);
        assertThat(rows.get("consolidatable").status())
            .containsExactlyInAnyOrder(NodeStatus.READY, NodeStatus.CONSOLIDATABLE);
    }

    @Test
    void aNodeClaimWithoutNodeIsANotReadyRowWithItsOwnAllocatableAndAnUnknownTypeIsUnpriced() {
        NodeClaim launching = claim("default-b").pool("default").type("c6a.2xlarge").zone("us-east-1b")
            .allocatable("7910m", "14Gi").created(CREATED_AT.plusSeconds(3600)).build();
        Node unknown = node("ip-9").type("x9z.huge").build();

        NodeView v = view(List.of(unknown), List.of(launching), List.of());

        NodeRow r = byName(v).get("default-b");
        assertThat(r.node()).isNull();
        assertThat(r.nodeClaim()).isEqualTo("default-b");
        assertThat(r.status()).containsExactly(NodeStatus.NOT_READY);
        assertThat(r.cpuAllocatableMilli()).isEqualTo(7910);
        assertThat(r.memoryAllocatableBytes()).isEqualTo(14 * GI);
        assertThat(r.pricePerHour()).isEqualTo(0.306);
        assertThat(r.age()).isEqualTo(Duration.ofHours(2));
        assertThat(r.initialized()).isFalse();
        NodeRow u = byName(v).get("ip-9");
        assertThat(u.priced()).isFalse();
        assertThat(u.pricePerHour()).isZero();
        assertThat(u.nodeClaim()).isNull();
        assertThat(u.nodePool()).isNull();
    }

    @Test
    void aNodeClaimMatchesItsNodeByProviderIdAndLendsItsLabels() {
        Node n = node("ip-3").providerId("aws:///us-east-1a/i-3").allocatable("2", "8Gi").build();
        NodeClaim c = claim("default-c").providerId("aws:///us-east-1a/i-3").pool("default").type("m6i.large")
            .zone("us-east-1a").capacityType("spot").build();

        NodeView v = view(List.of(n), List.of(c), List.of());

        assertThat(v.rows()).singleElement().satisfies(r -> {
            assertThat(r.nodeClaim()).isEqualTo("default-c");
            assertThat(r.nodePool()).isEqualTo("default");
            assertThat(r.zone()).isEqualTo("us-east-1a");
            assertThat(r.capacityType()).isEqualTo("spot");
            assertThat(r.pricePerHour()).as("spot priced as on-demand without spot prices").isEqualTo(0.096);
        });
    }

    @Test
    void spotPricesAreUsedWhenGivenAndEksManagedNodeGroupLabelsAreRead() {
        NodePrices withSpot = NodePrices.of(Map.of("m6i.large", 0.096), Map.of("m6i.large", 0.04));
        Node spot = node("s").type("m6i.large").label(NodeView.EKS_CAPACITY_TYPE, "SPOT").build();
        Node onDemand = node("o").type("m6i.large").label(NodeView.EKS_CAPACITY_TYPE, "ON_DEMAND").build();

        Map<String, NodeRow> rows = byName(NodeView.of(List.of(spot, onDemand), List.of(), List.of(), withSpot, NOW));

        assertThat(rows.get("s").capacityType()).isEqualTo("spot");
        assertThat(rows.get("s").pricePerHour()).isEqualTo(0.04);
        assertThat(rows.get("o").capacityType()).isEqualTo("on-demand");
        assertThat(rows.get("o").pricePerHour()).isEqualTo(0.096);
    }

    @Test
    void totalsAddUpTheRowsAMonthIs730HoursAndANodePoolFilterRecomputesThem() {
        List<Node> nodes = List.of(
            node("a").pool("default").type("m6i.large").allocatable("2", "8Gi").build(),
            node("b").pool("default").type("m6i.large").allocatable("2", "8Gi").build(),
            node("c").pool("batch").type("c6a.2xlarge").allocatable("8", "16Gi").build());
        List<Pod> pods = List.of(pod("p1").on("a").requests("1", "2Gi").build(),
            pod("p2").on("c").requests("4", "4Gi").build());

        NodeView v = view(nodes, List.of(), pods);

        ClusterSummary s = v.summary();
        assertThat(s.nodes()).isEqualTo(3);
        assertThat(s.costPerHour()).isCloseTo(0.498, within(1e-9));
        assertThat(s.costPerMonth()).isCloseTo(0.498 * 730, within(1e-9));
        assertThat(s.cpuRequestedMilli()).isEqualTo(5000);
        assertThat(s.cpuAllocatableMilli()).isEqualTo(12000);
        assertThat(s.memoryRequestedBytes()).isEqualTo(6 * GI);
        assertThat(s.memoryAllocatableBytes()).isEqualTo(32 * GI);
        assertThat(s.pods()).isEqualTo(2);
        assertThat(s.memoryFraction()).isEqualTo(6.0 / 32);

        NodeView batch = v.forNodePool("batch");
        assertThat(batch.rows()).extracting(NodeRow::name).containsExactly("c");
        assertThat(batch.summary().nodes()).isEqualTo(1);
        assertThat(batch.summary().costPerHour()).isEqualTo(0.306);
        assertThat(batch.summary().cpuRequestedMilli()).isEqualTo(4000);
        assertThat(v.forNodePool(null)).isSameAs(v);
    }

    @Test
    void rowsAreOldestFirstThenByName() {
        List<Node> nodes = List.of(node("z").created(CREATED_AT.plusSeconds(10)).build(),
            node("b").created(CREATED_AT.plusSeconds(20)).build(), node("a").created(CREATED_AT.plusSeconds(10)).build());

        assertThat(view(nodes, List.of(), List.of()).rows()).extracting(NodeRow::name).containsExactly("a", "z", "b");
    }

    @Test
    void aPodThatCannotBeReadIsCountedWithoutRequestsAndReported() {
        Pod bad = pod("bad").on("a").build();
        bad.getSpec().getContainers().get(0).getResources().getRequests()
            .put("cpu", new io.fabric8.kubernetes.api.model.Quantity("lots"));
        Node a = node("a").allocatable("2", "8Gi").build();

        NodeView v = view(List.of(a), List.of(), List.of(bad, pod("ok").on("a").requests("1", "1Gi").build()));

        assertThat(v.rows().get(0).pods()).isEqualTo(2);
        assertThat(v.rows().get(0).cpuRequestedMilli()).isEqualTo(1000);
        assertThat(v.problems()).singleElement().asString().contains("default/bad", "on a");
    }

    @Test
    void theBuiltInCatalogPricesKnownTypes() {
        assertThat(NodePrices.builtIn().perHour("m6i.large", "on-demand")).isPresent();
        assertThat(NodePrices.builtIn().perHour("m6i.large", "spot"))
            .isEqualTo(NodePrices.builtIn().perHour("m6i.large", "on-demand"));
        assertThat(NodePrices.builtIn().perHour("nope.large", "on-demand")).isEmpty();
        assertThat(NodePrices.builtIn().perHour(null, null)).isEmpty();
    }

    private static Map<String, NodeRow> byName(NodeView v) {
        Map<String, NodeRow> out = new java.util.HashMap<>();
        v.rows().forEach(r -> out.put(r.name(), r));
        return out;
    }
}
