package io.kafkarpenter.sandbox.e2e;

import static io.kafkarpenter.sandbox.e2e.DisruptionScene.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Issue 11 §4 end to end: the whole system as processes (see {@link Sandbox}) with the workshop NodePool and two of
 * the test's own ({@link DisruptionScene}), one sandbox for every scenario, in order: forged records, scale
 * 30 -> 4 -> 0, then drift by a new AMI with kill -9 of the consolidator and of the launcher mid-replace
 * ({@link DriftScenario}; last, because the new AMI drifts the workshop NodePool too).
 *
 * <p>Karpenter's timings are kept: the workshop NodePool's consolidateAfter (30s), the consolidator's validation
 * delay (15s) and poll period (10s). Only the launcher's lifecycle interval is 1 s instead of 5 s
 * ({@link DisruptionScene#LAUNCHER_ENV}), for the time budget (all of this class in under 5 minutes on 2 cores).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DisruptionIT {

    private static final String WORKSHOP = "default";
    private static final String FORGE = "forge";
    private static final double CENT = 1e-6;
    private static final int MIN_AVAILABLE = 3;

    private static DisruptionScene scene;
    private static Deployment inflate;
    private static Deployment keeper;
    private static Deployment forge;
    private static Deployment drift;

    @BeforeAll
    static void start() throws Exception {
        scene = DisruptionScene.start("e2e-disruption-state");
        // a do-not-disrupt pod in the workshop NodePool, a PDB on inflate during the whole test, the workshop's 30
        keeper = scene.deployment("keeper", WORKSHOP, "100m", Map.of(DisruptionKeys.DO_NOT_DISRUPT, "true"));
        inflate = scene.deployment("inflate", WORKSHOP, "1", Map.of());
        forge = scene.deployment("forge-app", FORGE, "1", Map.of());
        drift = scene.deployment(DriftScenario.APP, DriftScenario.POOL, "1", Map.of());
        scene.sandbox.kube().resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("inflate")
            .withNamespace(Sandbox.NAMESPACE).endMetadata().withNewSpec().withNewMinAvailable(MIN_AVAILABLE)
            .withNewSelector().addToMatchLabels("app", "inflate").endSelector().endSpec().build()).create();
        scene.workloads.scale(keeper, 1);
        scene.workloads.scale(forge, 6);
        scene.workloads.scale(inflate, 30);
        scene.workloads.scale(drift, DriftScenario.PODS);
    }

    @AfterAll
    static void stop() {
        if (scene != null) {
            scene.close();
        }
    }

    // -- forged records ------------------------------------------------------------------------------------------------

    /**
     * Three forged records against the two nodes of the {@code forge} NodePool: a launch record carrying the launcher's
     * termination annotations naming node B; a termination request naming node B with node A's NodeClaim; one naming a
     * NodeClaim this cluster does not own (made by hand, its instance another cluster's). Each is refused, with a
     * TERMINATION_REFUSED record for the two requests, and nothing changes: same nodes, instances and pods.
     */
    @Test
    @Order(1)
    void forgedRecordsAreRefusedAndChangeNothing() {
        assertThat(poll(Duration.ofSeconds(150), 1000, () -> scene.podsOf("forge-app").stream()
            .filter(DisruptionWatch::isReady).count() == 6 && scene.nodesOf(FORGE).size() == 2
            && scene.claimsOf(FORGE).stream().allMatch(c -> NodeClaimConditions.isTrue(c, NodeClaimConditions.INITIALIZED))))
            .as("6 pods of forge-app ready on 2 initialized nodes within 150 s").isTrue();
        Map<String, String> before = forgeState();
        List<NodeClaim> claims = scene.claimsOf(FORGE).stream()
            .sorted(java.util.Comparator.comparing(c -> c.getStatus().getNodeName())).toList();
        NodeClaim a = claims.get(0);
        NodeClaim b = claims.get(1);
        String nodeB = b.getStatus().getNodeName();
        // (the observer's consumer joins its group on its first polls: read until the pool's launch records are in)
        assertThat(poll(Duration.ofSeconds(30), 200, () -> {
            scene.observer.drain();
            return scene.observer.launches().values().stream().anyMatch(l -> FORGE.equals(l.nodePool()));
        })).as("launch records of the forge NodePool read").isTrue();
        NodeClaimLaunch real = scene.observer.launches().values().stream().filter(l -> FORGE.equals(l.nodePool()))
            .findFirst().orElseThrow();

        String launchDecision = "forged-launch-" + UUID.randomUUID();
        String mismatchDecision = "forged-mismatch-" + UUID.randomUUID();
        String foreignDecision = "forged-foreign-" + UUID.randomUUID();
        String foreignInstance = ForgedRecords.foreignInstance(scene.sandbox.ec2(), "someone-else");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        NodeClaim foreign = ForgedRecords.foreignNodeClaim(scene.sandbox.kube(), "forge-foreign-" + suffix, FORGE,
            "ip-foreign-" + suffix, foreignInstance);
        NodeClaimLaunch forgedLaunch = ForgedRecords.launchCarryingTerminationAnnotations(real, nodeB,
            b.getMetadata().getName(), launchDecision);
        // the consolidator's identity: the one principal the chart's ACLs let write both kk.nodeclaims.launch and
        // kk.nodes.terminate, so these records reach the launcher and its own checks are what stops them
        try (ForgedRecords forger = new ForgedRecords(scene.sandbox, "consolidator")) {
            forger.send(forgedLaunch);
            forger.send(ForgedRecords.terminate(nodeB, a.getMetadata().getName(), FORGE, mismatchDecision));
            forger.send(ForgedRecords.terminate(foreign.getStatus().getNodeName(), foreign.getMetadata().getName(),
                FORGE, foreignDecision));
        }
        // the pod-watcher's identity does not get that far: the broker refuses its record (Kafka ACLs)
        Throwable podWatcherDenied;
        try (ForgedRecords podWatcher = new ForgedRecords(scene.sandbox, "pod-watcher")) {
            podWatcherDenied = catchThrowable(() -> podWatcher.send(ForgedRecords.terminate(nodeB,
                b.getMetadata().getName(), FORGE, "forged-by-pod-watcher-" + UUID.randomUUID())));
        }

        // answered: both requests refused, the forged launch handled (its LAUNCHED or FAILED status record)
        boolean answered = poll(Duration.ofSeconds(30), 500, () -> {
            scene.observer.drain();
            return refusals(mismatchDecision).size() == 1 && refusals(foreignDecision).size() == 1
                && scene.observer.statusChanges().stream().anyMatch(x -> forgedLaunch.nodeClaimName()
                    .equals(x.nodeClaimName()) && (x.phase() == NodeClaimPhase.LAUNCHED || x.phase() == NodeClaimPhase.FAILED));
        });
        Sandbox.sleep(5000); // what a forged record would set off (a drain, a termination) shows within this
        scene.observer.drain();
        var kube = scene.sandbox.kube();
        NodeClaim launched = kube.resources(NodeClaim.class).withName(forgedLaunch.nodeClaimName()).get();
        NodeClaim foreignNow = kube.resources(NodeClaim.class).withName(foreign.getMetadata().getName()).get();
        System.out.printf("e2e disruption [forge] refusals: mismatch %s, foreign %s; forged launch %s; all answered: %s%n",
            messages(mismatchDecision), messages(foreignDecision),
            launched == null ? "no NodeClaim" : "NodeClaim " + launched.getMetadata().getAnnotations(), answered);

        // every attack's outcome in one report
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(podWatcherDenied).as("the pod-watcher's principal producing to kk.nodes.terminate")
            .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        soft.assertThat(forgeState()).as("nodes of the forge NodePool (instance, taints, deletion, pods) and their"
            + " NodeClaims' disruption marks").containsAllEntriesOf(before);
        soft.assertThat(refusals(mismatchDecision)).as("TERMINATION_REFUSED for node " + nodeB + " named with NodeClaim "
            + a.getMetadata().getName()).hasSize(1);
        soft.assertThat(refusals(foreignDecision)).as("TERMINATION_REFUSED for NodeClaim " + foreign.getMetadata().getName()
            + " this cluster does not own").hasSize(1);
        soft.assertThat(scene.observer.instances().stream().map(Instance::instanceId)).as("the foreign instance runs")
            .contains(foreignInstance);
        soft.assertThat(foreignNow).as("the foreign NodeClaim").isNotNull();
        if (foreignNow != null) {
            soft.assertThat(foreignNow.getMetadata().getDeletionTimestamp()).as("the foreign NodeClaim's deletion").isNull();
            soft.assertThat(DisruptionWatch.disrupting(foreignNow)).as("the foreign NodeClaim marked for disruption")
                .isFalse();
        }
        soft.assertThat(kube.nodes().withName(foreign.getStatus().getNodeName()).get()).as("the foreign Node").isNotNull();
        soft.assertThat(launched).as("the forged launch's NodeClaim (a launch in itself is allowed)").isNotNull();
        if (launched != null) {
            soft.assertThat(launched.getMetadata().getAnnotations().keySet()).as("annotations of the forged launch's"
                + " NodeClaim").noneMatch(k -> k.startsWith(DisruptionKeys.TERMINATION_PREFIX));
            soft.assertThat(DisruptionWatch.disrupting(launched)).as("the forged launch's NodeClaim marked for disruption")
                .isFalse();
        }
        soft.assertThat(scene.observer.statusChanges().stream().filter(x -> x.phase() == NodeClaimPhase.TERMINATING
                || x.phase() == NodeClaimPhase.TERMINATED).map(x -> x.nodeClaimName()))
            .as("TERMINATING/TERMINATED status records").doesNotContain(a.getMetadata().getName(),
                b.getMetadata().getName(), foreign.getMetadata().getName(), forgedLaunch.nodeClaimName());
        try {
            soft.assertAll();
        } finally {
            if (foreignNow != null) {
                kube.resource(foreignNow).delete();
            }
            kube.nodes().withName(foreign.getStatus().getNodeName()).delete();
            scene.sandbox.ec2().terminateInstances(r -> r.instanceIds(foreignInstance));
        }
    }

    /** TERMINATION_REFUSED records about the request: carrying its decision id, or naming its NodeClaim or Node. */
    private static List<DecisionRecord> refusals(String decisionId) {
        return scene.observer.decisions().stream().filter(d -> "TERMINATION_REFUSED".equals(d.reason().name()))
            .filter(d -> decisionId.equals(d.decisionId()) || d.message().contains(decisionId))
            .toList();
    }

    private static List<String> messages(String decisionId) {
        return scene.observer.decisions().stream().filter(d -> decisionId.equals(d.decisionId()))
            .map(d -> d.reason() + ": " + d.message()).toList();
    }

    /** node name → its instance, taints, deletion and pods; NodeClaim name → its disruption marks. */
    private static Map<String, String> forgeState() {
        Map<String, String> out = new TreeMap<>();
        Map<String, String> instances = scene.instancesOf(FORGE).stream()
            .collect(Collectors.toMap(Instance::instanceId, i -> i.state().nameAsString()));
        for (Node n : scene.nodesOf(FORGE)) {
            String id = DisruptionScene.instanceId(n.getSpec().getProviderID());
            out.put("node " + n.getMetadata().getName(), id + " " + instances.get(id) + " taints "
                + n.getSpec().getTaints() + " deleting " + (n.getMetadata().getDeletionTimestamp() != null) + " pods "
                + scene.podsOf("forge-app").stream().filter(p -> n.getMetadata().getName().equals(p.getSpec().getNodeName()))
                    .map(p -> p.getMetadata().getName()).sorted().toList());
        }
        for (NodeClaim c : scene.claimsOf(FORGE)) {
            out.put("nodeclaim " + c.getMetadata().getName(), "disrupting " + DisruptionWatch.disrupting(c));
        }
        return out;
    }

    // -- scale 30 -> 4 -> 0 --------------------------------------------------------------------------------------------

    /**
     * The workshop: {@code inflate} at 30 (the cpu limit of 10 leaves most pending), then 4: consolidation brings the
     * NodePool's cost to what {@code bin/kk simulate} plans from that state ({@link PlannedCost}: its steady state),
     * never below {@value #MIN_AVAILABLE} inflate pods Ready (the PDB's minAvailable), and the node of the
     * do-not-disrupt pod stays; then 0: the cost is the plan's again and the do-not-disrupt pod's node is the only one
     * left. (With the provisioner's choices here, 30 is two nodes and 4 one, the keeper's: 30 -> 4 is an underutilized
     * delete with an eviction under the PDB, and 4 -> 0 leaves no node empty, so emptiness is not exercised here.)
     */
    @Test
    @Order(2)
    void scaleDown30To4To0EndsAtThePlannedCostWithinThePdbAndKeepsTheDoNotDisruptNode() throws Exception {
        Instant start = Instant.now();
        assertThat(poll(Duration.ofSeconds(150), 1000, this::workshopSettled))
            .as("the workshop NodePool settled at the cpu limit within 150 s (bound " + bound("inflate") + ")").isTrue();
        double cost30 = scene.costOf(WORKSHOP);
        String keeperNode = keeperNode();
        assertThat(keeperNode).as("node of the do-not-disrupt pod").isNotNull();

        scene.workloads.scale(inflate, 4);
        assertThat(poll(Duration.ofSeconds(60), 500, () -> scene.readyPods("inflate") == 4
            && scene.podsOf("inflate").size() == 4)).as("4 inflate pods Ready").isTrue();
        scene.watch.watchReady("inflate");
        PlannedCost.Plan plan4 = PlannedCost.of(scene.sandbox.kube(), WORKSHOP,
            scene.sandbox.options().stateDir());
        Instant at4 = Instant.now();
        boolean reached4 = poll(Duration.ofSeconds(180), 1000, () -> atPlan(plan4));
        double cost4 = scene.costOf(WORKSHOP);
        int minReady = scene.watch.stopWatchingReady("inflate");
        PlannedCost.Plan after4 = PlannedCost.of(scene.sandbox.kube(), WORKSHOP,
            scene.sandbox.options().stateDir());
        System.out.printf("e2e disruption [scale 30->4] cost $%.4f/h -> $%.4f/h in %d s (plan $%.4f/h: %s, nodes %s);"
                + " fewest inflate pods Ready %d; decisions %s%n", cost30, cost4, Duration.between(at4, Instant.now())
                .toSeconds(), plan4.costPerHour(), plan4.commands(), plan4.nodes(), minReady, consolidatorDecisions());

        assertThat(reached4).as("cost of the workshop NodePool ($%.4f/h) reached the plan ($%.4f/h: %s) within 180 s;"
            + " scenario %s", cost4, plan4.costPerHour(), plan4.commands(), plan4.scenario()).isTrue();
        assertThat(cost4).as("cost after 30 -> 4").isLessThan(cost30).isCloseTo(plan4.costPerHour(),
            org.assertj.core.data.Offset.offset(CENT));
        assertThat(after4.commands()).as("what simulate would still do from the state reached").isEmpty();
        assertThat(minReady).as("fewest inflate pods Ready during consolidation (PDB minAvailable)")
            .isGreaterThanOrEqualTo(MIN_AVAILABLE);
        assertThat(keeperNode()).as("node of the do-not-disrupt pod after 30 -> 4").isEqualTo(keeperNode);
        assertConsolidationEvents(keeperNode);

        scene.workloads.scale(inflate, 0);
        assertThat(poll(Duration.ofSeconds(30), 500, () -> scene.podsOf("inflate").isEmpty())).isTrue();
        PlannedCost.Plan plan0 = PlannedCost.of(scene.sandbox.kube(), WORKSHOP,
            scene.sandbox.options().stateDir());
        Instant at0 = Instant.now();
        boolean reached0 = poll(Duration.ofSeconds(150), 1000, () -> atPlan(plan0));
        double cost0 = scene.costOf(WORKSHOP);
        System.out.printf("e2e disruption [scale 4->0] cost $%.4f/h in %d s (plan $%.4f/h, nodes %s); whole scenario"
            + " %d s%n", cost0, Duration.between(at0, Instant.now()).toSeconds(), plan0.costPerHour(), plan0.nodes(),
            Duration.between(start, Instant.now()).toSeconds());

        assertThat(reached0).as("cost of the workshop NodePool ($%.4f/h) reached the plan ($%.4f/h) within 150 s",
            cost0, plan0.costPerHour()).isTrue();
        assertThat(cost0).as("cost after 4 -> 0").isLessThanOrEqualTo(cost4)
            .isCloseTo(plan0.costPerHour(), org.assertj.core.data.Offset.offset(CENT));
        assertThat(scene.nodesOf(WORKSHOP).stream().map(n -> n.getMetadata().getName()))
            .as("nodes of the workshop NodePool at 0: the do-not-disrupt pod's only").containsExactly(keeperNode);
        assertThat(keeperNode()).as("node of the do-not-disrupt pod after 4 -> 0").isEqualTo(keeperNode);
    }

    /**
     * What {@code kubectl describe} shows of the consolidation 30 -> 4: a removed node and its NodeClaim each say
     * {@code DisruptionTerminating} "Disrupting Node: <reason>" / "Disrupting NodeClaim: <reason>" (the launcher), and
     * the do-not-disrupt pod's node why it stays ({@code DisruptionBlocked}, the consolidator).
     */
    private static void assertConsolidationEvents(String keeperNode) {
        var kube = scene.sandbox.kube();
        List<io.fabric8.kubernetes.api.model.Event> terminating = DescribedEvents.withReason(kube, null,
            "DisruptionTerminating");
        System.out.printf("e2e disruption [events] DisruptionTerminating:%n%s%nDisruptionLaunching:%n%s%n",
            DescribedEvents.table(terminating),
            DescribedEvents.table(DescribedEvents.withReason(kube, null, "DisruptionLaunching")));
        io.fabric8.kubernetes.api.model.Event onNode = terminating.stream()
            .filter(e -> "Node".equals(e.getInvolvedObject().getKind())).findFirst()
            .orElseThrow(() -> new AssertionError("no DisruptionTerminating event on a Node:\n"
                + DescribedEvents.table(terminating)));
        assertThat(onNode.getType()).isEqualTo("Normal");
        assertThat(onNode.getMessage()).matches("Disrupting Node: (Underutilized|Empty)");
        assertThat(onNode.getSource().getComponent()).isEqualTo("kafkarpenter-launcher");
        assertThat(onNode.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(terminating).as("the NodeClaims of the disrupted nodes").anySatisfy(e -> {
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("NodeClaim");
            assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("karpenter.sh/v1");
            assertThat(e.getMessage()).isEqualTo(onNode.getMessage().replace("Node:", "NodeClaim:"));
        });
        List<io.fabric8.kubernetes.api.model.Event> keeper = DescribedEvents.of(kube, null, "Node", keeperNode);
        assertThat(keeper).as("events of the do-not-disrupt pod's node %s:%n%s", keeperNode,
            DescribedEvents.table(keeper)).anySatisfy(e -> {
                assertThat(e.getReason()).isIn("DisruptionBlocked", "Unconsolidatable");
                assertThat(e.getSource().getComponent()).isEqualTo("kafkarpenter-consolidator");
            });
    }

    /** Every instance of the workshop pool registered and initialized, no NodeClaim launching, no change for 5 s. */
    private boolean workshopSettled() {
        long bound = bound("inflate");
        List<NodeClaim> claims = scene.claimsOf(WORKSHOP);
        boolean settled = bound >= 4 && !claims.isEmpty() && claims.stream()
            .allMatch(c -> NodeClaimConditions.isTrue(c, NodeClaimConditions.INITIALIZED))
            && scene.nodesOf(WORKSHOP).size() == claims.size() && scene.instancesOf(WORKSHOP).size() == claims.size();
        if (!settled) {
            return false;
        }
        Sandbox.sleep(5000);
        return bound("inflate") == bound && scene.claimsOf(WORKSHOP).size() == claims.size();
    }

    /** At the plan: the pool's cost is the plan's, every pod of inflate and keeper bound, nothing disrupting. */
    private static boolean atPlan(PlannedCost.Plan plan) {
        return Math.abs(scene.costOf(WORKSHOP) - plan.costPerHour()) < CENT
            && scene.podsOf("inflate").stream().allMatch(DisruptionScene::isBound)
            && scene.podsOf("keeper").stream().allMatch(DisruptionScene::isBound)
            && scene.claimsOf(WORKSHOP).stream().noneMatch(DisruptionWatch::disrupting)
            && scene.nodesOf(WORKSHOP).size() == scene.claimsOf(WORKSHOP).size();
    }

    private static long bound(String app) {
        return scene.podsOf(app).stream().filter(DisruptionScene::isBound).count();
    }

    private static String keeperNode() {
        List<Pod> pods = scene.podsOf("keeper");
        return pods.size() == 1 ? pods.get(0).getSpec().getNodeName() : null;
    }

    private static Map<String, Long> consolidatorDecisions() {
        scene.observer.drain();
        return scene.observer.decisions().stream().filter(d -> "consolidator".equals(d.service()))
            .collect(Collectors.groupingBy(d -> d.reason().name(), TreeMap::new, Collectors.counting()));
    }

    // -- metrics ----------------------------------------------------------------------------------------------------------

    /**
     * Issue 15 §1: after the forged records, the scale-up and the scale-down (before the drift scenario kills the
     * consolidator and the launcher, which would reset their counters), every service's {@code /q/metrics} is scraped
     * and compared with {@code deploy/metrics/metrics.txt}: every karpenter_* and kafkarpenter_* metric a service
     * exports is listed for that service with exactly that type and those labels, and every metric listed for it
     * that is not marked {@code event} (something a run need not see: an error, a dead letter, a refusal) is there.
     */
    @Test
    @Order(3)
    void everyServiceExportsTheListedMetricsWithTheirTypesAndLabels() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        List<String> problems = new java.util.ArrayList<>();
        for (String service : Sandbox.SERVICES) {
            java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + scene.sandbox.httpPort(service) + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(service + " /q/metrics").isEqualTo(200);
            var exported = io.kafkarpenter.testing.metrics.MetricsCatalog.parse(response.body());
            System.out.printf("e2e disruption [metrics] %s exports %d karpenter_/kafkarpenter_ metrics%n", service,
                exported.size());
            problems.addAll(io.kafkarpenter.testing.metrics.MetricsCatalog.problems(service, exported, true));
        }
        assertThat(problems).as("metrics of the five services against deploy/metrics/metrics.txt").isEmpty();
    }

    // -- drift, and kill -9 mid-replace ---------------------------------------------------------------------------------

    /** See {@link DriftScenario#run}. */
    @Test
    @Order(4)
    void driftByNewAmiWithBudgetOneReplacesEveryNodeOneAtATimeThroughKillsOfConsolidatorAndLauncher() {
        new DriftScenario(scene).run();
    }

    /** See {@link DriftScenario#assertEc2SawEachTerminationAndLaunchOnce}. */
    @Test
    @Order(5)
    void ec2WasAskedToTerminateEachInstanceOnceAndToLaunchEachNodeClaimOnce() {
        DriftScenario.assertEc2SawEachTerminationAndLaunchOnce(scene);
    }

    static Set<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }
}
