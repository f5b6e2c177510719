package io.kafkarpenter.consolidator.snapshot;

import static io.kafkarpenter.consolidator.fixtures.KubeFixtures.claim;
import static io.kafkarpenter.consolidator.fixtures.KubeFixtures.node;
import static io.kafkarpenter.consolidator.fixtures.KubeFixtures.nodeClass;
import static io.kafkarpenter.consolidator.fixtures.KubeFixtures.nodePool;
import static io.kafkarpenter.consolidator.fixtures.KubeFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.kafkarpenter.consolidator.conditions.DesiredConditions;
import io.kafkarpenter.consolidator.fixtures.KubeFixtures;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.DriftHashes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.fixtures.NodeClassFixtures;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.disruption.BoundPod;
import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.disruption.DisruptionMethod;
import io.kafkarpenter.model.disruption.DisruptionPlan;
import io.kafkarpenter.model.disruption.DisruptionPlanner;
import io.kafkarpenter.model.disruption.PlannerSettings;
import io.kafkarpenter.service.ec2.InstanceTypeProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** From the informers' objects to the planner's snapshot, and what the planner then decides on it. */
class SnapshotBuilderTest {

    private static final Instant NOW = KubeFixtures.CREATED.plus(Duration.ofHours(2));
    private static final InstanceTypeProvider TYPES = new InstanceTypeProvider(new InstanceTypeProvider.Settings(
        "catalog", "aws-us-east-1", "us-east-1", List.of("us-east-1a", "us-east-1b", "us-east-1c"), null,
        Duration.ofMinutes(5), "test"), new SimpleMeterRegistry());

    /** A fixture cluster: NodePools, the EC2NodeClass, nodes with their claims, pods. */
    private static final class Cluster {
        final List<NodePool> pools = new ArrayList<>();
        final List<EC2NodeClass> classes = new ArrayList<>(List.of(nodeClass()));
        final List<NodeClaim> claims = new ArrayList<>();
        final List<Node> nodes = new ArrayList<>();
        final List<Pod> pods = new ArrayList<>();
        Set<String> disrupting = Set.of();

        Cluster pool(NodePool p) {
            pools.add(p);
            return this;
        }

        /** An m6i.2xlarge node {@code name} with its NodeClaim {@code name}-claim. */
        NodeClaim node(String name, String pool) {
            Node n = KubeFixtures.node(name, pool, "m6i.2xlarge", "7910m", "30Gi");
            nodes.add(n);
            NodeClaim c = claim(name + "-claim", n);
            claims.add(c);
            return c;
        }

        SnapshotBuilder.Result build() {
            return SnapshotBuilder.build(new ClusterObjects(pools, classes, claims, nodes, pods, List.of(), List.of()),
                TYPES::forNodePool, disrupting, PlannerSettings.DEFAULT, NOW);
        }

        DisruptionPlan plan() {
            return new DisruptionPlanner().plan(build().snapshot());
        }
    }

