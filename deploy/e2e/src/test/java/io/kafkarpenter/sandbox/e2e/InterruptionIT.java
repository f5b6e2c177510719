package io.kafkarpenter.sandbox.e2e;

import static io.kafkarpenter.sandbox.e2e.DisruptionScene.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Node;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.kubeevent.KarpenterEvents;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.testing.metrics.MetricsCatalog;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Issue 16 end to end: the launcher reads the EC2 simulator's interruption queue (named after the cluster, as
 * Karpenter's CloudFormation names it; {@link ServiceProcesses}) and acts as Karpenter does. One sandbox
 * ({@link DisruptionScene}: the launcher's lifecycle interval 1 s) with a spot NodePool of c6a.xlarge and 10 pods of
 * 1.5 cpu, two per node: five nodes, each given a role.
 * <ol>
 *   <li>At once: a spot interruption warning, a rebalance recommendation, a scheduled change and a state change to
 *       stopped for four of the nodes; a state change of an instance EC2 runs for someone else, a spot warning naming
 *       an instance nobody runs, and a body that is no event at all. The spot node's pods run elsewhere well before
 *       EC2 would take the instance (2 minutes, measured and printed), on replacement capacity that avoids the
 *       interrupted offering (marked on kk.offerings.unavailable); the scheduled and stopped nodes go too; the
 *       rebalanced node stays with an event; the foreign and unknown instances are ignored, the garbage counted;
 *       every message is deleted.</li>
 *   <li>The launcher killed (SIGKILL) while it handles a spot warning: after its NodeClaim got its deletionTimestamp
 *       and before the message is deleted (DeleteMessage fails meanwhile, a simulator fault). Restarted, it gets the
 *       message again after the visibility timeout, and the effect is once: one replacement, every NodeClaim
 *       launched once, every instance terminated once.</li>
 * </ol>
 * Target: the whole class in 150 s. Measured 2026-12-07 on 2 shared cores: 106-133 s (sandbox up in 23-46 s, five
 * nodes 10 s later; every pod of the spot node Ready elsewhere 8.5 s after the warning; the killed launcher's message
 * deleted ~20 s after the kill).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InterruptionIT {

    private static final String POOL = "spot";
    private static final String APP = "app";
    private static final int NODES = 5;
    private static final int PODS = 2 * NODES;
    /** How long EC2 gives a spot instance after its interruption warning. */
    private static final Duration SPOT_NOTICE = Duration.ofMinutes(2);
    private static final String UNKNOWN_INSTANCE = "i-0123456789abcdef0";

    private static Instant classStart;
    private static DisruptionScene scene;
    private static SimulatorControl simulator;
    private static String foreignInstance;
    /** The node the second test interrupts, left running by the first. */
    private static Node lastNode;
    /** node name → its NodeClaim's name, as at the start of each test. */
    private static final Map<String, String> CLAIMS = new java.util.HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        classStart = Instant.now();
        scene = DisruptionScene.start("e2e-interruption-state", List.of(DisruptionScene.pool(POOL, "default",
            "c6a.xlarge", "spot", "consolidationPolicy: WhenEmpty\n    consolidateAfter: 10m")));
        System.out.printf("e2e interruption [start] sandbox up in %d s%n",
            Duration.between(classStart, Instant.now()).toSeconds());
        simulator = new SimulatorControl(scene.sandbox.ec2Endpoint());
        scene.workloads.scale(scene.deployment(APP, POOL, "1500m", Map.of()), PODS);
        foreignInstance = ForgedRecords.foreignInstance(scene.sandbox.ec2(), "someone-else");
    }

    @AfterAll
    static void stop() {
        if (scene != null) {
            scene.close();
        }
        System.out.printf("e2e interruption: the whole class in %d s%n",
            Duration.between(classStart, Instant.now()).toSeconds());
    }

    // -- every kind of message --------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void spotWarningRebalanceScheduledStoppedUnownedAndMalformedMessagesAreEachHandledAsKarpenterDoes() {
        assertThat(poll(Duration.ofSeconds(90), 500, () -> scene.readyPods(APP) == PODS
            && scene.nodesOf(POOL).size() == NODES && scene.claimsOf(POOL).stream()
                .allMatch(c -> NodeClaimConditions.isTrue(c, NodeClaimConditions.INITIALIZED))))
            .as("%d pods Ready on %d initialized spot nodes within 90 s (nodes %s)", PODS, NODES,
                DisruptionIT.names(scene.nodesOf(POOL))).isTrue();
        System.out.printf("e2e interruption [setup] %d pods on %d spot nodes, %d s after the class started%n", PODS,
            NODES, Duration.between(classStart, Instant.now()).toSeconds());
        noteClaims();
        List<Node> nodes = scene.nodesOf(POOL).stream().sorted(Comparator.comparing(n -> n.getMetadata().getName()))
            .toList();
        Node spot = nodes.get(0);
        Node rebalanced = nodes.get(1);
        Node scheduled = nodes.get(2);
        Node stopped = nodes.get(3);
        lastNode = nodes.get(4);
        Set<String> interrupted = Set.of(name(spot), name(scheduled), name(stopped));
        Map<String, List<String>> podsBefore = podsByNode();
        Set<String> claimsBefore = DisruptionIT.names(scene.claimsOf(POOL));
        Instance spotInstance = instance(spot);
        String offering = InterruptionProbes.offering(spotInstance);

        Instant warned = Instant.now();
        JsonNode warning = simulator.interrupt(instanceId(spot), "spot");
        Instant warningHandled = null;
        simulator.interrupt(instanceId(rebalanced), "rebalance");
        simulator.interrupt(instanceId(scheduled), "scheduled");
        simulator.interrupt(instanceId(stopped), "stopped");
        simulator.interrupt(foreignInstance, "stopped");
        String unknownMessage = InterruptionProbes.send(scene.sandbox, warning.toString()
            .replace(instanceId(spot), UNKNOWN_INSTANCE).replace(warning.path("id").asText(), UUID.randomUUID().toString()));
        String garbageMessage = InterruptionProbes.send(scene.sandbox, "{\"this is\": \"not an EventBridge event\"");

        // the spot node's pods (and the scheduled and stopped nodes') Ready elsewhere, those nodes gone
        Instant podsMoved = null;
        Instant deadline = warned.plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            NodeClaim spotClaim = claimOf(spot);
            if (warningHandled == null && (spotClaim == null || spotClaim.getMetadata().getDeletionTimestamp() != null)) {
                warningHandled = Instant.now();
            }
            if (podsMoved == null && scene.podsOf(APP).stream().filter(DisruptionWatch::isReady)
                .filter(p -> !interrupted.contains(p.getSpec().getNodeName())).count() == PODS) {
                podsMoved = Instant.now();
            }
            if (podsMoved != null && simulator.interruptionQueue().isEmpty() && Stream.of(spot, scheduled, stopped)
                .allMatch(n -> claimOf(n) == null)) {
                break;
            }
            Sandbox.sleep(250);
        }
        Instance spotNow = scene.allInstances().stream().filter(i -> i.instanceId().equals(spotInstance.instanceId()))
            .findFirst().orElseThrow();
        Duration toMoved = podsMoved == null ? null : Duration.between(warned, podsMoved);
        System.out.printf("e2e interruption [spot] warning on %s (%s): NodeClaim deleting after %s ms, all %d pods Ready"
                + " on other nodes after %s s of the %d s EC2 gives; the instance %s (%s)%n", instanceId(spot), offering,
            warningHandled == null ? "-" : Duration.between(warned, warningHandled).toMillis(), PODS,
            toMoved == null ? "-" : String.format("%.1f", toMoved.toMillis() / 1000.0), SPOT_NOTICE.toSeconds(),
            spotNow.state().nameAsString(), spotNow.stateReason() == null ? "-" : spotNow.stateReason().code());

        scene.observer.drain();
        Set<String> newClaims = DisruptionIT.names(scene.claimsOf(POOL)).stream()
            .filter(c -> !claimsBefore.contains(c)).collect(Collectors.toCollection(java.util.TreeSet::new));
        List<Instance> launchedSince = scene.allInstances().stream()
            .filter(i -> POOL.equals(Observer.tag(i, DisruptionScene.NODEPOOL)) && !i.launchTime().isBefore(warned
                .minusSeconds(1)) && !i.instanceId().equals(spotInstance.instanceId()))
            .toList();
        System.out.printf("e2e interruption [replacements] NodeClaims %s; instances launched since the warning: %s%n",
            newClaims, launchedSince.stream().map(i -> i.instanceId() + " " + InterruptionProbes.offering(i)).toList());
        // (the observer's consumer joins its group on its first polls: read until the last message's record is in)
        AtomicReference<List<DecisionRecord>> seen = new AtomicReference<>(List.of());
        poll(Duration.ofSeconds(20), 200, () -> {
            seen.set(launcherDecisionsSince(warned));
            return seen.get().stream().anyMatch(d -> d.reason() == Reason.INTERRUPTION_MALFORMED)
                && seen.get().size() >= 7;
        });
        List<DecisionRecord> decisions = seen.get();
        System.out.printf("e2e interruption [decisions]%n%s%n", decisions.stream()
            .map(d -> "  " + d.reason() + " " + d.decisionId() + ": " + d.message()).collect(Collectors.joining("\n")));
        System.out.printf("e2e interruption [stopped] NodeClaim %s: %s%n", claimName(stopped),
            eventReasons(stopped).contains(KarpenterEvents.TERMINATING_ON_INTERRUPTION) ? "deleted on the stop message"
                : "already deleting when the stop message came (its Node deleted first)");
        List<UnavailableOffering> marked = InterruptionProbes.unavailableOfferings(scene.sandbox);
        String metrics = InterruptionProbes.launcherMetrics(scene.sandbox);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(toMoved).as("every pod Ready on another node after the spot warning").isNotNull();
        if (toMoved != null) {
            soft.assertThat(toMoved).as("warning -> every pod Ready elsewhere, against EC2's %d s", SPOT_NOTICE.toSeconds())
                .isLessThan(SPOT_NOTICE);
        }
        soft.assertThat(spotNow.stateReason() == null ? null : spotNow.stateReason().code())
            .as("the spot instance's end: terminated by the launcher, not taken by EC2 at the deadline")
            .isNotEqualTo("Server.SpotInstanceTermination");
        soft.assertThat(newClaims).as("replacement NodeClaims for the 6 displaced pods").isNotEmpty();
        soft.assertThat(launchedSince).as("instances launched since the warning").isNotEmpty()
            .allSatisfy(i -> assertThat(InterruptionProbes.offering(i)).as("offering of " + i.instanceId())
                .isNotEqualTo(offering));
        soft.assertThat(marked).as("kk.offerings.unavailable").anySatisfy(o -> {
            assertThat(o.key()).isEqualTo(offering);
            assertThat(o.reason()).isEqualTo(Reason.SPOT_INTERRUPTED);
            assertThat(o.markedAt()).isAfterOrEqualTo(warned.minusSeconds(1));
        });
        for (Node gone : List.of(spot, scheduled, stopped)) {
            soft.assertThat(scene.sandbox.kube().resources(NodeClaim.class).withName(claimName(gone)).get())
                .as("the NodeClaim of " + name(gone)).isNull();
        }
        NodeClaim kept = claimOf(rebalanced);
        soft.assertThat(kept).as("the rebalanced node's NodeClaim").isNotNull();
        if (kept != null) {
            soft.assertThat(kept.getMetadata().getDeletionTimestamp()).as("its deletion").isNull();
        }
        soft.assertThat(podsByNode().get(name(rebalanced))).as("pods of the rebalanced node")
            .isEqualTo(podsBefore.get(name(rebalanced)));
        soft.assertThat(simulator.interruptionQueue()).as("messages left on the interruption queue").isEmpty();

        // kk.decisions: one per action, with its reason
        soft.assertThat(InterruptionProbes.reasonsAbout(decisions, instanceId(spot))).as("decisions about the spot instance")
            .containsExactly(Reason.SPOT_INTERRUPTED);
        soft.assertThat(InterruptionProbes.reasonsAbout(decisions, instanceId(rebalanced))).as("decisions about the rebalanced instance")
            .containsExactly(Reason.REBALANCE_RECOMMENDED);
        soft.assertThat(InterruptionProbes.reasonsAbout(decisions, instanceId(scheduled))).as("decisions about the scheduled instance")
            .containsExactly(Reason.SCHEDULED_CHANGE);
        soft.assertThat(InterruptionProbes.reasonsAbout(decisions, instanceId(stopped))).as("decisions about the stopped instance")
            .containsExactly(Reason.INSTANCE_STATE_CHANGED);
        soft.assertThat(InterruptionProbes.reasonsAbout(decisions, foreignInstance)).as("decisions about the foreign instance")
            .containsExactly(Reason.INTERRUPTION_UNOWNED_INSTANCE);
        soft.assertThat(InterruptionProbes.reasonsAbout(decisions, UNKNOWN_INSTANCE)).as("decisions about the unknown instance")
            .containsExactly(Reason.INTERRUPTION_UNOWNED_INSTANCE);
        soft.assertThat(decisions.stream().filter(d -> d.reason() == Reason.INTERRUPTION_MALFORMED)
                .map(DecisionRecord::message).toList()).as("decisions about the malformed message " + garbageMessage)
            .hasSize(1).allSatisfy(m -> assertThat(m).contains(garbageMessage));
        soft.assertThat(scene.allInstances()).as("the foreign instance: stopped by EC2, left alone by us")
            .anySatisfy(i -> {
                assertThat(i.instanceId()).isEqualTo(foreignInstance);
                assertThat(i.state().nameAsString()).isEqualTo("stopped");
            });

        // what kubectl describe shows
        soft.assertThat(eventReasons(spot)).as("events of the spot node and its NodeClaim")
            .contains(KarpenterEvents.SPOT_INTERRUPTED, KarpenterEvents.TERMINATING_ON_INTERRUPTION);
        soft.assertThat(eventReasons(rebalanced)).as("events of the rebalanced node and its NodeClaim")
            .contains(KarpenterEvents.SPOT_REBALANCE_RECOMMENDATION)
            .doesNotContain(KarpenterEvents.TERMINATING_ON_INTERRUPTION);
        soft.assertThat(eventReasons(scheduled)).as("events of the scheduled node and its NodeClaim")
            .contains(KarpenterEvents.INSTANCE_UNHEALTHY, KarpenterEvents.TERMINATING_ON_INTERRUPTION);
        // the stand-in deletes the Node of an instance no longer running at its next look (0.5 s), as a cloud node
        // lifecycle controller does, and the launcher then deletes the NodeClaim: the stop message may find it deleting
        soft.assertThat(eventReasons(stopped)).as("events of the stopped node and its NodeClaim")
            .contains(KarpenterEvents.INSTANCE_STOPPING);

        // the launcher's metrics: 7 messages received (the garbage not parsed), 7 deleted, 1 malformed
        Map<String, Double> received = new TreeMap<>();
        for (String type : List.of("spot_interrupted", "rebalance_recommendation", "scheduled_change",
            "instance_stopped")) {
            received.put(type, MetricsCatalog.sum(metrics, "karpenter_interruption_received_messages_total",
                Map.of("message_type", type)));
        }
        System.out.printf("e2e interruption [metrics] received %s, deleted %.0f, malformed %.0f, queue duration count"
                + " %.0f, disrupted %s%n", received,
            MetricsCatalog.sum(metrics, "karpenter_interruption_deleted_messages_total", Map.of()),
            MetricsCatalog.sum(metrics, "kafkarpenter_interruption_malformed_messages_total", Map.of()),
            MetricsCatalog.sum(metrics, "karpenter_interruption_message_queue_duration_seconds_count", Map.of()),
            InterruptionProbes.disrupted(metrics));
        soft.assertThat(received).as("karpenter_interruption_received_messages_total by message_type")
            .isEqualTo(Map.of("spot_interrupted", 2.0, "rebalance_recommendation", 1.0, "scheduled_change", 1.0,
                "instance_stopped", 2.0));
        soft.assertThat(MetricsCatalog.sum(metrics, "karpenter_interruption_deleted_messages_total", Map.of()))
            .as("karpenter_interruption_deleted_messages_total").isEqualTo(7.0);
        soft.assertThat(MetricsCatalog.sum(metrics, "kafkarpenter_interruption_malformed_messages_total", Map.of()))
            .as("kafkarpenter_interruption_malformed_messages_total").isEqualTo(1.0);
        soft.assertThat(InterruptionProbes.disrupted(metrics)).as("karpenter_nodeclaims_disrupted_total by reason")
            .containsEntry("spot_interrupted", 1.0).containsEntry("scheduled_change", 1.0);
        soft.assertThat(unknownMessage).isNotBlank();
        soft.assertAll();
    }

    // -- kill -9 mid-handling ---------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void aLauncherKilledWhileHandlingASpotWarningHandlesItOnceAfterItsRestart() {
        assertThat(lastNode).as("the node left by the first test").isNotNull();
        assertThat(poll(Duration.ofSeconds(30), 500, () -> scene.readyPods(APP) == PODS))
            .as("%d pods Ready before the kill", PODS).isTrue();
        Set<String> claimsBefore = DisruptionIT.names(scene.claimsOf(POOL));
        noteClaims();
        String claim = claimName(lastNode);
        String instance = instanceId(lastNode);
        // DeleteMessage fails (the SDK retries, then the reader leaves the message): the window stays open
        simulator.faults("failures:\n  - {action: DeleteMessage, code: InternalError, status: 500, calls: 1000}\n");
        Instant warned = Instant.now();
        JsonNode warning = simulator.interrupt(instance, "spot");
        String eventId = warning.path("id").asText();
        boolean deleting = poll(Duration.ofSeconds(20), 20, () -> {
            NodeClaim c = scene.sandbox.kube().resources(NodeClaim.class).withName(claim).get();
            return c != null && c.getMetadata().getDeletionTimestamp() != null;
        });
        List<SimulatorControl.QueuedMessage> atKill = simulator.interruptionQueue();
        scene.sandbox.kill("launcher");
        Instant killed = Instant.now();
        simulator.faults("");
        System.out.printf("e2e interruption [kill] launcher killed %d ms after the warning; NodeClaim %s deleting: %s;"
            + " queue %s%n", Duration.between(warned, killed).toMillis(), claim, deleting, atKill.stream()
                .map(m -> m.messageId() + " received " + m.receiveCount() + (m.inFlight() ? " in flight" : "")).toList());
        assertThat(deleting).as("NodeClaim %s got its deletionTimestamp", claim).isTrue();
        assertThat(atKill).as("the warning on the queue at the kill, received once").singleElement()
            .satisfies(m -> assertThat(m.receiveCount()).isEqualTo(1));
        String messageId = atKill.get(0).messageId();

        scene.sandbox.restart("launcher");
        Instant restarted = Instant.now();
        Instant[] deleted = {null};
        boolean done = poll(Duration.ofSeconds(60), 250, () -> {
            if (deleted[0] == null && simulator.interruptionQueue().stream()
                .noneMatch(m -> m.messageId().equals(messageId))) {
                deleted[0] = Instant.now();
            }
            return deleted[0] != null && scene.readyPods(APP) == PODS
                && scene.sandbox.kube().resources(NodeClaim.class).withName(claim).get() == null
                && scene.podsOf(APP).stream().noneMatch(p -> name(lastNode).equals(p.getSpec().getNodeName()));
        });
        int receives = simulator.deletedFromInterruptionQueue().stream().filter(m -> m.messageId().equals(messageId))
            .mapToInt(SimulatorControl.QueuedMessage::receiveCount).max().orElse(0);
        scene.observer.drain();
        Set<String> newClaims = DisruptionIT.names(scene.claimsOf(POOL)).stream()
            .filter(c -> !claimsBefore.contains(c)).collect(Collectors.toCollection(java.util.TreeSet::new));
        List<NodeClaim> claimsNow = scene.claimsOf(POOL);
        Map<String, Long> instancesPerClaim = scene.allInstances().stream()
            .filter(i -> POOL.equals(Observer.tag(i, DisruptionScene.NODEPOOL)))
            .collect(Collectors.groupingBy(i -> java.util.Objects.requireNonNullElse(Observer.nodeClaimOf(i, claimsNow),
                "(no NodeClaim) " + i.instanceId()), TreeMap::new, Collectors.counting()));
        List<DecisionRecord> decisions = launcherDecisionsSince(warned).stream()
            .filter(d -> d.schedulingId().equals("intr-" + eventId)).toList();
        long terminated = scene.observer.statusChanges().stream()
            .filter(s -> claim.equals(s.nodeClaimName()) && s.phase() == NodeClaimPhase.TERMINATED).count();
        System.out.printf("e2e interruption [kill] restarted %d s after the kill; the message received %d times, deleted"
                + " %s s after the restart; replacement NodeClaims %s; instances per NodeClaim %s; decisions %s;"
                + " TERMINATED records of %s: %d%n", Duration.between(killed, restarted).toSeconds(), receives,
            deleted[0] == null ? "-" : Duration.between(restarted, deleted[0]).toSeconds(), newClaims,
            instancesPerClaim, decisions.stream().map(d -> d.reason() + " " + d.decisionId()).toList(), claim,
            terminated);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(done).as("after the restart: the message deleted, %d pods Ready, NodeClaim %s gone, within"
            + " 60 s", PODS, claim).isTrue();
        soft.assertThat(receives).as("deliveries of the warning before it was deleted (once to the killed launcher,"
            + " again after the visibility timeout)").isGreaterThanOrEqualTo(2);
        soft.assertThat(newClaims).as("replacement NodeClaims for the killed-over node's 2 pods").hasSize(1);
        soft.assertThat(instancesPerClaim).as("instances per NodeClaim (all, terminated ones too)")
            .allSatisfy((c, n) -> assertThat(n).as("instances of NodeClaim " + c).isEqualTo(1L));
        soft.assertThat(terminated).as("TERMINATED records of NodeClaim " + claim).isEqualTo(1);
        soft.assertThat(decisions).as("SPOT_INTERRUPTED decisions of the event")
            .anySatisfy(d -> assertThat(d.reason()).isEqualTo(Reason.SPOT_INTERRUPTED));
        // the redelivery (after the visibility timeout) may find the NodeClaim already gone: its instance is this
        // cluster's and terminated, so nothing is recorded for it (not INTERRUPTION_UNOWNED_INSTANCE)
        soft.assertThat(decisions).as("decisions of the event: the handling only")
            .allSatisfy(d -> assertThat(d.reason()).isEqualTo(Reason.SPOT_INTERRUPTED));
        soft.assertAll();
        DriftScenario.assertEc2SawEachTerminationAndLaunchOnce(scene);
    }

    // -- helpers ----------------------------------------------------------------------------------------------------

    private static String name(Node n) {
        return n.getMetadata().getName();
    }

    private static String instanceId(Node n) {
        return DisruptionScene.instanceId(n.getSpec().getProviderID());
    }

    private static Instance instance(Node n) {
        return scene.allInstances().stream().filter(i -> i.instanceId().equals(instanceId(n))).findFirst()
            .orElseThrow(() -> new AssertionError("no instance " + instanceId(n) + " of node " + name(n)));
    }

    private static String claimName(Node n) {
        String claim = CLAIMS.get(name(n));
        if (claim == null) {
            throw new AssertionError("no NodeClaim of node " + name(n) + " noted: " + CLAIMS);
        }
        return claim;
    }

    /** Notes which NodeClaim each node of the pool has now. */
    private static void noteClaims() {
        scene.claimsOf(POOL).stream().filter(c -> c.getStatus() != null && c.getStatus().getNodeName() != null)
            .forEach(c -> CLAIMS.put(c.getStatus().getNodeName(), c.getMetadata().getName()));
    }

    private static NodeClaim claimOf(Node n) {
        return scene.sandbox.kube().resources(NodeClaim.class).withName(claimName(n)).get();
    }

    /** node name → names of the app's pods bound to it. */
    private static Map<String, List<String>> podsByNode() {
        return scene.podsOf(APP).stream().filter(DisruptionScene::isBound)
            .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), TreeMap::new,
                Collectors.mapping(p -> p.getMetadata().getName(), Collectors.collectingAndThen(Collectors.toList(),
                    l -> l.stream().sorted().toList()))));
    }

    private static List<DecisionRecord> launcherDecisionsSince(Instant since) {
        scene.observer.drain();
        return scene.observer.decisions().stream().filter(d -> "launcher".equals(d.service()))
            .filter(d -> !d.at().isBefore(since.minusSeconds(1)))
            .filter(d -> d.schedulingId() != null && d.schedulingId().startsWith("intr-")).toList();
    }


    /** Reasons of the events on the node and on its NodeClaim. */
    private static List<String> eventReasons(Node n) {
        return InterruptionProbes.eventReasons(scene.sandbox.kube(), name(n), claimName(n));
    }
}
