package io.kafkarpenter.consolidator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.consolidator.fixtures.KubeFixtures;
import io.kafkarpenter.model.crd.DriftHashes;
import io.kafkarpenter.model.crd.fixtures.NodeClassFixtures;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.disruption.BoundPod;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.model.reasons.Reason;

import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.WithKafka;
import io.kafkarpenter.testing.kube.KubeAdmin;
import io.kafkarpenter.testing.kube.WithKubeStandin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The consolidator against the real broker, the Kubernetes stand-in (deploy/kube-standin) holding NodePools, the EC2NodeClass,
 * Nodes, NodeClaims and pods (no launcher: what it would create is created here), and the EC2 simulator answering
 * instance types, prices and AMIs. Validation delay 2 s, poll period 1 s ({@code %test} in application.properties).
 * Each test uses NodePools and nodes of its own (random suffix) and deletes them after.
 */
@QuarkusTest
@WithKubeStandin(service = "consolidator")
@WithKafka(service = "consolidator")
@QuarkusTestResource(value = Ec2SimulatorTestResource.class, restrictToAnnotatedClass = false)
class ConsolidatorIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration VALIDATION_DELAY = Duration.ofSeconds(2);
    private static KafkaTestClient kafka;

    @Inject
    NodeClaimStates states;
    @KubeAdmin
    KubernetesClient client;
    @Inject
    DisruptionLoop loop;

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final List<HasMetadata> created = new ArrayList<>();

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.forSharedBroker();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void readinessIncludesKafkaAndMetricsAreServed() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
            .statusCode(200)
            .body("status", equalTo("UP"))
            .body("checks.name", hasItem(containsString("Kafka"))));
        given().get("/q/metrics").then().statusCode(200)
            .body(containsString("kafkarpenter_consolidator_nodeclaims{phase=\"INITIALIZED\"}"));
    }

    @Test
    void statusTransitionsAreKeptAndCountedByPhaseAndTerminatedNodeClaimsAreForgotten() {
        String name = "default-" + UUID.randomUUID();

        send(status(name, NodeClaimPhase.LAUNCHED, 1));
        send(status(name, NodeClaimPhase.INITIALIZED, 3));
        send(status(name, NodeClaimPhase.REGISTERED, 2)); // late redelivery: older than what is known

        await().atMost(WAIT).until(() -> states.phaseOf(name).equals(Optional.of(NodeClaimPhase.INITIALIZED)));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(gauge(metrics, "INITIALIZED")).isGreaterThanOrEqualTo(1.0);

        send(status(name, NodeClaimPhase.TERMINATED, 4));
        await().atMost(WAIT).until(() -> states.phaseOf(name).isEmpty());
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextGoodRecordIsStillProcessed() {
        String badKey = "bad-" + UUID.randomUUID();
        NodeClaimStatusChange good = status("default-" + UUID.randomUUID(), NodeClaimPhase.LAUNCHED, 1);

        kafka.send(Topics.NODECLAIMS_STATUS, badKey, "{\"schema\":\"kk.nodeclaim-status/v1\",\"nodeClaimName\":\"" + badKey
            + "\",\"nodePool\":\"default\",\"phase\":\"EXPLODED\",\"at\":\"2026-01-01T00:00:00Z\"}");
        send(good);

        var dead = kafka.awaitRecord(Topics.dlq("consolidator"), r -> badKey.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("phase").contains("EXPLODED");
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.NODECLAIMS_STATUS);
        await().atMost(WAIT).until(() -> states.phaseOf(good.nodeClaimName()).isPresent());
    }

    @BeforeEach
    void theWorkshopNodeClassExists() {
        EC2NodeClass applied = client.resource(KubeFixtures.nodeClassWithoutStatus()).createOr(r -> r.update());
        if (EC2NodeClassConditions.notReady(applied).isPresent()) {
            // what the tag-reconciler writes: status AMIs ami-amd64/ami-arm64, subnets, a group, Ready
            client.resource(NodeClassFixtures.ready(applied)).updateStatus();
        }
    }

    @AfterEach
    void deleteWhatTheTestCreated() {
        for (int i = created.size() - 1; i >= 0; i--) {
            client.resource(created.get(i)).delete();
        }
        created.clear();
    }

    @Test
    void anEmptyNodeIsTerminatedAfterTheValidationDelayAndExplained() {
        Instant start = Instant.now();
        String pool = "empty-" + run;
        create(KubeFixtures.nodePool(pool));
        String node = nodeWithClaim(pool, "e1-" + run);

        TerminationRequest request = awaitTermination(node);
        ConsumerRecord<String, String> record = kafka.awaitRecord(Topics.DECISIONS,
            r -> r.key().equals(request.decisionId()), WAIT);
        DecisionRecord decision = EventJson.read(record.value(), DecisionRecord.class);

        assertThat(request.reason()).isEqualTo(Reason.EMPTY);
        assertThat(request.nodePool()).isEqualTo(pool);
        assertThat(request.nodeClaimName()).isEqualTo(node + "-claim");
        assertThat(request.replacements()).isEmpty();
        assertThat(request.requestedAt()).isAfterOrEqualTo(start.plus(VALIDATION_DELAY));
        assertThat(decision.kind()).isEqualTo(DecisionKind.DISRUPTION);
        assertThat(decision.service()).isEqualTo("consolidator");
        assertThat(decision.reason()).isEqualTo(Reason.EMPTY);
        assertThat(decision.decisionId()).isEqualTo(request.decisionId());
        assertThat(decision.message()).contains(node);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("karpenter_voluntary_disruption_decisions_total{consolidation_type=\"empty\","
            + "decision=\"delete\",reason=\"empty\"}")
            .contains("karpenter_voluntary_disruption_decisions_by_nodepool_total{consolidation_type=\"empty\","
                + "decision=\"delete\",nodepool=\"" + pool + "\",reason=\"empty\"}")
            .contains("karpenter_nodepools_allowed_disruptions{nodepool=\"" + pool + "\",reason=\"Empty\"}")
            .contains("kafkarpenter_consolidator_pass_duration_seconds_bucket{le=\"0.005\"}")
            .doesNotContain("karpenter_nodeclaims_disrupted_total")
            .contains("karpenter_voluntary_disruption_eligible_nodes{reason=\"underutilized\"}");
    }

    @Test
    void anUnderutilizedPairIsReplacedLaunchesFirstThenTerminationsWithOneDecisionAndARestartRepublishesTheSameNames() {
        String pool = "pair-" + run;
        create(KubeFixtures.nodePool(pool));
        String a = "a-" + run;
        String b = "b-" + run;
        create(KubeFixtures.pod("a-web-" + run, a, "1")); // the pods first: no node is ever seen empty
        create(KubeFixtures.pod("b-web-" + run, b, "1"));
        nodeWithClaim(pool, a);
        nodeWithClaim(pool, b);

        TerminationRequest first = awaitTermination(a);
        TerminationRequest second = awaitTermination(b);
        List<NodeClaimLaunch> launches = launchesOf(first.decisionId());

        assertThat(first.reason()).isEqualTo(Reason.UNDERUTILIZED);
        assertThat(second.decisionId()).isEqualTo(first.decisionId());
        assertThat(launches).isNotEmpty().allSatisfy(l -> {
            assertThat(l.nodePool()).isEqualTo(pool);
            assertThat(l.reason()).isEqualTo(Reason.UNDERUTILIZED);
            assertThat(l.pods()).isNotEmpty();
        });
        List<String> names = launches.stream().map(NodeClaimLaunch::nodeClaimName).toList();
        assertThat(first.replacements()).isEqualTo(names);
        assertThat(second.replacements()).isEqualTo(names);
        long lastLaunch = kafka.readAll(Topics.NODECLAIMS_LAUNCH, Duration.ofMillis(500)).stream()
            .filter(r -> r.value().contains(first.decisionId())).mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        long firstTermination = kafka.readAll(Topics.NODES_TERMINATE, Duration.ofMillis(500)).stream()
            .filter(r -> r.value().contains(first.decisionId())).mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        assertThat(lastLaunch).isLessThanOrEqualTo(firstTermination);

        // a restarted consolidator has lost its commands; the nodes are still there (no launcher here): it plans
        // the same command again and republishes the same replacement names under the same decision id
        loop.forgetCommands();
        // the next pass may be a poll period (10 s) away, then the command is held for the validation delay (15 s)
        await().atMost(WAIT.plusSeconds(30)).until(() -> launchesOf(first.decisionId()).size() >= 2 * names.size());
        assertThat(launchesOf(first.decisionId())).extracting(NodeClaimLaunch::nodeClaimName)
            .containsOnlyElementsOf(names);
    }

    @Test
    void aNodeWithADoNotDisruptPodIsNotDisruptedAndTheVerdictSaysWhy() {
        String pool = "dnd-" + run;
        create(KubeFixtures.nodePool(pool));
        String node = "d1-" + run;
        create(KubeFixtures.pod("precious-" + run, node, "100m", Map.of(BoundPod.DO_NOT_DISRUPT, "true")));
        nodeWithClaim(pool, node);

        ConsumerRecord<String, String> record = kafka.awaitRecord(Topics.DECISIONS, r -> {
            DecisionRecord d = EventJson.read(r.value(), DecisionRecord.class);
            return d.subjects().stream().anyMatch(s -> node.equals(s.name()))
                && d.reason() == Reason.DO_NOT_DISRUPT_POD;
        }, WAIT);

        DecisionRecord verdict = EventJson.read(record.value(), DecisionRecord.class);
        assertThat(verdict.kind()).isEqualTo(DecisionKind.DISRUPTION);
        assertThat(verdict.message()).contains("precious-" + run);
        assertThat(kafka.readAll(Topics.NODES_TERMINATE, Duration.ofSeconds(3)))
            .noneMatch(r -> node.equals(r.key()));
        // consolidateAfter 0s has passed: its NodeClaim says so (the consolidator's condition), not drifted
        await().atMost(WAIT).untilAsserted(() -> {
            NodeClaim claim = client.resources(NodeClaim.class).withName(node + "-claim").get();
            assertThat(NodeClaimConditions.status(claim, NodeClaimConditions.CONSOLIDATABLE)).isEqualTo("True");
            assertThat(NodeClaimConditions.find(claim, NodeClaimConditions.DRIFTED)).isEmpty();
            assertThat(NodeClaimConditions.status(claim, NodeClaimConditions.INITIALIZED)).isEqualTo("True");
        });
    }

    @Test
    void anExpiredNodeIsTerminatedAtOnceWithoutReplacements() {
        String pool = "exp-" + run;
        create(KubeFixtures.nodePool(pool, "Never", "5s"));
        String node = "x1-" + run;
        create(KubeFixtures.pod("busy-" + run, node, "1"));
        nodeWithClaim(pool, node);

        TerminationRequest request = awaitTermination(node);

        assertThat(request.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(request.replacements()).isEmpty();
        assertThat(request.message()).contains("expired");
    }

    @Test
    void driftedNodesByNodePoolHashAndByANewerAmiAreReplacedAtOnceAndMarkedDrifted() {
        String pool = "drift-" + run;
        NodePool live = create(KubeFixtures.nodePool(pool));
        String stale = "h1-" + run;
        String oldImage = "i1-" + run;
        // pods too big to share a node: the first drifted node's pod cannot be nominated onto the second
        create(KubeFixtures.pod("h-web-" + run, stale, "5"));
        create(KubeFixtures.pod("i-web-" + run, oldImage, "5"));
        // stamped at launch with a hash the NodePool no longer has
        NodeClaim hashClaim = KubeFixtures.claim(stale + "-claim",
            KubeFixtures.node(stale, pool, "m6i.2xlarge", "7910m", "30Gi"), Instant.now(), null);
        hashClaim.getMetadata().setAnnotations(Map.of(DriftHashes.NODEPOOL_HASH, "1",
            DriftHashes.NODEPOOL_HASH_VERSION, DriftHashes.NODEPOOL_VERSION));
        nodeWithClaim(stale, hashClaim);
        // launched from an image the class's status no longer lists (its amd64 AMI is ami-amd64)
        NodeClaim amiClaim = KubeFixtures.claim(oldImage + "-claim",
            KubeFixtures.node(oldImage, pool, "m6i.2xlarge", "7910m", "30Gi"), Instant.now(), "ami-0123456789old");
        amiClaim.getMetadata().setAnnotations(DriftHashes.annotations(live, KubeFixtures.nodeClass()));
        nodeWithClaim(oldImage, amiClaim);

        TerminationRequest byHash = awaitTermination(stale);
        TerminationRequest byAmi = awaitTermination(oldImage);

        assertThat(byHash.reason()).isEqualTo(Reason.DRIFTED);
        assertThat(byHash.message()).contains("NodePoolDrifted");
        assertThat(byHash.replacements()).singleElement()
            .satisfies(name -> assertThat(launchesOf(byHash.decisionId())).extracting(NodeClaimLaunch::nodeClaimName)
                .containsExactly(name));
        assertThat(byAmi.reason()).isEqualTo(Reason.DRIFTED);
        assertThat(byAmi.message()).contains("AMIDrift");
        assertThat(byAmi.decisionId()).isNotEqualTo(byHash.decisionId());
        await().atMost(WAIT).untilAsserted(() -> {
            NodeClaim claim = client.resources(NodeClaim.class).withName(oldImage + "-claim").get();
            assertThat(NodeClaimConditions.find(claim, NodeClaimConditions.DRIFTED)).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("AMIDrift");
            });
        });
    }

    private <T extends HasMetadata> T create(T object) {
        T made = client.resource(object).create();
        created.add(made);
        return made;
    }

    /** An initialized m6i.2xlarge Node and its NodeClaim ({@code name}-claim). */
    private String nodeWithClaim(String pool, String name) {
        Node node = KubeFixtures.node(name, pool, "m6i.2xlarge", "7910m", "30Gi");
        return nodeWithClaim(name, KubeFixtures.claim(name + "-claim", node, Instant.now(), null));
    }

    /** The Node of {@code claim} (the fixture's), then the claim with its status. */
    private String nodeWithClaim(String name, NodeClaim claim) {
        Node node = create(KubeFixtures.node(name, claim.getMetadata().getLabels().get("karpenter.sh/nodepool"),
            "m6i.2xlarge", "7910m", "30Gi"));
        var status = claim.getStatus();
        NodeClaim made = create(claim);
        made.setStatus(status);
        client.resource(made).updateStatus();
        return node.getMetadata().getName();
    }

    private static TerminationRequest awaitTermination(String node) {
        return EventJson.read(kafka.awaitRecord(Topics.NODES_TERMINATE, r -> node.equals(r.key()), WAIT).value(),
            TerminationRequest.class);
    }

    private static List<NodeClaimLaunch> launchesOf(String decisionId) {
        return kafka.readAll(Topics.NODECLAIMS_LAUNCH, Duration.ofMillis(500)).stream()
            .map(r -> EventJson.read(r.value(), NodeClaimLaunch.class))
            .filter(l -> decisionId.equals(l.decisionId())).toList();
    }

    private static void send(NodeClaimStatusChange change) {
        kafka.send(Topics.NODECLAIMS_STATUS, change.key(), EventJson.toJson(change));
    }

    /** The fixture's transition for NodeClaim {@code name}, {@code seconds} after the fixture's time. */
    static NodeClaimStatusChange status(String name, NodeClaimPhase phase, int seconds) {
        NodeClaimStatusChange f = EventFixtures.nodeClaimStatus(phase);
        return new NodeClaimStatusChange(name, f.nodePool(), phase, f.providerId(), f.instanceId(), f.instanceType(),
            f.zone(), f.capacityType(), f.nodeName(), f.decisionId(), f.reason(), f.message(), f.at().plusSeconds(seconds));
    }

    private static double gauge(String metrics, String phase) {
        String prefix = "kafkarpenter_consolidator_nodeclaims{phase=\"" + phase + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
            .findFirst().orElse(-1);
    }
}
