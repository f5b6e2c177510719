package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.NOW;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.cluster;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.node;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pod;
import static io.kafkarpenter.model.disruption.fixtures.DisruptionFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of drift (karpenter-core reference §5.6, karpenter-aws §4.4) and how the drift method acts on it. */
class DriftTest {

    private static String drift(DisruptionFixtures.PoolBuilder pool, DisruptionFixtures.NodeBuilder node,
            NodeClassState nodeClass) {
        DisruptionFixtures.ClusterBuilder b = cluster().pool(pool).node(node);
        if (nodeClass != null) {
            b.nodeClass(nodeClass);
        }
        DisruptionPass pass = new DisruptionPass(b.build());
        return pass.candidates.get(0).driftReason;
    }

    private static DisruptionFixtures.PoolBuilder hashed(String hash, String version) {
        return pool("default").annotation(ClusterNode.NODEPOOL_HASH, hash)
                .annotation(ClusterNode.NODEPOOL_HASH_VERSION, version);
    }

    @Test
    void aNodePoolHashDiffersUnderTheSameVersion() {
        DisruptionFixtures.NodeBuilder n = node("a").annotation(ClusterNode.NODEPOOL_HASH, "111")
                .annotation(ClusterNode.NODEPOOL_HASH_VERSION, "v3");
        assertThat(drift(hashed("222", "v3"), n, null)).isEqualTo("NodePoolDrifted");
        assertThat(drift(hashed("111", "v3"), n, null)).isNull();
        assertThat(drift(hashed("222", "v4"), n, null)).as("a version bump is not drift").isNull();
        assertThat(drift(pool("default"), n, null)).as("no hash on the NodePool").isNull();
    }

    @Test
    void requirementsThatNoLongerAdmitTheNodeAreDrift() {
        DisruptionFixtures.NodeBuilder onDemand = node("a");
        assertThat(drift(pool("default").require(Requirement.in(Labels.CAPACITY_TYPE, "spot")), onDemand, null))
                .isEqualTo("RequirementsDrifted");
        assertThat(drift(pool("default").require(Requirement.in(Labels.CAPACITY_TYPE, "on-demand")), onDemand, null))
                .isNull();
        assertThat(drift(pool("default").require(Requirement.in("team", "a")), onDemand.label("team", "b"), null))
                .isEqualTo("RequirementsDrifted");
        // a well-known label the node does not state is given the benefit of the doubt
        assertThat(drift(pool("default").require(Requirement.in(Labels.INSTANCE_FAMILY, "m6i")), node("b"), null))
                .isNull();
    }

    @Test
    void anInstanceTypeOrOfferingThatIsGoneIsDriftAfterAnHour() {
        List<InstanceType> withoutLarge = DisruptionFixtures.m6i().subList(1, 4);
        assertThat(drift(pool("default").types(withoutLarge), node("old"), null)).isEqualTo("InstanceTypeNotFound");
        assertThat(drift(pool("default").types(withoutLarge), node("young").createdAt(NOW.minus(Duration.ofMinutes(30))),
                null)).isNull();
        InstanceType onlyZoneB = DisruptionFixtures.type("m6i.large", 2, 8,
                List.of(new Offering("us-east-1b", Labels.CAPACITY_TYPE_ON_DEMAND, 0.096, true)));
        assertThat(drift(pool("default").types(List.of(onlyZoneB)), node("in-a"), null))
                .isEqualTo("InstanceTypeNotFound");
        InstanceType unavailable = DisruptionFixtures.type("m6i.large", 2, 8,
                List.of(new Offering("us-east-1a", Labels.CAPACITY_TYPE_ON_DEMAND, 0.096, false)));
        assertThat(drift(pool("default").types(List.of(unavailable)), node("in-a"), null))
                .as("an offering that exists but is unavailable now is not gone").isNull();
    }

    @Test
    void theEc2NodeClassDriftsNodesByAmiSubnetSecurityGroupsAndHash() {
        NodeClassState nc = new NodeClassState("default", Map.of(NodeClassState.HASH, "h-new",
                NodeClassState.HASH_VERSION, "v4"),
                List.of(new NodeClassState.Ami("ami-arm", Requirements.of(Requirement.in(Labels.ARCH, "arm64"))),
                        new NodeClassState.Ami("ami-new", Requirements.of(Requirement.in(Labels.ARCH, "amd64"))),
                        new NodeClassState.Ami("ami-old", Requirements.of(Requirement.in(Labels.ARCH, "amd64")))),
                Set.of("subnet-1", "subnet-2"), Set.of("sg-1", "sg-2"));
        DisruptionFixtures.PoolBuilder p = pool("default").nodeClass("default");
        assertThat(drift(p, node("a").instance("ami-new", "subnet-1", Set.of("sg-1", "sg-2")), nc)).isNull();
        assertThat(drift(p, node("a").instance("ami-old", "subnet-1", Set.of("sg-1", "sg-2")), nc))
                .as("no longer the newest AMI for its architecture").isEqualTo("AMIDrift");
        assertThat(drift(p, node("a").instance("ami-new", "subnet-9", Set.of("sg-1", "sg-2")), nc))
                .isEqualTo("SubnetDrift");
        assertThat(drift(p, node("a").instance("ami-new", "subnet-1", Set.of("sg-1")), nc))
                .isEqualTo("SecurityGroupDrift");
        assertThat(drift(p, node("a").annotation(NodeClassState.HASH, "h-old")
                .annotation(NodeClassState.HASH_VERSION, "v4"), nc)).isEqualTo("NodeClassDrift");
        assertThat(drift(p, node("a"), nc)).as("nothing recorded on the node: nothing compared").isNull();
    }