    @Test
    void aNodeJoinsItsNodeClaimWithItsPodsAndTheClaimsCreationTimeAndImage() {
        Cluster c = new Cluster().pool(nodePool("default"));
        NodeClaim claim = c.node("n1", "default");
        claim.getMetadata().setAnnotations(Map.of(DriftHashes.NODEPOOL_HASH, "123"));
        claim.getStatus().setImageID("ami-1");
        c.pods.add(pod("web", "n1", "1", Map.of(BoundPod.DO_NOT_DISRUPT, "true")));
        c.pods.add(new PodBuilder(pod("done", "n1", "1")).editStatus().withPhase("Succeeded").endStatus().build());

        SnapshotBuilder.Result r = c.build();

        ClusterNode n = r.snapshot().nodes().get(0);
        assertThat(n.name()).isEqualTo("n1");
        assertThat(n.nodePool()).isEqualTo("default");
        assertThat(n.initialized()).isTrue();
        assertThat(n.createdAt()).isEqualTo(KubeFixtures.CREATED);
        assertThat(n.instance().imageId()).isEqualTo("ami-1");
        assertThat(n.annotations()).containsEntry(DriftHashes.NODEPOOL_HASH, "123");
        assertThat(n.deleting()).isFalse();
        assertThat(n.pods()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("default/web");
            assertThat(p.annotations()).containsEntry(BoundPod.DO_NOT_DISRUPT, "true");
            assertThat(p.startedAt()).isEqualTo(KubeFixtures.CREATED);
        });
        assertThat(r.claimOfNode()).containsEntry("n1", "n1-claim");
        assertThat(r.snapshot().nodePools()).singleElement().satisfies(t -> assertThat(t.instanceTypes())
            .isNotEmpty().allSatisfy(it -> assertThat(it.name()).startsWith("m6i.")));
    }

    @Test
    void aNodeIsAlreadyBeingDisruptedByTheLaunchersMarksADeletionOrOurOwnRecentCommand() {
        Cluster c = new Cluster().pool(nodePool("default"));
        c.node("marked", "default").getMetadata().setAnnotations(Map.of(DisruptionKeys.TERMINATION_REASON, "EMPTY"));
        c.node("tainted", "default");
        c.nodes.get(1).getSpec().setTaints(List.of(new TaintBuilder().withKey(DisruptionKeys.DISRUPTED_TAINT)
            .withEffect("NoSchedule").build()));
        c.node("deleted", "default").getMetadata().setDeletionTimestamp(NOW.toString());
        c.node("ours", "default");
        c.node("free", "default");
        // our command named NodeClaims; "reused" is the name of a node we removed, now a new instance's (new claim)
        c.node("reused", "default");
        c.disrupting = Set.of("ours-claim", "reused");

        Map<String, Boolean> deleting = new java.util.TreeMap<>();
        c.build().snapshot().nodes().forEach(n -> deleting.put(n.name(), n.deleting()));

        assertThat(deleting).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("deleted", true, "free", false,
            "marked", true, "ours", true, "tainted", true, "reused", false)));
    }

    @Test
    void anEmptyNodeIsDeletedByEmptinessAndItsClaimIsConsolidatable() {
        Cluster c = new Cluster().pool(nodePool("default"));
        c.node("empty", "default");

        SnapshotBuilder.Result r = c.build();
        DisruptionPlan plan = new DisruptionPlanner().plan(r.snapshot());

        assertThat(plan.commands()).singleElement().satisfies(cmd -> {
            assertThat(cmd.method()).isEqualTo(DisruptionMethod.EMPTINESS);
            assertThat(cmd.nodes()).containsExactly("empty");
        });
        assertThat(DesiredConditions.of(r.snapshot(), r.claimOfNode()))
            .containsEntry("empty-claim", new DesiredConditions(true, null));
    }

    @Test
    void aClaimStampedWithAnOlderNodePoolHashDriftsAgainstTheLiveNodePool() {
        NodePool pool = nodePool("default");
        Cluster c = new Cluster().pool(pool);
        NodeClaim stale = c.node("stale", "default");
        stale.getMetadata().setAnnotations(Map.of(DriftHashes.NODEPOOL_HASH, "1",
            DriftHashes.NODEPOOL_HASH_VERSION, DriftHashes.NODEPOOL_VERSION));
        c.pods.add(pod("web", "stale", "1"));
        NodeClaim current = c.node("current", "default");
        current.getMetadata().setAnnotations(DriftHashes.annotations(pool, nodeClass()));
        c.pods.add(pod("api", "current", "1"));

        SnapshotBuilder.Result r = c.build();
        DisruptionPlan plan = new DisruptionPlanner().plan(r.snapshot());

        assertThat(r.snapshot().policies().get(0).annotations())
            .containsEntry(DriftHashes.NODEPOOL_HASH, DriftHashes.nodePool(pool));
        assertThat(plan.commands()).singleElement().satisfies(cmd -> {
            assertThat(cmd.method()).isEqualTo(DisruptionMethod.DRIFT);
            assertThat(cmd.nodes()).containsExactly("stale");
            assertThat(cmd.detail()).contains("NodePoolDrifted");
        });
        assertThat(DesiredConditions.of(r.snapshot(), r.claimOfNode()).get("stale-claim").driftReason())
            .isEqualTo("NodePoolDrifted");
        assertThat(DesiredConditions.of(r.snapshot(), r.claimOfNode()).get("current-claim").driftReason()).isNull();
    }

    /** Two nodes on ami-old and ami-new; the class's status lists {@code statusAmi} for amd64. */
    private static Cluster twoImages(String statusAmi) {
        Cluster c = new Cluster().pool(nodePool("default"));
        c.node("old-ami", "default").getStatus().setImageID("ami-old");
        c.pods.add(pod("web", "old-ami", "1"));
        c.node("new-ami", "default").getStatus().setImageID("ami-new");
        c.pods.add(pod("api", "new-ami", "1"));
        c.classes.set(0, NodeClassFixtures.status().ami(NodeClassFixtures.standardAmi(statusAmi, "amd64"))
            .ami(NodeClassFixtures.standardAmi("ami-arm", "arm64")).applyTo(KubeFixtures.nodeClassWithoutStatus()));
        return c;
    }

    @Test
    void aNodeOnAnImageTheStatusNoLongerListsDriftsWhenStatusAmisChange() {
        assertThat(twoImages("ami-old").plan().commands()).singleElement()
            .satisfies(cmd -> assertThat(cmd.nodes()).containsExactly("new-ami"));

        DisruptionPlan plan = twoImages("ami-new").plan(); // the tag-reconciler found a newer al2023@latest

        assertThat(plan.commands()).singleElement().satisfies(cmd -> {
            assertThat(cmd.method()).isEqualTo(DisruptionMethod.DRIFT);
            assertThat(cmd.nodes()).containsExactly("old-ami");
            assertThat(cmd.detail()).contains("AMIDrift");
        });
    }

    @Test
    void aClassThatIsNotReadyOrHasNoStatusAmisDriftsNoNodeByAmiAndPlansNoReplacementWithIt() {
        Cluster notReady = twoImages("ami-new");
        notReady.classes.set(0, NodeClassFixtures.status().ami(NodeClassFixtures.standardAmi("ami-new", "amd64"))
            .notReady("AMINotFound", "AMISelector did not match any AMIs").applyTo(KubeFixtures.nodeClassWithoutStatus()));
        SnapshotBuilder.Result r = notReady.build();
        assertThat(new DisruptionPlanner().plan(r.snapshot()).commands()).isEmpty();
        assertThat(r.problems()).containsEntry("NodePool default",
            "EC2NodeClass default is not ready: Ready=False: AMISelector did not match any AMIs (no replacement is planned with it)");

        Cluster noStatus = twoImages("ami-new");
        noStatus.classes.set(0, KubeFixtures.nodeClassWithoutStatus());
        assertThat(noStatus.plan().commands()).isEmpty();
    }

    @Test
    void theClassHashIsTheAnnotationTheTagReconcilerWritesElseComputed() {
        EC2NodeClass written = KubeFixtures.nodeClass();
        written.getMetadata().setAnnotations(Map.of(DriftHashes.NODECLASS_HASH, "12345",
            DriftHashes.NODECLASS_HASH_VERSION, DriftHashes.NODECLASS_VERSION));
        assertThat(NodeClassStates.of(written).annotations()).containsEntry(DriftHashes.NODECLASS_HASH, "12345");
        assertThat(NodeClassStates.of(KubeFixtures.nodeClass()).annotations())
            .containsEntry(DriftHashes.NODECLASS_HASH, DriftHashes.nodeClass(KubeFixtures.nodeClass()))
            .containsEntry(DriftHashes.NODECLASS_HASH_VERSION, DriftHashes.NODECLASS_VERSION);
    }

    @Test
    void anExpiredNodeIsExpiredAtOnceAndUnboundProvisionablePodsArePending() {
        Cluster c = new Cluster().pool(nodePool("default", "0s", "1h"));
        c.node("old", "default");
        Pod waiting = new PodBuilder(pod("waiting", null, "1")).editSpec().withNodeName(null).endSpec()
            .editStatus().withPhase("Pending").withStartTime(null).addNewCondition().withType("PodScheduled")
            .withStatus("False").withReason("Unschedulable").endCondition().endStatus().build();
        c.pods.add(waiting);

        SnapshotBuilder.Result r = c.build();
        DisruptionPlan plan = new DisruptionPlanner().plan(r.snapshot());

        assertThat(r.snapshot().pendingPods()).extracting(p -> p.key()).containsExactly("default/waiting");
        assertThat(plan.commands()).anySatisfy(cmd -> {
            assertThat(cmd.method()).isEqualTo(DisruptionMethod.EXPIRATION);
            assertThat(cmd.nodes()).containsExactly("old");
        });
    }

    @Test
    void aNodeWithADoNotDisruptPodIsNotDisruptedAndSaysWhy() {
        Cluster c = new Cluster().pool(nodePool("default"));
        c.node("guarded", "default");
        c.pods.add(pod("precious", "guarded", "100m", Map.of(BoundPod.DO_NOT_DISRUPT, "true")));

        DisruptionPlan plan = c.plan();

        assertThat(plan.commands()).isEmpty();
        assertThat(plan.notDisrupted()).singleElement().satisfies(v -> {
            assertThat(v.node()).isEqualTo("guarded");
            assertThat(v.why().reason()).isEqualTo(io.kafkarpenter.model.reasons.Reason.DO_NOT_DISRUPT_POD);
        });
    }

    @Test
    void anInvalidNodePoolIsLeftOutAndReported() {
        Cluster c = new Cluster().pool(nodePool("broken", "soon", "Never"));

        SnapshotBuilder.Result r = c.build();

        assertThat(r.snapshot().policies()).isEmpty();
        assertThat(r.problems()).containsKey("NodePool broken");
        assertThat(r.problems().get("NodePool broken")).contains("consolidateAfter");
    }
}
