package io.kafkarpenter.provisioner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class ProvisionerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    @Inject
    PendingPods pendingPods;

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
        given().get("/q/metrics").then()
            .statusCode(200)
            .body(containsString("kk_provisioner_pending_pods"))
            .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void aPendingPodIsKeptAndExplainedOnDecisionsAndItsTombstoneForgetsIt() {
        PendingPod pending = EventFixtures.pendingPod("web-" + UUID.randomUUID());
        String uid = pending.key();

        kafka.send(Topics.PODS_PENDING, uid, EventJson.toJson(pending), Map.of("pod", pending.pod().ref().toString()));

        var record = kafka.awaitRecord(Topics.DECISIONS, r -> r.value().contains(uid), WAIT);
        DecisionRecord decision = EventJson.read(record.value(), DecisionRecord.class);
        assertThat(record.key()).isEqualTo(decision.schedulingId());
        assertThat(decision.service()).isEqualTo("provisioner");
        assertThat(decision.reason()).isEqualTo(Reason.NO_NODEPOOLS);
        assertThat(decision.podOutcomes()).singleElement()
            .satisfies(outcome -> assertThat(outcome.pod()).isEqualTo(pending.pod().ref()));
        assertThat(KafkaTestClient.header(record, "pod")).isEqualTo(pending.pod().ref().toString());
        assertThat(KafkaTestClient.header(record, "decision")).isEqualTo(decision.schedulingId());
        await().atMost(WAIT).until(() -> pendingPods.contains(uid));

        kafka.send(Topics.PODS_PENDING, uid, null);

        await().atMost(WAIT).until(() -> !pendingPods.contains(uid));
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextGoodRecordIsStillProcessed() {
        String badKey = "bad-" + UUID.randomUUID();
        PendingPod good = EventFixtures.pendingPod("after-bad-" + UUID.randomUUID());

        kafka.send(Topics.PODS_PENDING, badKey, "{\"schema\":\"kk.pending-pod/v1\",\"observedAt\":\"2026-01-01T00:00:00Z\"}");
        kafka.send(Topics.PODS_PENDING, good.key(), EventJson.toJson(good));

        var dead = kafka.awaitRecord(Topics.dlq("provisioner"), r -> badKey.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("PendingPod").contains("pod");
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.PODS_PENDING);
        assertThat(KafkaTestClient.header(dead, "dead-letter-offset")).isNotBlank();
        assertThat(dead.value()).contains("observedAt");
        kafka.awaitRecord(Topics.DECISIONS, r -> r.value().contains(good.key()), WAIT);
    }
}
