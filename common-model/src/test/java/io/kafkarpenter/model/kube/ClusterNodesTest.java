package io.kafkarpenter.model.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.requirements.Labels;

/** Node + NodeClaim + pods to the planner's ClusterNode: who says initialized, when it was created, what it runs. */
class ClusterNodesTest {

    private static Node node(String name, Map<String, String> labels, String taint) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels)
            .withCreationTimestamp("2026-01-01T00:05:00Z").endMetadata()
            .withNewSpec().endSpec()
            .withNewStatus().withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi")))
            .endStatus();
        if (taint != null) {
            b.editSpec().addNewTaint().withKey(taint).withEffect("NoSchedule").endTaint().endSpec();
        }
        return b.build();
    }

    private static NodeClaim claim(String name, boolean initialized) {
        NodeClaim c = new NodeClaim();
        c.getMetadata().setName(name);
        c.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
        c.getMetadata().setLabels(Map.of(Labels.NODEPOOL, "default", Labels.INSTANCE_TYPE, "m6i.large"));
        c.setStatus(new NodeClaimStatus());
        c.getStatus().setAllocatable(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi")));
        c.getStatus().setImageID("ami-1");
        if (initialized) {
            NodeClaimConditions.set(c, NodeClaimConditions.INITIALIZED, "True", "Initialized", "",
                java.time.Instant.parse("2026-01-01T00:06:00Z"));
        }
        return c;
    }

    @Test
    void theNodeClaimSaysWhetherANodeIsInitializedAndWhenItWasCreated() {
        Node n = node("n1", Map.of(Labels.NODEPOOL, "default"), null);

        ClusterNode up = ClusterNodes.clusterNode(n, claim("c1", true), List.of(), false, (p, why) -> { });
        ClusterNode coming = ClusterNodes.clusterNode(n, claim("c1", false), List.of(), false, (p, why) -> { });

        assertThat(up.initialized()).isTrue();
        assertThat(up.labels()).containsEntry(Labels.INITIALIZED, "true").containsEntry(Labels.HOSTNAME, "n1");
        assertThat(up.createdAt()).hasToString("2026-01-01T00:00:00Z");
        assertThat(up.instance().imageId()).isEqualTo("ami-1");
        assertThat(coming.initialized()).isFalse();
    }

    @Test
    void aNodeWithoutNodeClaimFollowsItsReadinessTaintsAndItsOwnCreationTime() {
        Node ready = node("n1", Map.of(Labels.NODEPOOL, "default"), null);
        Node notReady = node("n2", Map.of(Labels.NODEPOOL, "default"), "node.kubernetes.io/not-ready");

        assertThat(ClusterNodes.clusterNode(ready, null, List.of(), false, (p, why) -> { }).initialized()).isTrue();
        ClusterNode n2 = ClusterNodes.clusterNode(notReady, null, List.of(), false, (p, why) -> { });
        assertThat(n2.initialized()).isFalse();
        assertThat(n2.createdAt()).hasToString("2026-01-01T00:05:00Z");
        assertThat(n2.instance()).isNull();
    }

    @Test
    void aNodeClaimWithoutNodeIsUninitializedCapacityOrNothingWithoutAllocatable() {
        ClusterNode inFlight = ClusterNodes.clusterNode(null, claim("c1", false), List.of(), false, (p, why) -> { });
        NodeClaim bare = claim("c2", false);
        bare.getStatus().setAllocatable(null);

        assertThat(inFlight.name()).isEqualTo("c1");
        assertThat(inFlight.nodePool()).isEqualTo("default");
        assertThat(inFlight.initialized()).isFalse();
        assertThat(inFlight.allocatable().get("cpu")).isNotNull();
        assertThat(ClusterNodes.clusterNode(null, bare, List.of(), false, (p, why) -> { })).isNull();
    }

    @Test
    void theDisruptedTaintOrTheLaunchersAnnotationMeansAlreadyBeingDisrupted() {
        Node tainted = node("n1", Map.of(Labels.NODEPOOL, "default"), "karpenter.sh/disrupted");
        NodeClaim accepted = claim("c1", true);
        accepted.getMetadata().setAnnotations(Map.of("kafkarpenter.io/termination-reason", "EMPTY"));

        assertThat(ClusterNodes.clusterNode(tainted, claim("c1", true), List.of(), false, (p, w) -> { }).deleting())
            .isTrue();
        assertThat(ClusterNodes.clusterNode(node("n2", Map.of(Labels.NODEPOOL, "default"), null), accepted,
            List.of(), false, (p, w) -> { }).deleting()).isTrue();
        assertThat(ClusterNodes.clusterNode(node("n3", Map.of(Labels.NODEPOOL, "default"), null), claim("c3", true),
            List.of(), false, (p, w) -> { }).deleting()).isFalse();
    }
}
