package io.kafkarpenter.tagreconciler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
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
class TagReconcilerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    @Inject
    InstanceTagQueue queue;

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
        given().get("/q/metrics").then().statusCode(200).body(containsString("kk_tagreconciler_instances_queued"));
    }

    @Test
    void aRegisteredNodeClaimQueuesItsInstanceForTagsAndTerminationDropsIt() {
        String name = "default-" + UUID.randomUUID();
        String instance = "i-" + UUID.randomUUID().toString().substring(0, 8);

        send(status(name, instance, NodeClaimPhase.LAUNCHED));
        send(status(name, instance, NodeClaimPhase.REGISTERED));

        await().atMost(WAIT).until(() -> queue.queued(instance).isPresent());
        assertThat(queue.queued(instance).orElseThrow().tags())
            .containsEntry("karpenter.sh/nodeclaim", name)
            .containsEntry("Name", "ip-10-0-1-23.us-west-2.compute.internal")
            .containsEntry("eks:eks-cluster-name", "kafkarpenter");
        given().get("/q/metrics").then().body(containsString("kk_tagreconciler_status_records_total{phase=\"REGISTERED\"}"));

        send(status(name, instance, NodeClaimPhase.TERMINATING));
        await().atMost(WAIT).until(() -> queue.queued(instance).isEmpty());
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextGoodRecordIsStillProcessed() {
        String badKey = "bad-" + UUID.randomUUID();
        String instance = "i-" + UUID.randomUUID().toString().substring(0, 8);
        NodeClaimStatusChange good = status("default-" + UUID.randomUUID(), instance, NodeClaimPhase.REGISTERED);

        kafka.send(Topics.NODECLAIMS_STATUS, badKey, "{\"schema\":\"kk.nodeclaim-status/v1\",\"nodePool\":\"default\"}");
        send(good);

        var dead = kafka.awaitRecord(Topics.dlq("tag-reconciler"), r -> badKey.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("NodeClaimStatusChange");
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.NODECLAIMS_STATUS);
        await().atMost(WAIT).until(() -> queue.queued(instance).isPresent());
    }

    private static void send(NodeClaimStatusChange change) {
        kafka.send(Topics.NODECLAIMS_STATUS, change.key(), EventJson.toJson(change));
    }

    private static NodeClaimStatusChange status(String name, String instanceId, NodeClaimPhase phase) {
        NodeClaimStatusChange f = EventFixtures.nodeClaimStatus(phase);
        return new NodeClaimStatusChange(name, f.nodePool(), phase, "aws:///us-west-2a/" + instanceId, instanceId,
            f.instanceType(), f.zone(), f.capacityType(), f.nodeName(), f.decisionId(), f.reason(), f.message(), f.at());
    }
}
