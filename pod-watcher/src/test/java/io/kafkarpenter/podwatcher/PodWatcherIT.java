package io.kafkarpenter.podwatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.WithKafka;
import io.kafkarpenter.testing.kube.KubeAdmin;
import io.kafkarpenter.testing.kube.WithKubeStandin;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithKubeStandin(service = "pod-watcher")
@WithKafka(service = "pod-watcher")
class PodWatcherIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    @KubeAdmin
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
        given().get("/q/metrics").then().statusCode(200).body(containsString("kafkarpenter_podwatcher_pending_pods"))
            .body(containsString("karpenter_pods_state")).body(containsString("kafka_consumer_fetch_manager_records_lag"));
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

    @Test
    void thisReplicaHoldsTheLeaseAndReportsItselfActive() {
        await().atMost(WAIT).untilAsserted(() -> {
            var lease = client.leases().inNamespace("kube-system").withName("kk-pod-watcher").get();
            assertThat(lease).isNotNull();
            assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
        });
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
            .body("checks.find { it.name == 'pod informer synced' }.data.role", equalTo("active")));
    }

    @Test
    void aPendingPodIsKeyedByUidAndPartitionedByItsWorkload() throws Exception {
        Pod pod = unschedulablePod("shop-" + UUID.randomUUID());
        pod.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1")
            .withKind("ReplicaSet").withName("shop-7d9f8c6b5").withUid(UUID.randomUUID().toString())
            .withController(true).build()));
        pod.getMetadata().getLabels().put("pod-template-hash", "7d9f8c6b5");
        Pod created = client.pods().inNamespace("shop").resource(pod).create();
        String uid = created.getMetadata().getUid();

        var record = kafka.awaitRecord(Topics.PODS_PENDING, r -> uid.equals(r.key()) && r.value() != null, WAIT);
        PendingPod pending = EventJson.read(record.value(), PendingPod.class);
        int partitions = partitionCount(Topics.PODS_PENDING);
        assertThat(record.partition()).isEqualTo(WorkloadPartitions.partition(pending.pod().workloadKey(), partitions));

        client.pods().inNamespace("shop").withName(created.getMetadata().getName()).delete();

        var tombstone = kafka.awaitRecord(Topics.PODS_PENDING, r -> uid.equals(r.key()) && r.value() == null, WAIT);
        assertThat(tombstone.partition()).isEqualTo(record.partition());
    }

    @Test
    void aPendingPodKarpenterIgnoresIsNotPublishedButExplained() {
        Pod pod = unschedulablePod("pinned-" + UUID.randomUUID());
        pod.getSpec().setNodeSelector(Map.of("kubernetes.io/hostname", "node-7"));
        Pod created = client.pods().inNamespace("shop").resource(pod).create();
        String uid = created.getMetadata().getUid();

        var record = kafka.awaitRecord(Topics.DECISIONS, r -> r.value().contains(uid), WAIT);
        DecisionRecord decision = EventJson.read(record.value(), DecisionRecord.class);
        assertThat(decision.service()).isEqualTo("pod-watcher");
        assertThat(decision.reason()).isEqualTo(Reason.RESTRICTED_LABEL);
        assertThat(decision.message()).contains("kubernetes.io/hostname");
        assertThat(decision.podOutcomes()).singleElement()
            .satisfies(o -> assertThat(o.pod().uid()).isEqualTo(uid));
        assertThat(kafka.readAll(Topics.PODS_PENDING, Duration.ofSeconds(1)))
            .noneMatch(r -> uid.equals(r.key()) && r.value() != null);
    }

    private static int partitionCount(String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.connection())) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
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
