package io.kafkarpenter.consolidator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class ConsolidatorIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    @Inject
    NodeClaimStates states;

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
            .body(containsString("kk_consolidator_nodeclaims{phase=\"INITIALIZED\"}"));
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
        String prefix = "kk_consolidator_nodeclaims{phase=\"" + phase + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
            .findFirst().orElse(-1);
    }
}