    @Test
    void aPlainNodeIsComparedWithTheStandardAmiNotWithAGpuOrNeuronVariantListedBeforeIt() {
        // status.amis as the tag-reconciler writes them for al2023@latest: the x86_64 variants, neuron listed first
        String gpu = "karpenter.k8s.aws/instance-gpu-count";
        String accelerator = "karpenter.k8s.aws/instance-accelerator-count";
        NodeClassState nc = new NodeClassState("default", Map.of(),
                List.of(new NodeClassState.Ami("ami-neuron", Requirements.of(Requirement.in(Labels.ARCH, "amd64"),
                                Requirement.exists(accelerator))),
                        new NodeClassState.Ami("ami-nvidia", Requirements.of(Requirement.in(Labels.ARCH, "amd64"),
                                Requirement.exists(gpu))),
                        new NodeClassState.Ami("ami-standard", Requirements.of(Requirement.in(Labels.ARCH, "amd64"),
                                Requirement.doesNotExist(gpu), Requirement.doesNotExist(accelerator)))),
                null, null);
        DisruptionFixtures.PoolBuilder p = pool("default").nodeClass("default");
        assertThat(drift(p, node("plain").instance("ami-standard", null, null), nc))
                .as("a node without gpu/accelerator labels runs the standard AMI: not drifted").isNull();
        assertThat(drift(p, node("plain").instance("ami-neuron", null, null), nc))
                .as("the standard AMI is its AMI now").isEqualTo("AMIDrift");
    }

    private static DisruptionFixtures.PoolBuilder spotOnly() {
        return pool("default").budgets("100%").whenEmpty().require(Requirement.in(Labels.CAPACITY_TYPE, "spot"));
    }

    @Test
    void emptyDriftedNodesGoTogetherBeforeAnyNonEmptyOne() {
        // consolidateAfter Never: emptiness, which would otherwise take the empty nodes first, is off
        ClusterSnapshot s = cluster().pool(spotOnly().consolidateNever())
                .node(node("busy").pod(pod("web-0")))
                .node(node("empty-1").createdAt(NOW.minus(Duration.ofHours(2))))
                .node(node("empty-2").createdAt(NOW.minus(Duration.ofHours(3))))
                .build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.actingMethod()).isEqualTo(DisruptionMethod.DRIFT);
        assertThat(plan.commands()).singleElement().satisfies(c -> {
            assertThat(c.nodes()).containsExactly("empty-2", "empty-1");
            assertThat(c.decision()).isEqualTo(DisruptionCommand.Decision.DELETE);
        });
    }

    @Test
    void aDriftedNodeIsReplacedWhateverTheReplacementCosts() {
        ClusterSnapshot s = cluster().pool(spotOnly().types(List.of(DisruptionFixtures.type("m6i.large", 2, 8,
                        List.of(new Offering("us-east-1a", "spot", 0.5, true),
                                new Offering("us-east-1a", "on-demand", 0.096, true))))))
                .node(node("od").pod(pod("web-0").cpu("1500m"))).build();
        DisruptionCommand c = new DisruptionPlanner().plan(s).commands().get(0);
        assertThat(c.method()).isEqualTo(DisruptionMethod.DRIFT);
        assertThat(c.replacements()).singleElement()
                .satisfies(r -> assertThat(r.offering().capacityType()).isEqualTo("spot"));
        assertThat(c.savingsPerHour()).isNegative();
        assertThat(c.moves()).containsEntry("default/web-0", c.replacements().get(0).name());
    }

    @Test
    void doNotDisruptBlocksDriftUnlessTheNodePoolHasATerminationGracePeriod() {
        DisruptionFixtures.NodeBuilder guarded = node("od").pod(pod("web-0").doNotDisrupt("true"));
        DisruptionPlan blocked = new DisruptionPlanner().plan(cluster().pool(spotOnly()).node(guarded).build());
        assertThat(blocked.commands()).isEmpty();
        assertThat(blocked.notDisrupted().get(0).why().reason()).isEqualTo(Reason.DO_NOT_DISRUPT_POD);

        DisruptionPlan eventual = new DisruptionPlanner().plan(cluster()
                .pool(spotOnly().terminationGracePeriod(Duration.ofHours(1))).node(guarded).build());
        assertThat(eventual.commands()).singleElement()
                .satisfies(c -> assertThat(c.method()).isEqualTo(DisruptionMethod.DRIFT));
    }

    @Test
    void aDriftedNodeWhosePodsFitNowhereStaysWithTheReason() {
        ClusterSnapshot s = cluster().pool(spotOnly().types(DisruptionFixtures.m6i().subList(0, 1)))
                .node(node("od").type("m6i.2xlarge").pod(pod("big").cpu("6"))).build();
        DisruptionPlan plan = new DisruptionPlanner().plan(s);
        assertThat(plan.commands()).isEmpty();
        assertThat(plan.notDisrupted().get(0).why().reason()).isEqualTo(Reason.PODS_WOULD_NOT_SCHEDULE);
    }
}
