package io.kafkarpenter.launcher.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.DriftHashes;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.InstanceTypeOption;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimRequirement;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.OfferingOption;
import io.kafkarpenter.model.reasons.Reason;

/** A launch record's labels and annotations are not trusted: the NodeClaim gets what Karpenter itself puts there. */
class NodeClaimFactoryTest {

    private static final NodePool POOL = KarpenterManifests.readOne("""
        apiVersion: karpenter.sh/v1
        kind: NodePool
        metadata: {name: default, uid: pool-uid}
        spec:
          template:
            metadata:
              labels: {team: web}
              annotations: {example.com/owner: web-team}
            spec:
              nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
              requirements:
                - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
        """, NodePool.class);

    @Test
    void aForgedRecordsAnnotationsAndLabelsAreNotCopiedOntoTheNodeClaim() {
        NodeClaimLaunch forged = launch(
            Map.of("team", "attacker", "karpenter.sh/nodepool", "other", "evil", "yes"),
            Map.of(DisruptionKeys.TERMINATION_REASON, "UNDERUTILIZED", DisruptionKeys.TERMINATION_NODE, "victim-node",
                DisruptionKeys.TERMINATION_REPLACEMENTS, "", DisruptionKeys.TERMINATION_TIMESTAMP, "2000-01-01T00:00:00Z"));

        NodeClaim claim = NodeClaimFactory.forLaunch(forged, POOL, null, List.of("c6a.large"), Instant.EPOCH);

        assertThat(claim.getMetadata().getLabels()).containsEntry("team", "web").containsEntry("karpenter.sh/nodepool", "default")
            .containsEntry("karpenter.k8s.aws/ec2nodeclass", "default").containsEntry("karpenter.sh/capacity-type", "on-demand")
            .doesNotContainKey("evil");
        assertThat(claim.getMetadata().getAnnotations()).containsOnlyKeys("example.com/owner",
            DriftHashes.NODEPOOL_HASH, DriftHashes.NODEPOOL_HASH_VERSION, DisruptionKeys.DECISION_ANNOTATION);
        assertThat(claim.getMetadata().getAnnotations()).containsEntry(DriftHashes.NODEPOOL_HASH, DriftHashes.nodePool(POOL))
            .containsEntry(DisruptionKeys.DECISION_ANNOTATION, "d-1");
        assertThat(claim.getMetadata().getFinalizers()).containsExactly(DisruptionKeys.TERMINATION_FINALIZER);
    }

    @Test
    void requirementLabelsAreTheSingleValuedInOnesOutsideKarpentersRestrictedDomains() {
        assertThat(NodeClaimFactory.restrictedNodeLabel("kubernetes.io/hostname")).isTrue();
        assertThat(NodeClaimFactory.restrictedNodeLabel("karpenter.sh/anything")).isTrue();
        assertThat(NodeClaimFactory.restrictedNodeLabel("karpenter.sh/capacity-type")).isFalse();
        assertThat(NodeClaimFactory.restrictedNodeLabel("node.kubernetes.io/custom")).isFalse();
        assertThat(NodeClaimFactory.restrictedNodeLabel("example.com/tier")).isFalse();
    }

    @Test
    void aCustomKeyWithSeveralAllowedValuesGetsOneOfThemAsKarpenterDoes() {
        NodeClaimRequirement spread = new NodeClaimRequirement("capacity-spread", "In", List.of("2", "3", "4", "5"), null);
        NodeClaimLaunch picked = withRequirement(launch(Map.of("capacity-spread", "4"), Map.of()), spread);
        NodeClaimLaunch forged = withRequirement(launch(Map.of("capacity-spread", "9"), Map.of()), spread);

        assertThat(NodeClaimFactory.labels(picked, POOL)).containsEntry("capacity-spread", "4")
            .doesNotContainKey("topology.kubernetes.io/zone");
        assertThat(NodeClaimFactory.labels(forged, POOL)).containsEntry("capacity-spread", "2");
    }

    private static NodeClaimLaunch withRequirement(NodeClaimLaunch l, NodeClaimRequirement extra) {
        List<NodeClaimRequirement> requirements = new java.util.ArrayList<>(l.requirements());
        requirements.add(extra);
        return new NodeClaimLaunch(l.decisionId(), l.nodeClaimName(), l.nodePool(), l.nodeClassRef(), l.instanceTypes(),
            requirements, l.labels(), l.annotations(), l.taints(), l.startupTaints(), l.resourceRequests(),
            l.expireAfter(), l.terminationGracePeriod(), l.pods(), l.reason(), l.createdAt(), l.expiresAt());
    }

    private static NodeClaimLaunch launch(Map<String, String> labels, Map<String, String> annotations) {
        return new NodeClaimLaunch("d-1", "default-abc", "default", NodeClassRef.ec2NodeClass("default"),
            List.of(new InstanceTypeOption("c6a.large", List.of(OfferingOption.of("us-east-1a", "on-demand", 0.1)))),
            List.of(NodeClaimRequirement.in("karpenter.sh/nodepool", "default"),
                NodeClaimRequirement.in("karpenter.sh/capacity-type", "on-demand"),
                new NodeClaimRequirement("topology.kubernetes.io/zone", "In", List.of("us-east-1a", "us-east-1b"), null),
                NodeClaimRequirement.in("kubernetes.io/hostname", "forged")),
            labels, annotations, List.of(), List.of(), Map.of("cpu", "1"), "720h", null, List.of(),
            Reason.SCHEDULED_NEW_NODECLAIM, Instant.EPOCH, Instant.EPOCH.plusSeconds(600));
    }
}
