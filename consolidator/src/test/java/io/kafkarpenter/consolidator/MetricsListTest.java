package io.kafkarpenter.consolidator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.consolidator.cluster.ClusterStateMetrics;
import io.kafkarpenter.consolidator.snapshot.ClusterObjects;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.NodePoolSpec;
import io.kafkarpenter.model.disruption.DisruptionCommand;
import io.kafkarpenter.model.disruption.DisruptionMethod;
import io.kafkarpenter.testing.metrics.MetricsCatalog;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * The consolidator's disruption metrics, once recorded, are exported under the name, type and labels of the
 * checked-in list; the few registered elsewhere (the pass timer and error counter of {@link DisruptionLoop}, the
 * cloud provider's of service-support's InstanceTypeProvider) are named here.
 */
class MetricsListTest {

    private static final Set<String> ELSEWHERE = new java.util.HashSet<>(Set.of(
        "kafkarpenter_consolidator_pass_duration_seconds", "kafkarpenter_consolidator_pass_errors_total",
        "karpenter_cloudprovider_duration_seconds", "karpenter_cloudprovider_errors_total"));

    static {
        ELSEWHERE.addAll(MetricsCatalog.SERVICE_SUPPORT_METRICS);
    }

    @Test
    void disruptionMetricsMatchTheList() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DisruptionMetrics metrics = new DisruptionMetrics(registry);
        new NodeClaimStates(registry);
        metrics.eligible(DisruptionMetrics.zeroes());
        metrics.allowed("default", "Underutilized", 1);
        metrics.consumingBudget("default", "Underutilized", 2);
        metrics.emitted(new DisruptionCommand(DisruptionMethod.EMPTINESS, List.of("n1", "n2"), List.of(), 0.1, Map.of(), ""),
            Map.of("n1", "default", "n2", "default"));
        metrics.failedValidation(DisruptionMethod.SINGLE_NODE_CONSOLIDATION);
        metrics.evaluated(DisruptionMethod.MULTI_NODE_CONSOLIDATION, 3_000_000);
        ClusterStateMetrics state = new ClusterStateMetrics(null, null, registry);
        state.update(cluster());
        state.updatePrices(new ClusterObjects(List.of(io.kafkarpenter.consolidator.fixtures.KubeFixtures.nodePool("default")),
            List.of(io.kafkarpenter.consolidator.fixtures.KubeFixtures.nodeClass()), List.of(), List.of(), List.of(),
            List.of(), List.of()), (template, nodeClass) -> List.of(new io.kafkarpenter.model.instancetypes.InstanceType(
                "m5.large", Map.of(), io.kafkarpenter.model.resources.ResourceList.EMPTY,
                io.kafkarpenter.model.resources.ResourceList.EMPTY, List.of(
                    new io.kafkarpenter.model.instancetypes.Offering("us-east-1a", "on-demand", 0.096, true)))));

        assertThat(MetricsCatalog.exported(registry)).containsExactlyInAnyOrderElementsOf(
            MetricsCatalog.of("consolidator").stream().filter(m -> !ELSEWHERE.contains(m.name())).toList());
        assertThat(registry.scrape()).contains("karpenter_nodepools_allowed_disruptions{nodepool=\"default\",reason=\"Underutilized\",} 1.0")
            .contains("karpenter_voluntary_disruption_decisions_by_nodepool_total{consolidation_type=\"empty\",decision=\"delete\",nodepool=\"default\",reason=\"empty\",} 1.0")
            .doesNotContain("karpenter_nodeclaims_disrupted")
            .contains("karpenter_voluntary_disruption_decision_evaluation_duration_seconds_bucket{consolidation_type=\"multi\",reason=\"underutilized\",le=\"0.005\",} 1.0")
            .contains("karpenter_nodepools_nodes_consuming_budgets{nodepool=\"default\",reason=\"Underutilized\",} 2.0")
            .contains("karpenter_nodepools_usage{nodepool=\"default\",resource_type=\"cpu\",} 4.0")
            .contains("karpenter_nodepools_nodes_consuming_budgets{nodepool=\"default\",reason=\"Underutilized\",} 2.0")
            .contains("karpenter_nodepools_usage{nodepool=\"default\",resource_type=\"nodes\",} 1.0")
            .contains("karpenter_cloudprovider_instance_type_offering_price_estimate{capacity_type=\"on-demand\",instance_type=\"m5.large\",zone=\"us-east-1a\",} 0.096")
            .contains("karpenter_nodepools_limit{nodepool=\"default\",resource_type=\"cpu\",} 10.0")
            .containsPattern("karpenter_nodes_allocatable\\{[^}]*capacity_type=\"spot\",[^}]*managed=\"true\",node_name=\"n1\",nodepool=\"default\",[^}]*resource_type=\"memory\",[^}]*} 1\\.073741824E9")
            .containsPattern("karpenter_nodes_total_pod_requests\\{[^}]*resource_type=\"cpu\",[^}]*} 1\\.6")
            .containsPattern("karpenter_nodes_total_daemon_requests\\{[^}]*resource_type=\"cpu\",[^}]*} 0\\.1");
    }

    /** One node of pool default (3.5 cpu, 1Gi allocatable) with an app pod (1.5 cpu) and a DaemonSet pod (100m). */
    private static ClusterObjects cluster() {
        Node node = new NodeBuilder().withNewMetadata().withName("n1").addToLabels("karpenter.sh/nodepool", "default")
            .addToLabels("karpenter.sh/capacity-type", "spot").endMetadata().withNewStatus()
            .addToAllocatable("cpu", new Quantity("3500m")).addToAllocatable("memory", new Quantity("1Gi")).endStatus()
            .build();
        Pod app = pod("app", "1500m", null);
        Pod daemon = pod("ds", "100m", new OwnerReferenceBuilder().withKind("DaemonSet").withName("ds")
            .withApiVersion("apps/v1").withUid("u").build());
        NodePool pool = new NodePool();
        pool.getMetadata().setName("default");
        pool.setSpec(new NodePoolSpec());
        pool.getSpec().setLimits(Map.of("cpu", new Quantity("10")));
        NodeClaim claim = new NodeClaim();
        claim.getMetadata().setName("c1");
        claim.getMetadata().setLabels(Map.of("karpenter.sh/nodepool", "default"));
        claim.setStatus(new NodeClaimStatus());
        claim.getStatus().setCapacity(Map.of("cpu", new Quantity("4")));
        return new ClusterObjects(List.of(pool), List.of(), List.of(claim), List.of(node), List.of(app, daemon),
            List.of(), List.of());
    }

    private static Pod pod(String name, String cpu, OwnerReference owner) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(name)
            .withCreationTimestamp("2026-01-01T00:00:00Z")
            .endMetadata().withNewSpec().withNodeName("n1").addNewContainer().withName("c").withNewResources()
            .addToRequests("cpu", new Quantity(cpu)).endResources().endContainer().endSpec()
            .withNewStatus().withPhase("Running").endStatus();
        if (owner != null) {
            b.editMetadata().addToOwnerReferences(owner).endMetadata();
        }
        return b.build();
    }
}
