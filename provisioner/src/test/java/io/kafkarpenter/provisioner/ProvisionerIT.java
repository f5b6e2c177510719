package io.kafkarpenter.provisioner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.fixtures.NodeClassFixtures;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.pods.fixtures.PodFixtures;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.WithKafka;
import io.kafkarpenter.testing.kube.KubeAdmin;
import io.kafkarpenter.testing.kube.WithKubeStandin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The provisioner against the real broker, the Kubernetes stand-in (deploy/kube-standin) holding the workshop NodePool and
 * EC2NodeClass, and the EC2 simulator answering DescribeInstanceTypes/Offerings and spot prices over HTTP.
 * The tests share one NodePool with {@code limits.cpu: 10}, so they run in order.
 */
@QuarkusTest
@WithKubeStandin(service = "provisioner")
@WithKafka(service = "provisioner")
@QuarkusTestResource(value = Ec2SimulatorTestResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisionerIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static KafkaTestClient kafka;

    @KubeAdmin
    KubernetesClient client;
    @Inject
    PendingPods pendingPods;
    @Inject
    ClusterState cluster;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.forSharedBroker();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private void applyWorkshopManifest() throws Exception {
        String yaml = Files.readString(Path.of("../deploy/demo/nodepool-default.yaml"))
            .replace("${CLUSTER_NAME}", "kafkarpenter-demo");
        KarpenterManifests manifests = KarpenterManifests.read(yaml);
        for (EC2NodeClass nc : manifests.ec2NodeClasses()) {
            client.resource(nc).createOr(r -> r.update());
        }
        for (NodePool np : manifests.nodePools()) {
            client.resource(np).createOr(r -> r.update());
        }
    }

    /** What the tag-reconciler writes once it resolved the class: a Ready status with the simulator's subnets. */
    private void markNodeClassReady() {
        EC2NodeClass live = client.resources(EC2NodeClass.class).withName("default").get();
        if (EC2NodeClassConditions.notReady(live).isPresent()) {
            client.resources(EC2NodeClass.class).resource(NodeClassFixtures.status()
                .subnets(Ec2SimulatorTestResource.simulator.subnetIdsByZone()).applyTo(live)).updateStatus();
        }
    }

    private static DecisionRecord awaitDecisionFor(String uid, Reason reason) {
        ConsumerRecord<String, String> record = kafka.awaitRecord(Topics.DECISIONS, r -> r.value().contains(uid)
            && EventJson.read(r.value(), DecisionRecord.class).reason() == reason, WAIT);
        return EventJson.read(record.value(), DecisionRecord.class);
    }

    private String nodeClassReadyCondition() {
        NodePool pool = client.resources(NodePool.class).withName("default").get();
        return pool.getStatus() == null || pool.getStatus().getConditions() == null ? null
            : pool.getStatus().getConditions().stream().filter(c -> "NodeClassReady".equals(c.getType()))
                .map(c -> c.getStatus() + "/" + c.getReason()).findFirst().orElse(null);
    }

    private static List<PendingPod> publishPods(String deployment, int count, String cpu) {
        List<PendingPod> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PendingPod p = new PendingPod(PodFixtures.pod(deployment + "-" + i).uid(UUID.randomUUID().toString())
                .deployment(deployment).cpu(cpu).build(), Instant.now(), "Unschedulable", null);
            kafka.send(Topics.PODS_PENDING, p.key(), EventJson.toJson(p));
            out.add(p);
        }
        return out;
    }

    private static DecisionRecord awaitDecisionFor(String uid) {
        return awaitDecisionFor(uid, "(none)");
    }

    private static DecisionRecord awaitDecisionFor(String uid, String notDecisionId) {
        ConsumerRecord<String, String> record = kafka.awaitRecord(Topics.DECISIONS,
            r -> r.value().contains(uid) && !r.key().equals(notDecisionId), WAIT);
        return EventJson.read(record.value(), DecisionRecord.class);
    }

    @Test
    @Order(1)
    void readinessIncludesKafkaAndMetricsAreServed() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
            .statusCode(200)
            .body("status", equalTo("UP"))
            .body("checks.name", hasItem(containsString("Kafka"))));
        given().get("/q/metrics").then()
            .statusCode(200)
            .body(containsString("kafkarpenter_provisioner_pending_pods"))
            .body(containsString("karpenter_scheduler_queue_depth"))
            .body(containsString("karpenter_scheduler_scheduling_duration_seconds_bucket{controller=\"provisioner\""))
            .body(not(containsString("karpenter_provisioner_scheduling_duration_seconds")))
            .body(containsString("kafka_consumer_fetch_manager_records_lag"))
            .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    @Order(2)
    void withoutNodePoolsEveryPodOfTheBatchIsExplained() {
        List<PendingPod> pods = publishPods("lonely", 2, "100m");

        DecisionRecord decision = awaitDecisionFor(pods.get(0).key());

        assertThat(decision.service()).isEqualTo("provisioner");
        assertThat(decision.reason()).isEqualTo(Reason.NO_NODEPOOLS);
        assertThat(decision.podOutcomes()).extracting(o -> o.pod().uid())
            .containsAll(pods.stream().map(PendingPod::key).toList());
        for (PendingPod p : pods) {
            kafka.send(Topics.PODS_PENDING, p.key(), null);
        }
        await().atMost(WAIT).until(() -> pods.stream().noneMatch(p -> pendingPods.contains(p.key())));
    }

    @Test
    @Order(3)
    void aNodePoolWhoseNodeClassIsNotReadyIsNotUsedAndItsPodsArePlannedOnceTheClassBecomesReady() throws Exception {
        applyWorkshopManifest(); // as the user applies it: no status until the tag-reconciler resolves it
        String uid = publishPods("waits-for-class", 1, "100m").get(0).key();

        DecisionRecord notReady = awaitDecisionFor(uid, Reason.NODEPOOL_NOT_READY);
        assertThat(notReady.podOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.reason()).isEqualTo(Reason.NODEPOOL_NOT_READY);
            assertThat(o.message()).startsWith("NodePool default is not ready: EC2NodeClass default is not ready: ")
                .contains("no Ready condition");
        });
        await().atMost(WAIT).until(() -> "False/NodeClassNotReady".equals(nodeClassReadyCondition()));

        markNodeClassReady(); // no new pod: the EC2NodeClass update alone starts a pass

        DecisionRecord planned = awaitDecisionFor(uid, Reason.SCHEDULED_NEW_NODECLAIM);
        await().atMost(WAIT).until(() -> "True/NodeClassReady".equals(nodeClassReadyCondition()));
        // leave nothing in flight for the next tests: the pod goes away, its launch is answered FAILED
        kafka.send(Topics.PODS_PENDING, uid, null);
        await().atMost(WAIT).until(() -> !pendingPods.contains(uid));
        kafka.readAll(Topics.NODECLAIMS_LAUNCH, Duration.ofSeconds(1)).stream()
            .map(r -> EventJson.read(r.value(), NodeClaimLaunch.class))
            .filter(l -> l.decisionId().equals(planned.decisionId()))
            .forEach(l -> kafka.send(Topics.NODECLAIMS_STATUS, l.nodeClaimName(), EventJson.toJson(new NodeClaimStatusChange(
                l.nodeClaimName(), "default", NodeClaimPhase.FAILED, null, null, null, null, null, null, l.decisionId(),
                Reason.LAUNCH_FAILED, "test: never launched", Instant.now()))));
    }

    @Test
    @Order(4)
    void aBatchBecomesNodeClaimLaunchesUpToTheLimitAndTheRestIsExplained() throws Exception {
        applyWorkshopManifest();
        markNodeClassReady();
        List<PendingPod> pods = publishPods("inflate", 12, "1");

        DecisionRecord decision = awaitDecisionFor(pods.get(11).key());
        List<ConsumerRecord<String, String>> launches = kafka.readAll(Topics.NODECLAIMS_LAUNCH, Duration.ofSeconds(2));

        assertThat(decision.reason()).isEqualTo(Reason.SCHEDULED_NEW_NODECLAIM);
        assertThat(decision.podOutcomes()).hasSize(12);
        List<NodeClaimLaunch> decided = launches.stream().map(r -> EventJson.read(r.value(), NodeClaimLaunch.class))
            .filter(l -> l.decisionId().equals(decision.decisionId())).toList();
        assertThat(decided).isNotEmpty().allSatisfy(l -> {
            assertThat(l.nodePool()).isEqualTo("default");
            assertThat(l.instanceTypes()).isNotEmpty()
                .allSatisfy(o -> assertThat(o.name()).matches("[cmr][0-9].*"));
        });
        assertThat(launches).filteredOn(r -> r.value().contains(decision.decisionId()))
            .allSatisfy(r -> assertThat(r.key()).isEqualTo("default"));
        int placed = decided.stream().mapToInt(l -> l.pods().size()).sum();
        assertThat(placed).isLessThanOrEqualTo(10);
        assertThat(decision.podOutcomes()).filteredOn(o -> o.reason() == Reason.NODEPOOL_LIMIT_REACHED)
            .hasSize(12 - placed);

        // the launcher answers: the claim is in flight with a known type and zone; more pods that fit it do not launch
        NodeClaimLaunch first = decided.get(0);
        String type = first.instanceTypes().get(0).name();
        String zone = first.instanceTypes().get(0).offerings().get(0).zone();
        for (NodeClaimLaunch l : decided) {
            kafka.send(Topics.NODECLAIMS_STATUS, l.nodeClaimName(), EventJson.toJson(new NodeClaimStatusChange(
                l.nodeClaimName(), "default", NodeClaimPhase.LAUNCHED, "aws:///" + zone + "/i-" + l.nodeClaimName(),
                "i-" + l.nodeClaimName(), type, zone, "on-demand", null, l.decisionId(), Reason.LAUNCHED, null,
                Instant.now())));
        }
        for (PendingPod p : pods) {
            kafka.send(Topics.PODS_PENDING, p.key(), null);
        }
        // everything is released now; re-publish the pods the claims carry: they fit in flight
        List<PendingPod> again = new ArrayList<>();
        for (PendingPod p : pods) {
            if (first.pods().contains(p.pod().ref())) {
                kafka.send(Topics.PODS_PENDING, p.key(), EventJson.toJson(p));
                again.add(p);
            }
        }
        DecisionRecord second = awaitDecisionFor(again.get(again.size() - 1).key(), decision.decisionId());
        assertThat(second.decisionId()).isNotEqualTo(decision.decisionId());
        assertThat(second.podOutcomes()).filteredOn(o -> again.stream().anyMatch(p -> p.pod().ref().equals(o.pod())))
            .allSatisfy(o -> assertThat(o.reason()).isEqualTo(Reason.SCHEDULED_INFLIGHT_NODECLAIM));
        for (PendingPod p : again) {
            kafka.send(Topics.PODS_PENDING, p.key(), null);
        }
    }

    @Test
    @Order(5)
    void anInvalidNodePoolIsReportedOnItsStatusAndSkipped() {
        NodePool bad = KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: broken
            spec:
              weight: 100
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  requirements:
                    - {key: kubernetes.io/hostname, operator: In, values: ["a"]}
            """, NodePool.class);
        client.resource(bad).create();
        List<PendingPod> pods = publishPods("after-broken", 1, "100m");

        DecisionRecord decision = awaitDecisionFor(pods.get(0).key());

        assertThat(decision.message()).contains("broken");
        await().atMost(WAIT).untilAsserted(() -> {
            NodePool status = client.resources(NodePool.class).withName("broken").get();
            assertThat(status.getStatus()).isNotNull();
            assertThat(status.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("ValidationSucceeded");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getMessage()).contains("kubernetes.io/hostname");
            });
        });
        kafka.send(Topics.PODS_PENDING, pods.get(0).key(), null);
    }

    @Test
    @Order(6)
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextGoodRecordIsStillProcessed() {
        String badKey = "bad-" + UUID.randomUUID();
        PendingPod good = EventFixturesOrPods.one("after-bad");

        kafka.send(Topics.PODS_PENDING, badKey, "{\"schema\":\"kk.pending-pod/v1\",\"observedAt\":\"2026-01-01T00:00:00Z\"}");
        kafka.send(Topics.PODS_PENDING, good.key(), EventJson.toJson(good));

        var dead = kafka.awaitRecord(Topics.dlq("provisioner"), r -> badKey.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("PendingPod").contains("pod");
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.PODS_PENDING);
        assertThat(dead.value()).contains("observedAt");
        await().atMost(WAIT).until(() -> pendingPods.contains(good.key()));
        kafka.send(Topics.PODS_PENDING, good.key(), null);
        await().atMost(WAIT).until(() -> !pendingPods.contains(good.key()));
    }

    @Test
    @Order(7)
    void aNewNodeClaimHasRoomForTheDaemonSetsThatWillRunOnIt() {
        client.resource(KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: daemons
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  taints: [{key: kk-test/daemons, value: "true", effect: NoSchedule}]
                  requirements:
                    - {key: karpenter.k8s.aws/instance-category, operator: In, values: ["c", "m", "r"]}
                    - {key: karpenter.k8s.aws/instance-cpu, operator: In, values: ["2", "4"]}
                    - {key: kubernetes.io/arch, operator: In, values: ["amd64"]}
                    - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
            """, NodePool.class)).create();
        client.apps().daemonSets().inNamespace("kube-system").resource(new DaemonSetBuilder()
            .withNewMetadata().withNamespace("kube-system").withName("node-agent").endMetadata()
            .withNewSpec().withNewSelector().addToMatchLabels("app", "node-agent").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "node-agent").endMetadata()
                    .withNewSpec().addNewToleration().withOperator("Exists").endToleration()
                        .addNewContainer().withName("agent").withImage("node-agent").withNewResources()
                            .addToRequests("cpu", new Quantity("500m")).addToRequests("memory", new Quantity("512Mi"))
                        .endResources().endContainer()
                    .endSpec()
                .endTemplate()
            .endSpec().build()).create();
        await().atMost(WAIT).until(() -> cluster.daemonSets().stream()
            .anyMatch(ds -> ds.getMetadata().getName().equals("node-agent")));

        // 1500m fits a 2-vCPU type's allocatable alone; with the daemon's 500m beside it only a 4-vCPU type
        PendingPod pod = new PendingPod(PodFixtures.pod("agent-user-0").uid(UUID.randomUUID().toString())
            .deployment("agent-user").cpu("1500m").memory("1Gi").nodeSelector("karpenter.sh/nodepool", "daemons")
            .tolerate("kk-test/daemons", "true", "NoSchedule").build(), Instant.now(), "Unschedulable", null);
        kafka.send(Topics.PODS_PENDING, pod.key(), EventJson.toJson(pod));

        NodeClaimLaunch launch = EventJson.read(kafka.awaitRecord(Topics.NODECLAIMS_LAUNCH,
            r -> r.value().contains(pod.key()), WAIT).value(), NodeClaimLaunch.class);
        assertThat(launch.nodePool()).isEqualTo("daemons");
        assertThat(launch.instanceTypes()).isNotEmpty()
            .allSatisfy(o -> assertThat(o.name()).endsWith(".xlarge"));
        assertThat(io.kafkarpenter.model.resources.Quantity.parse(launch.resourceRequests().get("cpu")).milliValue())
            .isEqualTo(2000);

        // answer the launch, so no later pass waits for it; clean up
        String type = launch.instanceTypes().get(0).name();
        String zone = launch.instanceTypes().get(0).offerings().get(0).zone();
        kafka.send(Topics.NODECLAIMS_STATUS, launch.nodeClaimName(), EventJson.toJson(new NodeClaimStatusChange(
            launch.nodeClaimName(), "daemons", NodeClaimPhase.LAUNCHED, "aws:///" + zone + "/i-" + launch.nodeClaimName(),
            "i-" + launch.nodeClaimName(), type, zone, "on-demand", null, launch.decisionId(), Reason.LAUNCHED, null,
            Instant.now())));
        kafka.send(Topics.PODS_PENDING, pod.key(), null);
        client.apps().daemonSets().inNamespace("kube-system").withName("node-agent").delete();
    }

    @Test
    @Order(8)
    void podsOfAnUnansweredLaunchWaitForItUntilTheLauncherAnswersAndAnExpiredAnswerReleasesThemOnce() {
        client.resource(KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: slow
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  taints: [{key: kk-test/slow, value: "true", effect: NoSchedule}]
                  requirements:
                    - {key: node.kubernetes.io/instance-type, operator: In, values: ["c6a.xlarge"]}
                    - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
            """, NodePool.class)).create();
        List<PendingPod> pods = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PendingPod p = new PendingPod(PodFixtures.pod("slow-" + i).uid(UUID.randomUUID().toString())
                .deployment("slow").cpu("1").memory("1Gi").nodeSelector("karpenter.sh/nodepool", "slow")
                .tolerate("kk-test/slow", "true", "NoSchedule").build(), Instant.now(), "Unschedulable", null);
            kafka.send(Topics.PODS_PENDING, p.key(), EventJson.toJson(p));
            pods.add(p);
        }
        NodeClaimLaunch first = EventJson.read(kafka.awaitRecord(Topics.NODECLAIMS_LAUNCH,
            r -> r.value().contains(pods.get(2).key()), WAIT).value(), NodeClaimLaunch.class);
        assertThat(first.pods()).hasSize(3);
        assertThat(first.expiresAt()).isEqualTo(first.createdAt().plus(Duration.ofMinutes(10)));

        // nobody answers: the pods wait for it, and keep waiting past the old 30 s ack timeout and several requeues
        DecisionRecord waiting = EventJson.read(kafka.awaitRecord(Topics.DECISIONS,
            r -> r.value().contains(pods.get(0).key()) && r.value().contains("AWAITING_LAUNCH"), WAIT).value(),
            DecisionRecord.class);
        assertThat(waiting.podOutcomes()).filteredOn(o -> o.pod().name().startsWith("slow-")).hasSize(3)
            .allSatisfy(o -> {
                assertThat(o.reason()).isEqualTo(Reason.AWAITING_LAUNCH);
                assertThat(o.target()).isEqualTo(first.nodeClaimName());
            });
        await().atMost(WAIT).untilAsserted(() -> assertThat(given().get("/q/metrics").then().extract().asString())
            .containsPattern("kafkarpenter_provisioner_launches_unanswered [1-9]")
            .containsPattern("kafkarpenter_provisioner_launches_unanswered_oldest_seconds [1-9]"));
        await().pollDelay(Duration.ofSeconds(35)).atMost(Duration.ofSeconds(40)).until(() -> true);
        assertThat(launchesCarrying(pods.get(0).key())).containsExactly(first.nodeClaimName());

        // the launcher took it up too late: it answers expired; the pods are decided again, once, under a new name
        kafka.send(Topics.NODECLAIMS_STATUS, first.nodeClaimName(), EventJson.toJson(new NodeClaimStatusChange(
            first.nodeClaimName(), "slow", NodeClaimPhase.FAILED, null, null, null, null, null, null,
            first.decisionId(), Reason.LAUNCH_EXPIRED, "launch decision expired", Instant.now())));
        await().atMost(WAIT).until(() -> launchesCarrying(pods.get(0).key()).size() == 2);
        List<String> names = launchesCarrying(pods.get(0).key());
        assertThat(names.get(1)).isNotEqualTo(first.nodeClaimName()).startsWith("slow-");
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(launchesCarrying(pods.get(0).key())).hasSize(2);

        kafka.send(Topics.NODECLAIMS_STATUS, names.get(1), EventJson.toJson(new NodeClaimStatusChange(names.get(1),
            "slow", NodeClaimPhase.LAUNCHED, "aws:///us-east-1a/i-" + names.get(1), "i-" + names.get(1), "c6a.xlarge",
            "us-east-1a", "on-demand", null, null, Reason.LAUNCHED, null, Instant.now())));
        for (PendingPod p : pods) {
            kafka.send(Topics.PODS_PENDING, p.key(), null);
        }
    }

    /** Names of the NodeClaims decided for a pod, in the order they were published. */
    private static List<String> launchesCarrying(String uid) {
        return kafka.readAll(Topics.NODECLAIMS_LAUNCH, Duration.ofMillis(500)).stream()
            .filter(r -> r.value().contains(uid)).map(r -> EventJson.read(r.value(), NodeClaimLaunch.class))
            .map(NodeClaimLaunch::nodeClaimName).distinct().toList();
    }

    /** A small pending pod with a fresh uid. */
    static final class EventFixturesOrPods {
        static PendingPod one(String name) {
            return new PendingPod(PodFixtures.pod(name).uid(UUID.randomUUID().toString()).cpu("100m").build(),
                Instant.now(), "Unschedulable", Map.of().toString());
        }
    }
}
