package io.kafkarpenter.podwatcher;

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

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class PodWatcherIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.forSharedBroker();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void readinessIncludesKafkaAndTheInformerAndMetricsAreServed() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
            .statusCode(200)
            .body("status", equalTo("UP"))
            .body("checks.name", hasItem(containsString("Kafka")))
            .body("checks.name", hasItem("pod informer synced")));
        given().get("/q/metrics").then().statusCode(200).body(containsString("kk_podwatcher_pending_pods"));
    }

    @Test
    void anUnschedulablePodIsPublishedAndItsBindingPublishesATombstone() {
        Pod created = client.pods().inNamespace("shop").resource(unschedulablePod("web-" + UUID.randomUUID())).create();
        String uid = created.getMetadata().getUid();

        var record = kafka.awaitRecord(Topics.PODS_PENDING, r -> uid.equals(r.key()) && r.value() != null, WAIT);
        PendingPod pending = EventJson.read(record.value(), PendingPod.class);
        assertThat(pending.pod().name()).isEqualTo(created.getMetadata().getName());
        assertThat(pending.pod().resources()).isNotNull();
        assertThat(KafkaTestClient.header(record, "pod")).isEqualTo("shop/" + created.getMetadata().getName());

        client.pods().inNamespace("shop").withName(created.getMetadata().getName())
            .edit(pod -> new PodBuilder(pod).editSpec().withNodeName("node-1").endSpec().build());

        kafka.awaitRecord(Topics.PODS_PENDING, r -> uid.equals(r.key()) && r.value() == null, WAIT);
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndAStalePendingPodIsTombstoned() {
        String badKey = "bad-" + UUID.randomUUID();
        PendingPod stale = EventFixtures.pendingPod("gone-" + UUID.randomUUID()); // no such pod in the cluster

        kafka.send(Topics.PODS_PENDING, badKey, "{\"schema\":\"kk.pending-pod/v1\",\"pod\":{\"name\":\"x\"}}");
        kafka.send(Topics.PODS_PENDING, stale.key(), EventJson.toJson(stale));

        var dead = kafka.awaitRecord(Topics.dlq("pod-watcher"), r -> badKey.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("PendingPod");
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.PODS_PENDING);
        kafka.awaitRecord(Topics.PODS_PENDING, r -> stale.key().equals(r.key()) && r.value() == null, WAIT);
    }

    /** A pod kube-scheduler could not place: PodScheduled=False, reason Unschedulable, no node. */
    private static Pod unschedulablePod(String name) {
        return new PodBuilder()
            .withNewMetadata().withName(name).withNamespace("shop").withUid(UUID.randomUUID().toString())
                .withCreationTimestamp("2026-01-01T00:00:00Z").addToLabels("app", "web").endMetadata()
            .withNewSpec()
                .addNewContainer().withName("app").withImage("nginx")
                    .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"))
                    .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi")).endResources()
                .endContainer()
            .endSpec()
            .withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                    .withMessage("0/3 nodes are available: 3 Insufficient cpu.").endCondition()
            .endStatus()
            .build();
    }
}
