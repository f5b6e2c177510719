package io.kafkarpenter.model.kubeevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.kubeevent.KubeEvent.Type;
import io.kafkarpenter.model.reasons.Reason;

class KarpenterEventsTest {

    private static final InvolvedObject POD = InvolvedObject.pod("shop", "web-1", "pod-uid");
    private static final InvolvedObject NODE = InvolvedObject.node("ip-10-0-1-5", "node-uid");
    private static final InvolvedObject CLAIM = InvolvedObject.nodeClaim("default-x7k2p", "claim-uid");

    @Test
    void aPlacedPodIsNominatedToItsNodeClaimAndNode() {
        KubeEvent onNew = KarpenterEvents.forPod(POD, Reason.SCHEDULED_NEW_NODECLAIM, "new NodeClaim c", "default-x7k2p",
            null).orElseThrow();
        assertThat(onNew.type()).isEqualTo(Type.Normal);
        assertThat(onNew.reason()).isEqualTo("Nominated");
        assertThat(onNew.message()).isEqualTo("Pod should schedule on: nodeclaim/default-x7k2p");
        assertThat(onNew.dedupeValues()).containsExactly("pod-uid");
        assertThat(onNew.dedupeTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(onNew.rateLimit()).isEqualTo(KarpenterEvents.NOMINATION_RATE);

        assertThat(KarpenterEvents.forPod(POD, Reason.SCHEDULED_EXISTING_NODE, "fits", "default-x7k2p", "ip-10-0-1-5")
            .orElseThrow().message()).isEqualTo("Pod should schedule on: nodeclaim/default-x7k2p, node/ip-10-0-1-5");
        assertThat(KarpenterEvents.forPod(POD, Reason.AWAITING_LAUNCH, "waits", "default-x7k2p", null)
            .orElseThrow().reason()).isEqualTo("Nominated");
        assertThat(KarpenterEvents.forPod(POD, Reason.SCHEDULED_EXISTING_NODE, "fits", null, null)).isEmpty();
        assertThatThrownBy(() -> KarpenterEvents.nominated(POD, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPendingPodGetsAFailedSchedulingWarningWithOurReason() {
        String why = Reason.NODEPOOL_LIMIT_REACHED.format("default", "cpu", "10").text();
        KubeEvent e = KarpenterEvents.forPod(POD, Reason.NODEPOOL_LIMIT_REACHED, why, null, null).orElseThrow();
        assertThat(e.type()).isEqualTo(Type.Warning);
        assertThat(e.reason()).isEqualTo("FailedScheduling");
        assertThat(e.message()).isEqualTo("Failed to schedule pod, NodePool default: cpu limit 10 reached");
        assertThat(e.dedupeTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(e.object().eventNamespace()).isEqualTo("shop");
        assertThat(KarpenterEvents.forPod(POD, Reason.INVALID_SELECTOR, "invalid node selector", null, null))
            .hasValueSatisfying(x -> assertThat(x.reason()).isEqualTo("FailedScheduling"));
        assertThat(KarpenterEvents.forPod(POD, Reason.LAUNCHED, "x", null, null)).isEmpty();
    }

    @Test
    void conditionTransitionsAreWordedAsOperatorpkg() {
        assertThat(KarpenterEvents.conditionTransition(CLAIM, "Launched", null, "True", "Launched", "").message())
            .isEqualTo("Status condition transitioned, Type: Launched, Status: Unknown -> True, Reason: Launched");
        KubeEvent subnets = KarpenterEvents.conditionTransition(InvolvedObject.ec2NodeClass("default", "u"),
            "SubnetsReady", "Unknown", "False", "SubnetsNotFound", "SubnetSelector did not match any Subnets");
        assertThat(subnets.message()).isEqualTo("Status condition transitioned, Type: SubnetsReady, Status: Unknown -> "
            + "False, Reason: SubnetsNotFound, Message: SubnetSelector did not match any Subnets");
        assertThat(subnets.reason()).isEqualTo("SubnetsReady");
        assertThat(subnets.dedupeKey()).isEmpty();
        assertThat(subnets.object().eventNamespace()).as("cluster-scoped").isEqualTo("default");
    }

    @Test
    void launchAndDisruptionEvents() {
        KubeEvent ice = KarpenterEvents.insufficientCapacityError(CLAIM, "x".repeat(250));
        assertThat(ice.type()).isEqualTo(Type.Warning);
        assertThat(ice.message()).isEqualTo("NodeClaim default-x7k2p event: " + "x".repeat(200) + "...");
        assertThat(KarpenterEvents.disruptionLaunching(CLAIM, Reason.UNDERUTILIZED).message())
            .isEqualTo("Launching NodeClaim: Underutilized");
        assertThat(KarpenterEvents.disruptionTerminating(NODE, Reason.EMPTY).message()).isEqualTo("Disrupting Node: Empty");
        assertThat(KarpenterEvents.disruptionTerminating(CLAIM, Reason.DRIFTED).message())
            .isEqualTo("Disrupting NodeClaim: Drifted");
        KubeEvent budget = KarpenterEvents.nodePoolDisruptionBlocked(InvolvedObject.nodePool("default", "np"), "Underutilized");
        assertThat(budget.message()).isEqualTo("No allowed disruptions for disruption reason Underutilized due to blocking budget");
        assertThat(budget.dedupeKey()).contains("disruptionblocked-np-Underutilized");
        assertThat(budget.dedupeTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void verdictsAreWordedAsKarpentersCandidateErrors() {
        assertThat(KarpenterEvents.forVerdict(NODE, Reason.DO_NOT_DISRUPT_POD.format("shop/web-1")).orElseThrow())
            .satisfies(e -> {
                assertThat(e.reason()).isEqualTo("DisruptionBlocked");
                assertThat(e.message()).isEqualTo("Pod has \"karpenter.sh/do-not-disrupt\" annotation (Pod=shop/web-1)");
            });
        assertThat(KarpenterEvents.forVerdict(NODE, Reason.PDB_BLOCKS.format("shop/web-pdb", "shop/web-1"))
            .orElseThrow().message()).isEqualTo("Pdb prevents pod evictions (PodDisruptionBudget=[shop/web-pdb])");
        assertThat(KarpenterEvents.forVerdict(NODE, Reason.NODE_NOT_INITIALIZED.format("n")).orElseThrow().message())
            .isEqualTo("Node isn't initialized");
        assertThat(KarpenterEvents.forVerdict(NODE, Reason.NODEPOOL_NOT_DISRUPTABLE.format("n", "gone", "does not exist"))
            .orElseThrow().message()).isEqualTo("NodePool not found (NodePool=gone)");

        KubeEvent cheaper = KarpenterEvents.forVerdict(CLAIM, Reason.NO_CHEAPER_REPLACEMENT.format()).orElseThrow();
        assertThat(cheaper.reason()).isEqualTo("Unconsolidatable");
        assertThat(cheaper.message()).isEqualTo("Can't replace with a cheaper node");
        assertThat(cheaper.dedupeTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(KarpenterEvents.forVerdict(NODE, Reason.CONSOLIDATION_DISABLED.format("default")).orElseThrow()
            .message()).isEqualTo("NodePool \"default\" has consolidation disabled");
        assertThat(KarpenterEvents.forVerdict(NODE, Reason.NODE_LABELS_MISSING.format("n", "topology.kubernetes.io/zone"))
            .orElseThrow().message()).isEqualTo("Node does not have label \"topology.kubernetes.io/zone\"");
        assertThat(KarpenterEvents.forVerdict(NODE, Reason.TOO_MANY_REPLACEMENTS.format(2)).orElseThrow().message())
            .isEqualTo("Can't remove without creating 2 candidates");

        assertThat(KarpenterEvents.forVerdict(NODE, Reason.BUDGET_EXHAUSTED.format("default", "Underutilized"))).isEmpty();
        assertThat(KarpenterEvents.forVerdict(NODE, Reason.NOT_CONSOLIDATABLE_YET.format("n", "30s"))).isEmpty();
    }

    @Test
    void aDiscoveryTagConflictIsAWarningOnTheNodeClassPerConflict() {
        InvolvedObject nodeClass = InvolvedObject.ec2NodeClass("default", "nc-uid");
        String conflict = "subnet subnet-1 (us-east-1a): karpenter.sh/discovery holds \"other\"";
        KubeEvent e = KarpenterEvents.discoveryTagConflict(nodeClass, conflict);
        assertThat(e.type()).isEqualTo(Type.Warning);
        assertThat(e.reason()).isEqualTo("DiscoveryTagConflict");
        assertThat(e.message()).isEqualTo("Discovery tag conflict: " + conflict);
        assertThat(e.dedupeValues()).containsExactly("nc-uid", conflict);
        assertThat(e.dedupeTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(e.object().apiVersion()).isEqualTo("karpenter.k8s.aws/v1");
    }

    @Test
    void anObjectWithoutUidIsDeduplicatedByName() {
        assertThat(KarpenterEvents.failedScheduling(InvolvedObject.pod("a", "p", null), "x").dedupeValues())
            .containsExactly("p");
    }

    @Test
    void interruptionEventsGoToTheNodeClaimAndItsNodeWordedAsTheAwsProvider() {
        assertThat(KarpenterEvents.spotInterrupted(CLAIM, NODE)).extracting(KubeEvent::object, KubeEvent::type,
                KubeEvent::reason, KubeEvent::message, KubeEvent::dedupeValues)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(CLAIM, Type.Warning, "SpotInterrupted",
                    "Spot interruption warning was triggered", java.util.List.of("claim-uid")),
                org.assertj.core.groups.Tuple.tuple(NODE, Type.Warning, "SpotInterrupted",
                    "Spot interruption warning was triggered", java.util.List.of("node-uid")));
        assertThat(KarpenterEvents.spotRebalanceRecommendation(CLAIM, NODE)).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(Type.Normal);
            assertThat(e.reason()).isEqualTo("SpotRebalanceRecommendation");
            assertThat(e.message()).isEqualTo("Spot rebalance recommendation was triggered");
        });
        assertThat(KarpenterEvents.capacityReservationInterrupted(CLAIM, null)).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("CapacityReservationInstanceInterrupted");
            assertThat(e.message()).isEqualTo("Capacity Reservation interruption warning was triggered");
        });
        assertThat(KarpenterEvents.instanceStopping(CLAIM, NODE)).extracting(KubeEvent::reason, KubeEvent::message)
            .containsOnly(org.assertj.core.groups.Tuple.tuple("InstanceStopping", "Instance is stopping"));
        assertThat(KarpenterEvents.instanceTerminating(CLAIM, NODE)).extracting(KubeEvent::reason, KubeEvent::message)
            .containsOnly(org.assertj.core.groups.Tuple.tuple("InstanceTerminating", "Instance is terminating"));
        assertThat(KarpenterEvents.instanceUnhealthy(CLAIM, NODE)).extracting(KubeEvent::reason, KubeEvent::message)
            .containsOnly(org.assertj.core.groups.Tuple.tuple("InstanceUnhealthy",
                "An unhealthy warning was triggered for the instance"));
        assertThat(KarpenterEvents.terminatingOnInterruption(CLAIM, NODE)).extracting(KubeEvent::message).containsExactly(
            "Interruption triggered termination for the NodeClaim", "Interruption triggered termination for the Node");
        assertThat(KarpenterEvents.terminatingOnInterruption(CLAIM, NODE)).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(Type.Warning);
            assertThat(e.reason()).isEqualTo("TerminatingOnInterruption");
            assertThat(e.dedupeTimeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(e.dedupeKey()).isPresent();
        });
    }
}
