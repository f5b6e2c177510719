package io.kafkarpenter.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.inject.Vetoed;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;
import io.kafkarpenter.model.pods.fixtures.PodFixtures;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.scheduling.SchedulerOptions;

/** In-flight NodeClaims as capacity: a launched one keeps its pods; one being deleted is no capacity at all. */
class InFlightCapacityTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");
    private static final List<InstanceType> TYPES = CatalogInstanceTypes.build(
        BuiltInCatalog.load(BuiltInCatalog.AWS_US_EAST_1), KubeletSettings.DEFAULT, CatalogInstanceTypes.Options.US_EAST_1);
    private static final NodePool POOL = KarpenterManifests.readOne("""
        apiVersion: karpenter.sh/v1
        kind: NodePool
        metadata: {name: default}
        spec:
          template:
            spec:
              nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
              requirements:
                - {key: node.kubernetes.io/instance-type, operator: In, values: ["c6a.xlarge"]}
                - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
        """, NodePool.class);

    /** The informers' view, fixed (not a bean: the Quarkus tests of this module would find two ClusterStates). */
    @Vetoed
    private static final class FixedCluster extends ClusterState {
        private final List<NodeClaim> claims;

        FixedCluster(NodeClaim... claims) {
            super(null, null);
            this.claims = List.of(claims);
        }

        @Override
        public List<NodeClaim> nodeClaims() {
            return claims;
        }

        @Override
        public Optional<NodeClaim> nodeClaim(String name) {
            return claims.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
        }

        @Override
        public List<NodePool> nodePools() {
            return List.of(POOL);
        }

        @Override
        public Optional<EC2NodeClass> nodeClassOf(NodePool np) {
            return Optional.empty();
        }
    }

    private final List<PendingPod> pods = List.of(pod("web-0"), pod("web-1"));
    private final NodeClaimLaunch launch = ProvisioningPass.decide(new ProvisioningPass.Input(pods,
        List.of(EngineInputs.nodePool(POOL, TYPES)), Map.of("default", new ProvisioningPass.PoolExtras(
            NodeClassRef.ec2NodeClass("default"), "Never", null)), List.of(), List.of(), Set.of(), Map.of(), Map.of(),
        SchedulerOptions.DEFAULT, NOW, NOW.plusSeconds(600)), n -> false).launches().get(0);
    private final InFlightClaims inFlight = new InFlightClaims();

    private static PendingPod pod(String name) {
        return new PendingPod(PodFixtures.pod(name).deployment("web").cpu("1").build(), NOW, "Unschedulable", null);
    }

    private NodeClaim nodeClaimObject(String deletionTimestamp) {
        NodeClaim nc = KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodeClaim
            metadata:
              name: %s
              labels: {karpenter.sh/nodepool: default}
            spec:
              nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
            """.formatted(launch.nodeClaimName()), NodeClaim.class);
        nc.getMetadata().setDeletionTimestamp(deletionTimestamp);
        return nc;
    }

    private InFlightCapacity.Result capacity(ClusterState cluster) {
        inFlight.decided(launch);
        inFlight.status(new NodeClaimStatusChange(launch.nodeClaimName(), "default", NodeClaimPhase.LAUNCHED,
            "aws:///us-east-1a/i-1", "i-1", "c6a.xlarge", "us-east-1a", "on-demand", null, launch.decisionId(),
            Reason.LAUNCHED, null, NOW.plusSeconds(5)));
        Map<String, PendingPod> pending = new HashMap<>();
        pods.forEach(p -> pending.put(p.pod().uid(), p));
        return new InFlightCapacity(cluster, null).of(inFlight.active(NOW.plusSeconds(10), java.time.Duration.ofSeconds(30),
            n -> true), Map.of("default", TYPES), Set.of(), Set.of(), pending, NOW.plusSeconds(10));
    }

    @Test
    void aLaunchedClaimIsANodeOfItsTypeWithThePendingPodsItWasLaunchedFor() {
        InFlightCapacity.Result r = capacity(new FixedCluster(nodeClaimObject(null)));

        assertThat(r.nodes()).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo(launch.nodeClaimName());
            assertThat(n.labels()).containsEntry("node.kubernetes.io/instance-type", "c6a.xlarge")
                .containsEntry("topology.kubernetes.io/zone", "us-east-1a");
            assertThat(n.pods()).hasSize(2);
        });
        assertThat(r.awaiting().values()).hasSize(2)
            .allSatisfy(a -> assertThat(a.launched()).isTrue());
    }

    @Test
    void everyPendingPodIsHeldOnlyWhileItsClaimCountsAndIsNotBeingDeleted() {
        inFlight.decided(launch);
        var active = inFlight.active(NOW.plusSeconds(10), java.time.Duration.ofSeconds(30), n -> true);
        PendingPod newcomer = pod("web-2");

        assertThat(new InFlightCapacity(new FixedCluster(nodeClaimObject(null)), null).holdsAll(active, pods)).isTrue();
        assertThat(new InFlightCapacity(new FixedCluster(nodeClaimObject(null)), null)
            .holdsAll(active, List.of(pods.get(0), newcomer))).isFalse();
        assertThat(new InFlightCapacity(new FixedCluster(nodeClaimObject("2026-01-01T00:01:08Z")), null)
            .holdsAll(active, pods)).isFalse();
    }

    @Test
    void aClaimBeingDeletedBringsNoCapacityAndHoldsNoPodEvenBeforeTheLauncherSaysSo() {
        FixedCluster cluster = new FixedCluster(nodeClaimObject("2026-01-01T00:01:08Z"));
        InFlightCapacity.Result r = capacity(cluster);

        assertThat(r.nodes()).isEmpty();
        assertThat(r.names()).isEmpty();
        assertThat(r.awaiting()).isEmpty();
        assertThat(new InFlightCapacity(cluster, null).deleting(launch.nodeClaimName())).isTrue();
    }
}
