package io.kafkarpenter.launcher.interruption;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.launcher.Ec2SimulatorTestResource;
import io.kafkarpenter.launcher.NodeClaimEvents;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InstanceTypeOption;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimRequirement;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.OfferingOption;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.interruption.fixtures.InterruptionFixtures;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.InterruptionKind;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.WithKafka;
import io.kafkarpenter.testing.aws.SimulatorIam;
import io.kafkarpenter.testing.kube.KubeAdmin;
import io.kafkarpenter.testing.kube.KubeEventLog;
import io.kafkarpenter.testing.kube.WithKubeStandin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The launcher's interruption reader against the EC2 simulator's SQS queue (the real SDK, IAM enforced: the launcher
 * signs as {@code kafkarpenter-launcher}), the real broker and the Kubernetes stand-in: each EventBridge shape the
 * simulator sends for an instance of a NodeClaim the launcher launched, plus hand-made messages (unowned, malformed,
 * the same event twice) sent with an admin SQS client.
 */
@QuarkusTest
@WithKubeStandin(service = "launcher")
@WithKafka(service = "launcher")
@QuarkusTestResource(value = Ec2SimulatorTestResource.class, restrictToAnnotatedClass = false)
class InterruptionReaderIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    @KubeAdmin
    KubernetesClient client;

    @Inject
    InterruptionReader reader;

    @Inject
    NodeClaimEvents kubeEvents;

    Ec2Simulator ec2;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.forSharedBroker();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aSpotInterruptionDeletesTheNodeClaimThroughTheTerminationFlowAndMarksTheOfferingUnavailable() {
        double receivedBefore = metric("karpenter_interruption_received_messages_total", "message_type=\"spot_interrupted\"");
        double deletedBefore = metric("karpenter_interruption_deleted_messages_total");
        Claim claim = launched("spot", "spot");

        String event = ec2.interrupt(claim.instanceId(), InterruptionKind.SPOT);
        String eventId = eventId(event);

        NodeClaimStatusChange terminating = awaitStatus(claim, NodeClaimPhase.TERMINATING);
        assertThat(terminating.reason()).isEqualTo(Reason.SPOT_INTERRUPTED);
        assertThat(terminating.decisionId()).isEqualTo("intr-" + eventId);
        NodeClaimStatusChange terminated = awaitStatus(claim, NodeClaimPhase.TERMINATED);
        assertThat(terminated.reason()).isEqualTo(Reason.SPOT_INTERRUPTED);
        assertThat(terminated.message()).contains(claim.instanceId()).contains("c6a.large/us-east-1a/spot");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.resources(NodeClaim.class).withName(claim.name()).get()).isNull();
            assertThat(client.nodes().withName(claim.node()).get()).isNull();
        });

        UnavailableOffering offering = EventJson.read(kafka.awaitRecord(Topics.OFFERINGS_UNAVAILABLE,
            r -> r.key().equals("c6a.large/us-east-1a/spot") && r.value().contains(claim.instanceId()), WAIT).value(),
            UnavailableOffering.class);
        assertThat(offering.reason()).isEqualTo(Reason.SPOT_INTERRUPTED);
        assertThat(Duration.between(offering.markedAt(), offering.expiresAt())).isEqualTo(Duration.ofMinutes(3));
        DecisionRecord decision = decision("intr-" + eventId, Reason.SPOT_INTERRUPTED);
        assertThat(decision.kind()).isEqualTo(DecisionKind.DISRUPTION);
        assertThat(decision.decisionId()).isEqualTo("intr-" + eventId + "-" + claim.instanceId());
        assertThat(decision.service()).isEqualTo("launcher");

        assertThat(kubeEvents.recorder().flush(WAIT)).isTrue();
        assertThat(KubeEventLog.about(client, null, "NodeClaim", claim.name())).extracting(e -> e.getReason())
            .contains("SpotInterrupted", "TerminatingOnInterruption");
        assertThat(KubeEventLog.about(client, null, "Node", claim.node())).extracting(e -> e.getReason())
            .contains("SpotInterrupted", "TerminatingOnInterruption");

        awaitQueueWithout(eventId);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(metric("karpenter_interruption_received_messages_total", "message_type=\"spot_interrupted\""))
                .isEqualTo(receivedBefore + 1);
            assertThat(metric("karpenter_interruption_deleted_messages_total")).isGreaterThanOrEqualTo(deletedBefore + 1);
            assertThat(metric("karpenter_interruption_message_queue_duration_seconds_count")).isPositive();
            assertThat(metric("karpenter_nodeclaims_disrupted_total", "capacity_type=\"spot\"",
                "nodepool=\"" + claim.pool() + "\"", "reason=\"spot_interrupted\"")).as(samples("disrupted")).isEqualTo(1);
        });
        assertThat(reader.isReading()).isTrue();
    }

    @Test
    void aRebalanceRecommendationIsAnEventOnlyTheNodeClaimStays() {
        Claim claim = launched("rebalance", "on-demand");

        String eventId = eventId(ec2.interrupt(claim.instanceId(), InterruptionKind.REBALANCE));

        assertThat(decision("intr-" + eventId, Reason.REBALANCE_RECOMMENDED).kind()).isEqualTo(DecisionKind.DISRUPTION);
        awaitQueueWithout(eventId);
        assertThat(kubeEvents.recorder().flush(WAIT)).isTrue();
        assertThat(KubeEventLog.about(client, null, "NodeClaim", claim.name())).extracting(e -> e.getReason())
            .contains("SpotRebalanceRecommendation").doesNotContain("TerminatingOnInterruption");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            NodeClaim live = client.resources(NodeClaim.class).withName(claim.name()).get();
            assertThat(live).isNotNull();
            assertThat(live.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(live.getMetadata().getAnnotations()).doesNotContainKey(DisruptionKeys.TERMINATION_REASON);
        });
        client.resources(NodeClaim.class).withName(claim.name()).delete();
    }

    @Test
    void stateChangesToStoppedOrTerminatedAndScheduledChangesDeleteTheNodeClaim() {
        Claim stopped = launched("stopped", "on-demand");
        Claim terminated = launched("terminated", "on-demand");
        Claim scheduled = launched("scheduled", "on-demand");

        String stoppedEvent = eventId(ec2.interrupt(stopped.instanceId(), InterruptionKind.STOPPED));
        String terminatedEvent = eventId(ec2.interrupt(terminated.instanceId(), InterruptionKind.SHUTTING_DOWN));
        String scheduledEvent = eventId(ec2.interrupt(scheduled.instanceId(), InterruptionKind.SCHEDULED));

        assertThat(awaitStatus(stopped, NodeClaimPhase.TERMINATED).reason()).isEqualTo(Reason.INSTANCE_STATE_CHANGED);
        assertThat(awaitStatus(terminated, NodeClaimPhase.TERMINATED).reason()).isEqualTo(Reason.INSTANCE_STATE_CHANGED);
        NodeClaimStatusChange retired = awaitStatus(scheduled, NodeClaimPhase.TERMINATED);
        assertThat(retired.reason()).isEqualTo(Reason.SCHEDULED_CHANGE);
        assertThat(retired.decisionId()).isEqualTo("intr-" + scheduledEvent);
        assertThat(decision("intr-" + stoppedEvent, Reason.INSTANCE_STATE_CHANGED).message()).contains("is stopped");
        assertThat(decision("intr-" + terminatedEvent, Reason.INSTANCE_STATE_CHANGED).message()).contains("is shutting-down");
        decision("intr-" + scheduledEvent, Reason.SCHEDULED_CHANGE);
        awaitQueueWithout(stoppedEvent);
        awaitQueueWithout(terminatedEvent);
        awaitQueueWithout(scheduledEvent);
        assertThat(ec2.instance(scheduled.instanceId()).orElseThrow().state()).isIn("shutting-down", "terminated");
        assertThat(metric("karpenter_nodeclaims_disrupted_total", "nodepool=\"" + stopped.pool() + "\"",
            "reason=\"instance_stopped\"")).as(samples("disrupted")).isEqualTo(1);
    }

    @Test
    void aMessageForAnInstanceThisClusterDoesNotOwnIsIgnoredAndDeleted() {
        String eventId = UUID.randomUUID().toString();
        send(InterruptionFixtures.spotInterruption("i-0123456789abcdef0").id(eventId).time(Instant.now()).json());

        DecisionRecord ignored = decision("intr-" + eventId, Reason.INTERRUPTION_UNOWNED_INSTANCE);
        assertThat(ignored.message()).contains("i-0123456789abcdef0");
        awaitQueueWithout(eventId);
    }

    @Test
    void aMalformedMessageIsCountedRecordedAndDeleted() {
        double malformedBefore = metric("kafkarpenter_interruption_malformed_messages_total");
        String body = InterruptionFixtures.spotInterruption("i-0123456789abcdef0").id("malformed-" + UUID.randomUUID())
            .without("detail.instance-id").json();
        String messageId = send(body);

        DecisionRecord malformed = decision("intr-sqs-" + messageId, Reason.INTERRUPTION_MALFORMED);
        assertThat(malformed.kind()).isEqualTo(DecisionKind.INPUT);
        assertThat(malformed.message()).contains("detail.instance-id");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ec2.interruptionQueueMessages()).doesNotContain(body);
            assertThat(metric("kafkarpenter_interruption_malformed_messages_total")).isEqualTo(malformedBefore + 1);
        });
        assertThat(reader.isReading()).isTrue();
    }

    @Test
    void theSameEventDeliveredTwiceDeletesOnceWithoutError() {
        Claim claim = launched("twice", "spot");
        String eventId = UUID.randomUUID().toString();
        String body = InterruptionFixtures.spotInterruption(claim.instanceId()).id(eventId).time(Instant.now()).json();

        send(body);
        send(body);

        awaitStatus(claim, NodeClaimPhase.TERMINATED);
        awaitQueueWithout(eventId);
        List<DecisionRecord> decisions = decisions("intr-" + eventId);
        assertThat(decisions).filteredOn(d -> d.reason() == Reason.SPOT_INTERRUPTED).hasSize(1);
        assertThat(kafka.readAll(Topics.NODECLAIMS_STATUS, Duration.ofMillis(500)).stream()
            .filter(r -> r.key().equals(claim.name()))
            .map(r -> EventJson.read(r.value(), NodeClaimStatusChange.class))
            .filter(s -> s.phase() == NodeClaimPhase.TERMINATING)).hasSize(1);
    }

    @Test
    void theSameEventDeliveredAgainAfterTheNodeClaimIsGoneIsNeitherHandledAgainNorRecordedAsUnowned() {
        Claim claim = launched("again", "spot");
        String eventId = UUID.randomUUID().toString();
        String body = InterruptionFixtures.spotInterruption(claim.instanceId()).id(eventId).time(Instant.now()).json();
        send(body);
        awaitStatus(claim, NodeClaimPhase.TERMINATED);
        await().atMost(WAIT).untilAsserted(() ->
            assertThat(client.resources(NodeClaim.class).withName(claim.name()).get()).isNull());
        awaitQueueWithout(eventId);

        send(body);

        awaitQueueWithout(eventId);
        List<DecisionRecord> decisions = decisions("intr-" + eventId);
        assertThat(decisions).extracting(DecisionRecord::reason).containsExactly(Reason.SPOT_INTERRUPTED);
        assertThat(kafka.readAll(Topics.NODECLAIMS_STATUS, Duration.ofMillis(500)).stream()
            .filter(r -> r.key().equals(claim.name()))
            .map(r -> EventJson.read(r.value(), NodeClaimStatusChange.class))
            .filter(s -> s.phase() == NodeClaimPhase.TERMINATING)).hasSize(1);
    }

    @Test
    void aTransientFailureLeavesTheMessageOnTheQueueUntilItCanBeHandled() {
        Claim claim = launched("transient", "on-demand");
        ec2.faults().failNext("DescribeInstances", 1_000_000, "InternalError", 500);
        try {
            String eventId = eventId(ec2.interrupt(claim.instanceId(), InterruptionKind.SCHEDULED));
            // received, failed (EC2 500 after the SDK's retries), received again after the visibility timeout, ...
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
                assertThat(ec2.interruptionQueueMessages()).anyMatch(b -> b.contains(eventId));
                assertThat(client.resources(NodeClaim.class).withName(claim.name()).get().getMetadata()
                    .getDeletionTimestamp()).isNull();
            });
            assertThat(ec2.requests("ReceiveMessage")).isNotEmpty();
            ec2.faults().reset();
            assertThat(awaitStatus(claim, NodeClaimPhase.TERMINATED).reason()).isEqualTo(Reason.SCHEDULED_CHANGE);
            awaitQueueWithout(eventId);
        } finally {
            ec2.faults().reset();
        }
    }

    // ---- fixtures ---------------------------------------------------------------------------------------------------

    record Claim(String pool, String name, String instanceId, String providerId, String node) {
    }

    /** A NodeClaim of a new NodePool, launched by the launcher (c6a.large in us-east-1a), its Node registered. */
    private Claim launched(String prefix, String capacityType) {
        String pool = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        nodePool(pool, capacityType);
        NodeClaimLaunch launch = launch(pool, capacityType);
        kafka.send(Topics.NODECLAIMS_LAUNCH, launch.key(), EventJson.toJson(launch));
        NodeClaimStatusChange launched = awaitStatus(launch.nodeClaimName(), NodeClaimPhase.LAUNCHED);
        String node = "ip-" + launched.instanceId();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node)
                .addToLabels("node.kubernetes.io/instance-type", "c6a.large").endMetadata()
            .withNewSpec().withProviderID(launched.providerId()).endSpec()
            .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build())
            .create();
        awaitStatus(launch.nodeClaimName(), NodeClaimPhase.INITIALIZED);
        Claim claim = new Claim(pool, launch.nodeClaimName(), launched.instanceId(), launched.providerId(), node);
        // the reader finds owners in the launcher's informer cache: wait until the API server shows what it will see
        await().atMost(WAIT).until(() -> {
            NodeClaim nc = client.resources(NodeClaim.class).withName(claim.name()).get();
            return nc != null && nc.getStatus() != null && launched.providerId().equals(nc.getStatus().getProviderID());
        });
        return claim;
    }

    private void nodePool(String pool, String capacityType) {
        Ec2SimulatorTestResource.ensureDefaultNodeClass(client, ec2);
        client.resources(NodePool.class).resource(KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: %s}
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  requirements:
                    - {key: node.kubernetes.io/instance-type, operator: In, values: [c6a.large]}
                    - {key: karpenter.sh/capacity-type, operator: In, values: [%s]}
            """.formatted(pool, capacityType), NodePool.class)).create();
    }

    private static NodeClaimLaunch launch(String pool, String capacityType) {
        String decisionId = "prov-" + UUID.randomUUID();
        return new NodeClaimLaunch(decisionId, NodeClaimLaunch.deriveName(pool, decisionId, 0), pool,
            NodeClassRef.ec2NodeClass("default"),
            List.of(new InstanceTypeOption("c6a.large", List.of(OfferingOption.of("us-east-1a", capacityType,
                capacityType.equals("spot") ? 0.03 : 0.0765)))),
            List.of(NodeClaimRequirement.in("karpenter.sh/nodepool", pool),
                NodeClaimRequirement.in("karpenter.sh/capacity-type", capacityType),
                new NodeClaimRequirement("node.kubernetes.io/instance-type", "In", List.of("c6a.large"), null)),
            Map.of(), Map.of(), List.of(), List.of(), Map.of("cpu", "1", "memory", "1Gi", "pods", "1"), "720h",
            null, List.of(), Reason.SCHEDULED_NEW_NODECLAIM, Instant.now(), Instant.now().plusSeconds(600));
    }

    private static NodeClaimStatusChange awaitStatus(Claim claim, NodeClaimPhase phase) {
        return awaitStatus(claim.name(), phase);
    }

    private static NodeClaimStatusChange awaitStatus(String nodeClaim, NodeClaimPhase phase) {
        var record = kafka.awaitRecord(Topics.NODECLAIMS_STATUS, r -> nodeClaim.equals(r.key())
            && EventJson.read(r.value(), NodeClaimStatusChange.class).phase() == phase, WAIT);
        return EventJson.read(record.value(), NodeClaimStatusChange.class);
    }

    private static DecisionRecord decision(String key, Reason reason) {
        return EventJson.read(kafka.awaitRecord(Topics.DECISIONS, r -> key.equals(r.key())
            && EventJson.read(r.value(), DecisionRecord.class).reason() == reason, WAIT).value(), DecisionRecord.class);
    }

    private static List<DecisionRecord> decisions(String key) {
        return kafka.readAll(Topics.DECISIONS, Duration.ofMillis(500)).stream().filter(r -> key.equals(r.key()))
            .map(r -> EventJson.read(r.value(), DecisionRecord.class)).toList();
    }

    private void awaitQueueWithout(String eventId) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(ec2.interruptionQueueMessages())
            .noneMatch(body -> body.contains(eventId)));
    }

    /** Puts a body on the interruption queue as EventBridge would (an admin key); returns its SQS message id. */
    private String send(String body) {
        try (SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(ec2.endpoint())
                .credentialsProvider(SimulatorIam.admin()).httpClient(UrlConnectionHttpClient.create()).build()) {
            String url = sqs.getQueueUrl(r -> r.queueName(ec2.interruptionQueue())).queueUrl();
            return sqs.sendMessage(r -> r.queueUrl(url).messageBody(body)).messageId();
        }
    }

    private static String eventId(String event) {
        try {
            return JsonMapper.builder().build().readTree(event).get("id").asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of the samples of {@code name} on /q/metrics whose labels contain each of {@code labels}. */
    private static double metric(String name, String... labels) {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})? (\\S+)$").matcher(scrape);
        double sum = 0;
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** The lines of /q/metrics that contain {@code text} (assertion descriptions). */
    private static String samples(String text) {
        return given().get("/q/metrics").then().extract().asString().lines().filter(l -> l.contains(text))
            .collect(java.util.stream.Collectors.joining("\n"));
    }
}
