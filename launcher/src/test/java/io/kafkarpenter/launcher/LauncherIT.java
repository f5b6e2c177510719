package io.kafkarpenter.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class LauncherIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

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
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void aLaunchRequestIsValidatedAndAcknowledgedOnDecisions() {
        NodeClaimLaunch launch = launch("prov-" + UUID.randomUUID());

        kafka.send(Topics.NODECLAIMS_LAUNCH, launch.key(), EventJson.toJson(launch));

        var record = kafka.awaitRecord(Topics.DECISIONS, r -> launch.decisionId().equals(r.key()), WAIT);
        DecisionRecord ack = EventJson.read(record.value(), DecisionRecord.class);
        assertThat(ack.service()).isEqualTo("launcher");
        assertThat(ack.kind()).isEqualTo(DecisionKind.LAUNCH);
        assertThat(ack.decisionId()).isEqualTo(launch.decisionId());
        assertThat(ack.subjects()).contains(Subject.nodeClaim(launch.nodeClaimName()), Subject.nodePool("default"));
        assertThat(KafkaTestClient.header(record, "nodeclaim")).isEqualTo(launch.nodeClaimName());
        assertThat(KafkaTestClient.header(record, "nodepool")).isEqualTo("default");
        given().get("/q/metrics").then().body(containsString("kk_launcher_launch_requests_total"));
    }

    @Test
    void malformedAndInvalidRequestsGoToTheDeadLetterTopicAndTheNextGoodOneIsStillProcessed() {
        String notJson = "not-json-" + UUID.randomUUID();
        NodeClaimLaunch noOptions = withoutInstanceTypes(launch("prov-" + UUID.randomUUID()));
        NodeClaimLaunch good = launch("prov-" + UUID.randomUUID());

        kafka.send(Topics.NODECLAIMS_LAUNCH, notJson, "{this is not json");
        kafka.send(Topics.NODECLAIMS_LAUNCH, noOptions.key(), EventJson.toJson(noOptions));
        kafka.send(Topics.NODECLAIMS_LAUNCH, good.key(), EventJson.toJson(good));

        var dead = kafka.awaitRecord(Topics.dlq("launcher"), r -> notJson.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("not valid JSON");
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.NODECLAIMS_LAUNCH);
        var invalid = kafka.awaitRecord(Topics.dlq("launcher"), r -> r.value().contains(noOptions.decisionId()), WAIT);
        assertThat(KafkaTestClient.header(invalid, "dead-letter-reason")).contains("instanceTypes");
        kafka.awaitRecord(Topics.DECISIONS, r -> good.decisionId().equals(r.key()), WAIT);
    }

    /** The fixture's launch decision under a fresh decision id (and so a fresh NodeClaim name). */
    private static NodeClaimLaunch launch(String decisionId) {
        NodeClaimLaunch f = EventFixtures.nodeClaimLaunch();
        return new NodeClaimLaunch(decisionId, NodeClaimLaunch.deriveName(f.nodePool(), decisionId, 0), f.nodePool(),
            f.nodeClassRef(), f.instanceTypes(), f.requirements(), f.labels(), f.annotations(), f.taints(),
            f.startupTaints(), f.resourceRequests(), f.expireAfter(), f.terminationGracePeriod(), f.pods(), f.reason(),
            f.createdAt());
    }

    private static NodeClaimLaunch withoutInstanceTypes(NodeClaimLaunch f) {
        return new NodeClaimLaunch(f.decisionId(), f.nodeClaimName(), f.nodePool(), f.nodeClassRef(), List.of(),
            f.requirements(), f.labels(), f.annotations(), f.taints(), f.startupTaints(), f.resourceRequests(),
            f.expireAfter(), f.terminationGracePeriod(), f.pods(), f.reason(), f.createdAt());
    }
}
