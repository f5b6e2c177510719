package io.kafkarpenter.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;
import io.kafkarpenter.model.pods.fixtures.PodFixtures;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.kube.DaemonSetPods;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.Quantity;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.SchedulerOptions;
import io.kafkarpenter.model.scheduling.SchedulingPod;

/** One pass of the engine over a batch: launches, outcomes and reasons, deterministic names. */
class ProvisioningPassTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");
    private static final List<InstanceType> TYPES = CatalogInstanceTypes.build(
        BuiltInCatalog.load(BuiltInCatalog.AWS_US_EAST_1), KubeletSettings.DEFAULT, CatalogInstanceTypes.Options.US_EAST_1);

    private static NodePool workshopPool() {
        String yaml = """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: default
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  requirements:
                    - {key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ["5"]}
                    - {key: karpenter.k8s.aws/instance-category, operator: In, values: ["c", "m", "r"]}
                    - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
              limits:
                cpu: "10"
            """;
        return KarpenterManifests.readOne(yaml, NodePool.class);
    }

    private static List<PendingPod> pods(String deployment, int count) {
        List<PendingPod> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new PendingPod(PodFixtures.pod(deployment + "-" + i).deployment(deployment).cpu("1").build(),
                NOW.minusSeconds(2), "Unschedulable", null));
        }
        return out;
    }

    private static ProvisioningPass.Input input(List<PendingPod> pending, List<ExistingNode> nodes, Set<String> inFlight) {
        return input(workshopPool(), pending, nodes, List.of(), inFlight);
    }

    private static ProvisioningPass.Input input(NodePool nodePool, List<PendingPod> pending, List<ExistingNode> nodes,
                                                List<DaemonSet> daemonSets, Set<String> inFlight) {
        NodePoolTemplate pool = EngineInputs.nodePool(nodePool, TYPES);
        List<SchedulingPod> daemons = DaemonSetPods.of(daemonSets, ds -> null, (ds, why) -> {
            throw new AssertionError(why);
        });
        return new ProvisioningPass.Input(pending, List.of(pool), Map.of(nodePool.getMetadata().getName(),
            new ProvisioningPass.PoolExtras(new NodeClassRef("karpenter.k8s.aws", "EC2NodeClass", "default"), "Never",
                null)), nodes, daemons, inFlight, Map.of(), Map.of(), SchedulerOptions.DEFAULT, NOW, NOW.plusSeconds(600));
    }

    @Test
    void podsBeyondTheNodePoolLimitStayPendingWithTheLimitReason() {
        ProvisioningPass.Output out = ProvisioningPass.decide(input(pods("inflate", 30), List.of(), Set.of()), n -> false);

        int launchedCpu = out.launches().stream().mapToInt(l -> l.pods().size()).sum();
        assertThat(out.launches()).isNotEmpty().allSatisfy(l -> {
            assertThat(l.nodePool()).isEqualTo("default");
            assertThat(l.key()).isEqualTo("default");
            assertThat(l.decisionId()).isEqualTo(out.decisionId());
            assertThat(l.instanceTypes()).isNotEmpty().hasSizeLessThanOrEqualTo(60);
            assertThat(l.nodeClassRef().name()).isEqualTo("default");
            assertThat(l.expireAfter()).isEqualTo("Never");
            assertThat(l.requirements()).anySatisfy(r -> assertThat(r.key()).isEqualTo(Labels.CAPACITY_TYPE));
        });
        assertThat(launchedCpu).isLessThanOrEqualTo(10);
        assertThat(out.record().podOutcomes()).hasSize(30);
        assertThat(out.record().podOutcomes()).filteredOn(o -> o.reason() == Reason.NODEPOOL_LIMIT_REACHED)
            .hasSize(30 - launchedCpu)
            .allSatisfy(o -> assertThat(o.message()).contains("default").contains("cpu"));
        assertThat(out.record().podOutcomes()).filteredOn(o -> o.reason() == Reason.SCHEDULED_NEW_NODECLAIM)
            .allSatisfy(o -> assertThat(o.target()).startsWith("default-"));
        assertThat(out.record().reason()).isEqualTo(Reason.SCHEDULED_NEW_NODECLAIM);
        assertThat(out.unschedulable()).isEqualTo(30 - launchedCpu);
    }

    @Test
    void theSameBatchDecidesTheSameNodeClaimNames() {
        List<PendingPod> batch = pods("web", 7);

        ProvisioningPass.Output first = ProvisioningPass.decide(input(batch, List.of(), Set.of()), n -> false);
        List<PendingPod> reversed = new ArrayList<>(batch);
        java.util.Collections.reverse(reversed);
        ProvisioningPass.Output replay = ProvisioningPass.decide(input(reversed, List.of(), Set.of()), n -> false);

        assertThat(replay.launches()).map(NodeClaimLaunch::nodeClaimName)
            .containsExactlyElementsOf(first.launches().stream().map(NodeClaimLaunch::nodeClaimName).toList());
        assertThat(replay.decisionId()).isEqualTo(first.decisionId());
    }

    @Test
    void aNameWhoseClaimFailedIsNotReused() {
        List<PendingPod> batch = pods("web", 2);
        String failed = ProvisioningPass.decide(input(batch, List.of(), Set.of()), n -> false)
            .launches().get(0).nodeClaimName();

        ProvisioningPass.Output retry = ProvisioningPass.decide(input(batch, List.of(), Set.of()), failed::equals);

        assertThat(retry.launches()).singleElement()
            .satisfies(l -> assertThat(l.nodeClaimName()).isNotEqualTo(failed).startsWith("default-"));
    }

    @Test
    void podsCoveredByAnInFlightNodeClaimCauseNoLaunch() {
        InstanceType type = TYPES.stream().filter(t -> t.name().equals("c6a.2xlarge")).findFirst().orElseThrow();
        Map<String, String> labels = new java.util.HashMap<>(type.labels());
        labels.put(Labels.NODEPOOL, "default");
        labels.put(Labels.ZONE, "us-east-1a");
        labels.put(Labels.CAPACITY_TYPE, "on-demand");
        labels.put(Labels.HOSTNAME, "default-inflight");
        ExistingNode inFlight = new ExistingNode("default-inflight", "default", labels, List.of(), type.allocatable(),
            type.capacity(), false, List.of());

        ProvisioningPass.Output out = ProvisioningPass.decide(
            input(pods("web", 4), List.of(inFlight), Set.of("default-inflight")), n -> false);

        assertThat(out.launches()).isEmpty();
        assertThat(out.record().podOutcomes()).hasSize(4).allSatisfy(o -> {
            assertThat(o.reason()).isEqualTo(Reason.SCHEDULED_INFLIGHT_NODECLAIM);
            assertThat(o.target()).isEqualTo("default-inflight");
        });
        assertThat(out.record().reason()).isEqualTo(Reason.SCHEDULED_INFLIGHT_NODECLAIM);
    }

    @Test
    void podsOfALaunchTheLauncherHasNotAnsweredWaitForItAndItsSpareRoomServesNewPods() {
        List<PendingPod> first = pods("web", 3);
        NodeClaimLaunch launch = ProvisioningPass.decide(input(first, List.of(), Set.of()), n -> false).launches()
            .get(0);
        assertThat(launch.pods()).hasSize(3);
        assertThat(launch.expiresAt()).isEqualTo(NOW.plusSeconds(600));
        PendingPod small = new PendingPod(PodFixtures.pod("small-0").deployment("small").cpu("100m").build(), NOW,
            "Unschedulable", null);
        List<PendingPod> pending = new ArrayList<>(first);
        pending.add(small);
        Map<String, PendingPod> byUid = new java.util.HashMap<>();
        pending.forEach(p -> byUid.put(p.pod().uid(), p));
        Instant later = NOW.plusSeconds(40);
        Map<String, InFlightCapacity.Awaiting> awaiting = new java.util.HashMap<>();
        ExistingNode unanswered = InFlightCapacity.unresolved(new InFlightClaims.Claim(launch.nodeClaimName(), launch,
                null, NOW), Map.of(), name -> TYPES.stream().filter(t -> t.name().equals(name)).findFirst(), byUid,
            later, awaiting).orElseThrow();

        ProvisioningPass.Output out = ProvisioningPass.decide(new ProvisioningPass.Input(pending,
            List.of(EngineInputs.nodePool(workshopPool(), TYPES)), Map.of(), List.of(unanswered), List.of(),
            Set.of(launch.nodeClaimName()), awaiting, Map.of(), SchedulerOptions.DEFAULT, later,
            later.plusSeconds(600)), n -> false);

        assertThat(unanswered.pods()).hasSize(3);
        assertThat(unanswered.labels()).containsEntry(Labels.NODEPOOL, "default")
            .containsEntry(Labels.HOSTNAME, launch.nodeClaimName()).containsEntry(Labels.CAPACITY_TYPE, "on-demand");
        assertThat(out.launches()).isEmpty();
        assertThat(out.record().podOutcomes()).filteredOn(o -> o.pod().name().startsWith("web-")).hasSize(3)
            .allSatisfy(o -> {
                assertThat(o.reason()).isEqualTo(Reason.AWAITING_LAUNCH);
                assertThat(o.target()).isEqualTo(launch.nodeClaimName());
                assertThat(o.message()).contains(launch.nodeClaimName()).contains("40 s ago");
            });
        assertThat(out.record().podOutcomes()).filteredOn(o -> o.pod().name().equals("small-0")).singleElement()
            .satisfies(o -> {
                assertThat(o.reason()).isEqualTo(Reason.SCHEDULED_INFLIGHT_NODECLAIM);
                assertThat(o.target()).isEqualTo(launch.nodeClaimName());
            });
        assertThat(out.unschedulable()).isZero();
    }

    @Test
    void aPodHeldByAnOlderUnansweredLaunchIsNotHeldTwice() {
        List<PendingPod> batch = pods("web", 2);
        NodeClaimLaunch launch = ProvisioningPass.decide(input(batch, List.of(), Set.of()), n -> false).launches()
            .get(0);
        Map<String, PendingPod> byUid = new java.util.HashMap<>();
        batch.forEach(p -> byUid.put(p.pod().uid(), p));
        Map<String, InFlightCapacity.Awaiting> awaiting = new java.util.HashMap<>();
        java.util.function.Function<String, java.util.Optional<InstanceType>> types =
            name -> TYPES.stream().filter(t -> t.name().equals(name)).findFirst();

        ExistingNode older = InFlightCapacity.unresolved(new InFlightClaims.Claim("older", launch, null, NOW), Map.of(),
            types, byUid, NOW, awaiting).orElseThrow();
        ExistingNode newer = InFlightCapacity.unresolved(new InFlightClaims.Claim("newer", launch, null, NOW), Map.of(),
            types, byUid, NOW, awaiting).orElseThrow();

        assertThat(older.pods()).hasSize(2);
        assertThat(newer.pods()).isEmpty();
        assertThat(awaiting.values()).allSatisfy(a -> assertThat(a.nodeClaim()).isEqualTo("older"));
    }

    @Test
    void aPodWithABadQuantityIsExplainedAndTheOthersStillDecided() {
        List<PendingPod> batch = new ArrayList<>(pods("web", 1));
        batch.add(new PendingPod(PodFixtures.pod("broken").cpu("lots").build(), NOW, null, null));

        ProvisioningPass.Output out = ProvisioningPass.decide(input(batch, List.of(), Set.of()), n -> false);

        assertThat(out.launches()).hasSize(1);
        assertThat(out.record().podOutcomes()).filteredOn(o -> o.pod().name().equals("broken")).singleElement()
            .satisfies(o -> assertThat(o.message()).contains("cpu"));
        assertThat(IntStream.range(0, 1)).isNotEmpty();
        assertThat(out.record().podOutcomes()).map(PodOutcome::pod).hasSize(2);
    }

    // -- DaemonSet overhead (karpenter-core §2.6) ----------------------------------------------------------------------

    /** The workshop's NodePool without its CPU limit. */
    private static NodePool unlimitedPool() {
        NodePool np = workshopPool();
        np.getSpec().setLimits(null);
        return np;
    }

    /**
     * A mix like Karpenter's diverse benchmark: pods of random sizes, a fifth of them "nginx" pods that each need a
     * node without another one (hostname anti-affinity).
     */
    private static List<PendingPod> mixWithHostnameAntiAffinity(int count) {
        java.util.Random r = new java.util.Random(42);
        String[] cpus = {"100m", "250m", "500m", "1", "1500m"};
        String[] memories = {"100Mi", "256Mi", "512Mi", "1Gi", "2Gi", "4Gi"};
        List<PendingPod> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var pod = PodFixtures.pod("mix-" + i).cpu(cpus[r.nextInt(cpus.length)])
                .memory(memories[r.nextInt(memories.length)]);
            if (i % 5 == 0) {
                pod.deployment("nginx").label("app", "nginx").selfAntiAffinity(PodFixtures.HOSTNAME);
            } else {
                pod.deployment("app-" + (i % 7));
            }
            out.add(new PendingPod(pod.build(), NOW.minusSeconds(2), "Unschedulable", null));
        }
        return out;
    }

    /** The launcher's answer to each launch: its cheapest option in the zone of that option's first offering. */
    private static List<ExistingNode> answered(List<NodeClaimLaunch> launches, boolean withTheirPods,
                                               Map<String, PendingPod> pending,
                                               Map<String, InFlightCapacity.Awaiting> awaiting) {
        List<ExistingNode> nodes = new ArrayList<>();
        for (NodeClaimLaunch l : launches) {
            var option = l.instanceTypes().get(0);
            InstanceType type = TYPES.stream().filter(t -> t.name().equals(option.name())).findFirst().orElseThrow();
            var offering = option.offerings().get(0);
            InFlightCapacity.Resolved resolved = new InFlightCapacity.Resolved(type.name(), offering.zone(),
                offering.capacityType(), null);
            InFlightClaims.Claim claim = withTheirPods ? new InFlightClaims.Claim(l.nodeClaimName(), l, null, NOW) : null;
            nodes.add(InFlightCapacity.launched(l.nodeClaimName(), claim, l.nodePool(), type, resolved, Map.of(),
                List.of(), pending, NOW.plusSeconds(10), awaiting));
        }
        return nodes;
    }

    @Test
    void aRequeueAfterTheLaunchesAreAnsweredBuysNothingForThePodsTheyWereLaunchedFor() {
        NodePool np = unlimitedPool();
        List<PendingPod> pods = mixWithHostnameAntiAffinity(1000);
        Map<String, PendingPod> byUid = new java.util.HashMap<>();
        pods.forEach(p -> byUid.put(p.pod().uid(), p));
        ProvisioningPass.Output first = ProvisioningPass.decide(input(np, pods, List.of(), List.of(), Set.of()), n -> false);
        assertThat(first.unschedulable()).isZero();
        Set<String> claims = new java.util.HashSet<>();
        Map<String, String> claimOfPod = new java.util.HashMap<>();
        first.launches().forEach(l -> {
            claims.add(l.nodeClaimName());
            l.pods().forEach(p -> claimOfPod.put(p.uid(), l.nodeClaimName()));
        });

        // the pods placed again from scratch on the launched claims pack differently: nginx pods find no claim left
        ProvisioningPass.Output unheld = ProvisioningPass.decide(input(np, pods,
            answered(first.launches(), false, byUid, new java.util.HashMap<>()), List.of(), claims), n -> false);
        assertThat(unheld.launches()).as("the engine's packing is not stable").isNotEmpty();

        Map<String, InFlightCapacity.Awaiting> awaiting = new java.util.HashMap<>();
        List<ExistingNode> launched = answered(first.launches(), true, byUid, awaiting);
        ProvisioningPass.Input requeue = new ProvisioningPass.Input(pods, List.of(EngineInputs.nodePool(np, TYPES)),
            Map.of(), launched, List.of(), claims, awaiting, Map.of(), SchedulerOptions.DEFAULT, NOW.plusSeconds(10),
            NOW.plusSeconds(610));
        ProvisioningPass.Output out = ProvisioningPass.decide(requeue, n -> false);

        assertThat(out.launches()).isEmpty();
        assertThat(out.record().podOutcomes()).hasSize(pods.size()).allSatisfy(o -> {
            assertThat(o.reason()).isEqualTo(Reason.SCHEDULED_INFLIGHT_NODECLAIM);
            assertThat(o.target()).isEqualTo(claimOfPod.get(o.pod().uid()));
        });
        assertThat(out.record().reason()).isEqualTo(Reason.SCHEDULED_INFLIGHT_NODECLAIM);

        // the same pods held by the same claims before their launches were answered: the same record, not sent again
        Map<String, InFlightCapacity.Awaiting> unanswered = new java.util.HashMap<>();
        List<ExistingNode> waiting = first.launches().stream().map(l -> InFlightCapacity.unresolved(
            new InFlightClaims.Claim(l.nodeClaimName(), l, null, NOW), Map.of(),
            name -> TYPES.stream().filter(t -> t.name().equals(name)).findFirst(), byUid, NOW.plusSeconds(5),
            unanswered).orElseThrow()).toList();
        ProvisioningPass.Output before = ProvisioningPass.decide(new ProvisioningPass.Input(pods,
            List.of(EngineInputs.nodePool(np, TYPES)), Map.of(), waiting, List.of(), claims, unanswered, Map.of(),
            SchedulerOptions.DEFAULT, NOW.plusSeconds(5), NOW.plusSeconds(605)), n -> false);
        assertThat(before.record().podOutcomes()).allSatisfy(o -> assertThat(o.reason()).isEqualTo(Reason.AWAITING_LAUNCH));
        assertThat(out.fingerprint()).isEqualTo(before.fingerprint()).isNotEqualTo(first.fingerprint());
    }

    /** Two sizes only, so the instance type a pod gets is easy to tell: c6a.large (2 vCPU), c6a.xlarge (4 vCPU). */
    private static NodePool twoSizesPool(String extraSpec) {
        return KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: two-sizes
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  requirements:
                    - {key: node.kubernetes.io/instance-type, operator: In, values: ["c6a.large", "c6a.xlarge"]}
                    - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
            %s""".formatted(extraSpec.indent(6)), NodePool.class);
    }

    /** A DaemonSet requesting 500m / 512Mi; {@code podSpec} adds to its template's pod spec. */
    private static DaemonSet nodeAgent(String podSpec) {
        return Serialization.unmarshal("""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {namespace: kube-system, name: node-agent, uid: ds-node-agent}
            spec:
              selector: {matchLabels: {app: node-agent}}
              template:
                metadata: {labels: {app: node-agent}}
                spec:
                  containers:
                    - name: agent
                      image: node-agent
                      resources: {requests: {cpu: 500m, memory: 512Mi}}
            %s""".formatted(podSpec.indent(6)), DaemonSet.class);
    }

    /** One pod of 1500m: it fits c6a.large (1930m allocatable) alone, not with a 500m daemon beside it. */
    private static List<PendingPod> oneAndAHalfCpu(String... tolerations) {
        var pod = PodFixtures.pod("api-0").deployment("api").cpu("1500m").memory("1Gi");
        for (String key : tolerations) {
            pod.tolerate(key, "true", "NoSchedule");
        }
        return List.of(new PendingPod(pod.build(), NOW.minusSeconds(2), "Unschedulable", null));
    }

    private static NodeClaimLaunch onlyLaunch(ProvisioningPass.Output out) {
        assertThat(out.launches()).hasSize(1);
        return out.launches().get(0);
    }

    @Test
    void aDaemonSetsOverheadMakesThePodNeedABiggerInstanceType() {
        ProvisioningPass.Output without = ProvisioningPass.decide(
            input(twoSizesPool(""), oneAndAHalfCpu(), List.of(), List.of(), Set.of()), n -> false);
        ProvisioningPass.Output with = ProvisioningPass.decide(
            input(twoSizesPool(""), oneAndAHalfCpu(), List.of(), List.of(nodeAgent("")), Set.of()), n -> false);

        assertThat(onlyLaunch(without).instanceTypes()).extracting(o -> o.name()).containsExactly("c6a.large", "c6a.xlarge");
        NodeClaimLaunch launch = onlyLaunch(with);
        assertThat(launch.instanceTypes()).extracting(o -> o.name()).containsExactly("c6a.xlarge");
        // the NodeClaim asks for the pod and the daemon, as Karpenter's spec.resources.requests does
        assertThat(Quantity.parse(launch.resourceRequests().get("cpu")).milliValue()).isEqualTo(2000);
        assertThat(Quantity.parse(launch.resourceRequests().get("memory")).milliValue() / 1000)
            .isEqualTo((1024L + 512) * 1024 * 1024);
    }

    @Test
    void aDaemonSetSelectingOtherNodesAddsNoOverhead() {
        DaemonSet gpuOnly = nodeAgent("nodeSelector: {node-role: gpu}");

        ProvisioningPass.Output out = ProvisioningPass.decide(
            input(twoSizesPool(""), oneAndAHalfCpu(), List.of(), List.of(gpuOnly), Set.of()), n -> false);

        assertThat(onlyLaunch(out).instanceTypes().get(0).name()).isEqualTo("c6a.large");
    }

    @Test
    void aDaemonSetNotToleratingTheNodePoolsTaintAddsNoOverhead() {
        NodePool tainted = twoSizesPool("taints: [{key: dedicated, value: \"true\", effect: NoSchedule}]");

        ProvisioningPass.Output untolerated = ProvisioningPass.decide(
            input(tainted, oneAndAHalfCpu("dedicated"), List.of(), List.of(nodeAgent("")), Set.of()), n -> false);
        ProvisioningPass.Output tolerated = ProvisioningPass.decide(input(tainted, oneAndAHalfCpu("dedicated"),
            List.of(), List.of(nodeAgent("tolerations: [{operator: Exists}]")), Set.of()), n -> false);

        assertThat(onlyLaunch(untolerated).instanceTypes().get(0).name()).isEqualTo("c6a.large");
        assertThat(onlyLaunch(tolerated).instanceTypes().get(0).name()).isEqualTo("c6a.xlarge");
    }

    /** A node of 2 cpu in NodePool two-sizes with these pods bound. */
    private static ExistingNode node(SchedulingPod... bound) {
        Map<String, String> labels = Map.of(Labels.NODEPOOL, "two-sizes", Labels.HOSTNAME, "node-1",
            Labels.ZONE, "us-east-1a", Labels.CAPACITY_TYPE, "on-demand", Labels.INSTANCE_TYPE, "test-2cpu");
        ResourceList allocatable = EngineInputs.resources(Map.of("cpu", "2", "memory", "8Gi", "pods", "110"), "test");
        return new ExistingNode("node-1", "two-sizes", labels, List.of(), allocatable, allocatable, true, List.of(bound));
    }

    @Test
    void aDaemonPodAlreadyRunningOnANodeIsNotCountedTwice() {
        SchedulingPod daemonPod = EngineInputs.pod(PodFixtures.pod("node-agent-x7k2p").namespace("kube-system")
            .ownedBy("DaemonSet", "node-agent").cpu("500m").build());

        // 2 cpu - 500m (the daemon pod bound there) = 1500m: the pod fits; counting the daemon again would leave 1000m
        ProvisioningPass.Output out = ProvisioningPass.decide(input(twoSizesPool(""), oneAndAHalfCpu(),
            List.of(node(daemonPod)), List.of(nodeAgent("")), Set.of()), n -> false);

        assertThat(out.launches()).isEmpty();
        assertThat(out.record().podOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.reason()).isEqualTo(Reason.SCHEDULED_EXISTING_NODE);
            assertThat(o.target()).isEqualTo("node-1");
        });
    }

    @Test
    void aNodeNotRunningTheDaemonSetYetKeepsRoomForIt() {
        SchedulingPod other = EngineInputs.pod(PodFixtures.pod("sidecar-injector-0").deployment("sidecar-injector")
            .cpu("500m").build());

        // 2 cpu - 500m (another pod) - 500m (the daemon the node will run) = 1000m: the pod needs a new NodeClaim
        ProvisioningPass.Output out = ProvisioningPass.decide(input(twoSizesPool(""), oneAndAHalfCpu(),
            List.of(node(other)), List.of(nodeAgent("")), Set.of()), n -> false);

        assertThat(onlyLaunch(out).instanceTypes().get(0).name()).isEqualTo("c6a.xlarge");
    }
}
