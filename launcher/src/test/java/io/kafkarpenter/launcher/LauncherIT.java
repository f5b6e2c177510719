package io.kafkarpenter.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.fixtures.NodeClassFixtures;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InstanceTypeOption;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimRequirement;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.OfferingOption;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.pods.TaintSpec;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.InstanceSnapshot;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import io.kafkarpenter.sandbox.kube.kubelet.CatalogInstanceTypeFacts;
import io.kafkarpenter.sandbox.kube.kubelet.Ec2CloudInstances;
import io.kafkarpenter.sandbox.kube.kubelet.Ec2InstanceTypeFacts;
import io.kafkarpenter.sandbox.kube.kubelet.KubeletSettings;
import io.kafkarpenter.sandbox.kube.kubelet.KubeletStandin;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.SharedKafkaBroker;
import io.kafkarpenter.testing.WithKafka;
import io.kafkarpenter.testing.kube.KubeAdmin;
import io.kafkarpenter.testing.kube.WithKubeStandin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import io.kafkarpenter.launcher.launch.LaunchHandler;
import io.kafkarpenter.launcher.launch.LaunchRequestConsumer;
import io.kafkarpenter.launcher.launch.PartitionOwnership;
import io.kafkarpenter.launcher.launch.NodeClaimFactory;

/**
 * The launcher against a real Kafka broker, the EC2 simulator over HTTP (the real AWS SDK) and the Kubernetes stand-in
 * (deploy/kube-standin) with Karpenter's CRDs installed. Each test uses its own NodePool so they don't interfere.
 */
@QuarkusTest
@WithKubeStandin(service = "launcher")
@WithKafka(service = "launcher")
@QuarkusTestResource(value = Ec2SimulatorTestResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, Double> PRICES = new ConcurrentHashMap<>();
    private static KafkaTestClient kafka;

    @KubeAdmin
    KubernetesClient client;

    @Inject
    LaunchHandler handler;

    @KubeAdmin
    KubeStandin standin;

    Ec2Simulator ec2;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.forSharedBroker();
        for (CatalogEntry e : BuiltInCatalog.load("aws")) {
            PRICES.put(e.name(), e.onDemandPriceUSD());
        }
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void installNodeClass() {
        if (client.resources(EC2NodeClass.class).withName("default").get() == null) {
            client.resources(EC2NodeClass.class).resource(KarpenterManifests.readOne("""
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata: {name: default}
                spec:
                  role: KarpenterNodeRole-kafkarpenter
                  amiSelectorTerms: [{alias: al2023@latest}]
                  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: kafkarpenter}}]
                  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: kafkarpenter}}]
                  tags: {team: platform}
                """, EC2NodeClass.class)).create();
        }
        EC2NodeClass nodeClass = client.resources(EC2NodeClass.class).withName("default").get();
        if (nodeClass.getStatus() == null) {
            client.resources(EC2NodeClass.class).resource(Ec2SimulatorTestResource.withReadyStatus(nodeClass, ec2))
                .updateStatus();
        }
    }

    @Test
    @Order(1)
    void readinessIncludesKafkaAndMetricsAreServed() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
            .statusCode(200)
            .body("status", equalTo("UP"))
            .body("checks.name", hasItem(containsString("Kafka")))
            .body("checks.name", hasItem("kubernetes informers synced")));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    @Order(2)
    void aLaunchRequestBecomesOneInstanceOfTheCheapestOfferingARegisteredAndInitializedNode() {
        String pool = nodePool("web", List.of("c6a.large", "m6a.large", "c6a.xlarge"), null,
            "startupTaints: [{key: example.com/booting, effect: NoSchedule}]");
        NodeClaimLaunch launch = launch(pool, List.of("m6a.large", "c6a.xlarge", "c6a.large"),
            List.of("us-east-1a", "us-east-1b"), List.of(new TaintSpec("example.com/booting", null, "NoSchedule")));

        send(launch);

        NodeClaimStatusChange launched = awaitStatus(launch, NodeClaimPhase.LAUNCHED);
        List<InstanceSnapshot> instances = instancesOf(launch);
        assertThat(instances).hasSize(1);
        InstanceSnapshot instance = instances.get(0);
        assertThat(instance.instanceType()).isEqualTo("c6a.large");
        assertThat(instance.tags()).containsEntry("kubernetes.io/cluster/kafkarpenter", "owned")
            .containsEntry("karpenter.sh/nodepool", pool).containsEntry("eks:eks-cluster-name", "kafkarpenter")
            .containsEntry("karpenter.k8s.aws/ec2nodeclass", "default").containsEntry("team", "platform");
        assertThat(launched.providerId()).isEqualTo(instance.providerId());
        assertThat(launched.instanceType()).isEqualTo("c6a.large");
        NodeClaim claim = client.resources(NodeClaim.class).withName(launch.nodeClaimName()).get();
        assertThat(claim.getStatus().getProviderID()).isEqualTo(instance.providerId());
        assertThat(NodeClaimConditions.status(claim, NodeClaimConditions.LAUNCHED)).isEqualTo("True");
        assertThat(claim.getMetadata().getLabels()).containsEntry("karpenter.sh/nodepool", pool)
            .containsEntry("node.kubernetes.io/instance-type", "c6a.large");
        assertThat(claim.getStatus().getCapacity()).containsKey("cpu");

        // the kubelet stand-in registers a Node for the running instance (unregistered + startup taints, Ready) ...
        try (Ec2Client kubeletEc2 = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(ec2.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
             KubeletStandin kubelet = new KubeletStandin(client, new Ec2CloudInstances(kubeletEc2, Ec2SimulatorTestResource.CLUSTER),
                new CatalogInstanceTypeFacts("aws", new Ec2InstanceTypeFacts(kubeletEc2)),
                KubeletSettings.defaults().withCluster(Ec2SimulatorTestResource.CLUSTER).withBootDelay(Duration.ZERO)
                    .withInitDelay(Duration.ofMillis(500)).withUnregisteredTaint(true), Clock.systemUTC())) {
            kubelet.syncOnce();
            var node = client.nodes().list().getItems().stream()
                .filter(n -> instance.providerId().equals(n.getSpec().getProviderID())).findFirst().orElseThrow();
            String nodeName = node.getMetadata().getName();
            assertThat(node.getSpec().getTaints()).anyMatch(t -> t.getKey().equals("example.com/booting"));

            awaitStatus(launch, NodeClaimPhase.REGISTERED);
            await().atMost(WAIT).untilAsserted(() -> {
                var registered = client.nodes().withName(nodeName).get();
                assertThat(registered.getMetadata().getLabels()).containsEntry("karpenter.sh/registered", "true")
                    .containsEntry("karpenter.sh/nodepool", pool);
                assertThat(registered.getSpec().getTaints()).noneMatch(t -> t.getKey().equals("karpenter.sh/unregistered"));
            });
            assertThat(NodeClaimConditions.status(client.resources(NodeClaim.class).withName(launch.nodeClaimName()).get(),
                NodeClaimConditions.INITIALIZED)).isNotEqualTo("True"); // the startup taint is still there
            // ... and removes the startup taint once the node has "booted"
            await().atMost(WAIT).untilAsserted(() -> {
                kubelet.syncOnce();
                assertThat(client.nodes().withName(nodeName).get().getSpec().getTaints())
                    .noneMatch(t -> t.getKey().equals("example.com/booting"));
            });
            awaitStatus(launch, NodeClaimPhase.INITIALIZED);
            await().atMost(WAIT).untilAsserted(() -> {
                NodeClaim ready = client.resources(NodeClaim.class).withName(launch.nodeClaimName()).get();
                assertThat(ready.getStatus().getNodeName()).isEqualTo(nodeName);
                assertThat(NodeClaimConditions.status(ready, NodeClaimConditions.READY)).isEqualTo("True");
                assertThat(client.nodes().withName(nodeName).get().getMetadata().getLabels())
                    .containsEntry("karpenter.sh/initialized", "true");
            });
        }

        List<NodeClaimPhase> phases = kafka.readAll(Topics.NODECLAIMS_STATUS, Duration.ofMillis(500)).stream()
            .filter(r -> launch.nodeClaimName().equals(r.key()))
            .map(r -> EventJson.read(r.value(), NodeClaimStatusChange.class).phase()).distinct().toList();
        assertThat(phases).containsExactly(NodeClaimPhase.LAUNCHED, NodeClaimPhase.REGISTERED, NodeClaimPhase.INITIALIZED);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("karpenter_nodes_created_total{nodepool=\"" + launch.nodePool() + "\",zone=\"")
            .contains("karpenter_nodeclaims_created_total{min_values_relaxed=\"false\",nodepool=\"" + launch.nodePool()
                + "\",reason=\"provisioned\"}")
            .doesNotContain("karpenter_nodeclaims_launched_total").doesNotContain("karpenter_nodeclaims_registered_total")
            .doesNotContain("karpenter_nodeclaims_initialized_total");
    }

    @Test
    @Order(3)
    void aDuplicateRequestAndARedeliveryAfterACrashBetweenCreateFleetAndTheStatusWriteLaunchOnce() {
        String pool = nodePool("dup", List.of("c6a.large"), null, "");
        NodeClaimLaunch launch = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());

        double duplicatesBefore = requestsCounted("duplicate");
        send(launch);
        send(launch);
        awaitStatus(launch, NodeClaimPhase.LAUNCHED);
        await().atMost(WAIT).until(() -> requestsCounted("duplicate") > duplicatesBefore);
        assertThat(instancesOf(launch)).hasSize(1);

        // the state a crash after CreateFleet, before the NodeClaim status write and the offset commit, leaves
        String providerId = client.resources(NodeClaim.class).withName(launch.nodeClaimName()).get().getStatus().getProviderID();
        client.resources(NodeClaim.class).withName(launch.nodeClaimName()).editStatus(nc -> {
            nc.getStatus().setProviderID(null);
            nc.getStatus().setCapacity(null);
            NodeClaimConditions.set(nc, NodeClaimConditions.LAUNCHED, "Unknown", "AwaitingReconciliation", "", java.time.Instant.now());
            return nc;
        });
        send(launch); // redelivered after the restart

        await().atMost(WAIT).untilAsserted(() -> assertThat(client.resources(NodeClaim.class)
            .withName(launch.nodeClaimName()).get().getStatus().getProviderID()).isEqualTo(providerId));
        assertThat(instancesOf(launch)).hasSize(1);
        long fleets = ec2.requests("CreateFleet").stream()
            .filter(r -> r.parameter("ClientToken") != null && r.parameter("ClientToken").startsWith(launch.nodeClaimName()))
            .count();
        assertThat(fleets).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aRedeliveryAfterACrashBetweenTheNodeClaimsCreateAndItsStatusWriteLaunchesIt() {
        String pool = nodePool("nostatus", List.of("c6a.large"), null, "");
        NodeClaimLaunch launch = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        // what a delivery that stopped after the create, before its status write (updateStatus), leaves
        NodeClaim reserved = NodeClaimFactory.forLaunch(launch, client.resources(NodePool.class).withName(pool).get(), null,
            List.of("c6a.large"), java.time.Instant.now());
        reserved.setStatus(null);
        client.resources(NodeClaim.class).resource(reserved).create();

        send(launch); // redelivered after the restart

        NodeClaimStatusChange launched = awaitStatus(launch, NodeClaimPhase.LAUNCHED);
        assertThat(instancesOf(launch)).singleElement().extracting(InstanceSnapshot::providerId)
            .isEqualTo(launched.providerId());
        NodeClaim claim = client.resources(NodeClaim.class).withName(launch.nodeClaimName()).get();
        assertThat(claim.getStatus().getProviderID()).isEqualTo(launched.providerId());
        assertThat(NodeClaimConditions.status(claim, NodeClaimConditions.LAUNCHED)).isEqualTo("True");
    }

    @Test
    @Order(4)
    void insufficientCapacityOnTheCheapestOfferingLaunchesTheNextAndPublishesItsUnavailability() {
        String pool = nodePool("ice", List.of("c6a.large", "m6a.large"), null, "");
        NodeClaimLaunch launch = launch(pool, List.of("c6a.large", "m6a.large"), List.of("us-east-1c"), List.of());
        ec2.faults().insufficientCapacity("c6a.large", "us-east-1c", "on-demand");
        try {
            send(launch);
            awaitStatus(launch, NodeClaimPhase.LAUNCHED);
        } finally {
            ec2.faults().clearInsufficientCapacity();
        }
        assertThat(instancesOf(launch)).singleElement().extracting(InstanceSnapshot::instanceType).isEqualTo("m6a.large");
        var record = kafka.awaitRecord(Topics.OFFERINGS_UNAVAILABLE, r -> "c6a.large/us-east-1c/on-demand".equals(r.key()), WAIT);
        UnavailableOffering unavailable = EventJson.read(record.value(), UnavailableOffering.class);
        assertThat(unavailable.reason()).isEqualTo(Reason.INSUFFICIENT_CAPACITY);
        assertThat(unavailable.expiresAt()).isEqualTo(unavailable.markedAt().plus(UnavailableOffering.DEFAULT_TTL));
    }

    @Test
    @Order(5)
    void aForgedRequestForATypeOrZoneTheNodePoolDoesNotAllowIsRefusedAndNothingIsLaunched() {
        String pool = nodePool("strict", List.of("c6a.large"), "us-east-1a", "");
        NodeClaimLaunch wrongType = launch(pool, List.of("m6a.large"), List.of("us-east-1a"), List.of());
        NodeClaimLaunch wrongZone = launch(pool, List.of("c6a.large"), List.of("us-east-1b"), List.of());

        send(wrongType);
        send(wrongZone);

        for (NodeClaimLaunch forged : List.of(wrongType, wrongZone)) {
            DecisionRecord refusal = awaitDecisions(forged, 1, d -> d.reason() == Reason.INCOMPATIBLE_REQUIREMENTS).get(0);
            assertThat(refusal.message()).startsWith("launch refused: NodePool " + pool)
                .contains(forged == wrongType ? "m6a.large" : "us-east-1b");
            NodeClaimStatusChange failed = awaitStatus(forged, NodeClaimPhase.FAILED);
            assertThat(failed.reason()).isEqualTo(Reason.INCOMPATIBLE_REQUIREMENTS);
            assertThat(instancesOf(forged)).isEmpty();
            assertThat(client.resources(NodeClaim.class).withName(forged.nodeClaimName()).get()).isNull();
        }
    }

    @Test
    @Order(5)
    void aRequestForANodePoolThatDoesNotExistIsRefusedAndNothingIsLaunched() {
        // not in the informer: the launcher asks the API server (get nodepools) before refusing
        String pool = "nonexistent-" + UUID.randomUUID().toString().substring(0, 8);
        NodeClaimLaunch launch = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());

        send(launch);

        DecisionRecord refusal = awaitDecisions(launch, 1, d -> d.reason() == Reason.NODEPOOL_INVALID).get(0);
        assertThat(refusal.message()).isEqualTo("launch refused: NodePool " + pool + " is invalid: NodePool not found");
        assertThat(awaitStatus(launch, NodeClaimPhase.FAILED).reason()).isEqualTo(Reason.NODEPOOL_INVALID);
        assertThat(instancesOf(launch)).isEmpty();
        assertThat(client.resources(NodeClaim.class).withName(launch.nodeClaimName()).get()).isNull();
    }

    @Test
    @Order(5)
    void aDecisionTakenUpAfterItsExpiryIsNotLaunchedAndReportedExpiredUnlessItsNodeClaimWasCreatedInTime() {
        String pool = nodePool("late", List.of("c6a.large"), null, "");
        java.time.Instant decided = java.time.Instant.now().minusSeconds(120);
        NodeClaimLaunch expired = withLifetime(launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of()),
            decided, decided.plusSeconds(60));
        // a forged lifetime of a year: the launcher grants no more than max-launch-ttl after createdAt
        java.time.Instant longAgo = java.time.Instant.now().minus(Duration.ofHours(2));
        NodeClaimLaunch forged = withLifetime(launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of()),
            longAgo, longAgo.plus(Duration.ofDays(365)));

        send(expired);
        send(forged);

        for (NodeClaimLaunch late : List.of(expired, forged)) {
            NodeClaimStatusChange failed = awaitStatus(late, NodeClaimPhase.FAILED);
            assertThat(failed.reason()).isEqualTo(Reason.LAUNCH_EXPIRED);
            assertThat(failed.decisionId()).isEqualTo(late.decisionId());
            DecisionRecord record = awaitDecisions(late, 1, d -> d.reason() == Reason.LAUNCH_EXPIRED).get(0);
            assertThat(record.message()).startsWith("launch not attempted: launch decision expired at");
            assertThat(instancesOf(late)).isEmpty();
            assertThat(client.resources(NodeClaim.class).withName(late.nodeClaimName()).get()).isNull();
        }
        assertThat(requestsCounted("expired")).isGreaterThanOrEqualTo(2);

        // a redelivery after the expiry of a decision whose NodeClaim an earlier delivery created in time: finished
        NodeClaimLaunch inTime = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        send(inTime);
        awaitStatus(inTime, NodeClaimPhase.LAUNCHED);
        client.resources(NodeClaim.class).withName(inTime.nodeClaimName()).editStatus(nc -> {
            nc.getStatus().setProviderID(null);
            NodeClaimConditions.set(nc, NodeClaimConditions.LAUNCHED, "Unknown", "AwaitingReconciliation", "", java.time.Instant.now());
            return nc;
        });
        java.time.Instant early = java.time.Instant.now().minusSeconds(300);
        NodeClaimLaunch redelivered = withLifetime(inTime, early, early.plusSeconds(60));
        send(redelivered);
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.resources(NodeClaim.class)
            .withName(inTime.nodeClaimName()).get().getStatus().getProviderID()).isNotNull());
        assertThat(instancesOf(inTime)).hasSize(1);
        given().get("/q/metrics").then().statusCode(200)
            .body(containsString("kafkarpenter_launcher_launch_request_age_seconds"))
            .body(containsString("kafka_consumer_fetch_manager_records_lag_max{client_id=\"kafka-consumer-nodeclaims-launch\""));
    }

    private static NodeClaimLaunch withLifetime(NodeClaimLaunch l, java.time.Instant createdAt,
                                                java.time.Instant expiresAt) {
        return new NodeClaimLaunch(l.decisionId(), l.nodeClaimName(), l.nodePool(), l.nodeClassRef(), l.instanceTypes(),
            l.requirements(), l.labels(), l.annotations(), l.taints(), l.startupTaints(), l.resourceRequests(),
            l.expireAfter(), l.terminationGracePeriod(), l.pods(), l.reason(), createdAt, expiresAt);
    }

    @Test
    @Order(6)
    void throttlingIsRetriedWithBackoffAndSucceeds() {
        String pool = nodePool("throttled", List.of("c6a.large"), null, "");
        NodeClaimLaunch launch = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        ec2.faults().throttleNext(2, "CreateFleet");

        send(launch);

        awaitStatus(launch, NodeClaimPhase.LAUNCHED);
        assertThat(instancesOf(launch)).hasSize(1);
        var attempts = ec2.requests("CreateFleet").stream()
            .filter(r -> r.parameter("ClientToken") != null && r.parameter("ClientToken").startsWith(launch.nodeClaimName()))
            .toList();
        assertThat(attempts).hasSize(3);
        assertThat(attempts.subList(0, 2)).allMatch(r -> "RequestLimitExceeded".equals(r.errorCode()));
        assertThat(attempts.get(2).succeeded()).isTrue();
    }

    @Test
    @Order(7)
    void malformedAndInvalidRequestsGoToTheDeadLetterTopicAndTheNextGoodOneIsStillProcessed() {
        String pool = nodePool("dlq", List.of("c6a.large"), null, "");
        String notJson = "not-json-" + UUID.randomUUID();
        NodeClaimLaunch good = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        NodeClaimLaunch noOptions = new NodeClaimLaunch(good.decisionId() + "-x", good.nodeClaimName() + "x", pool,
            good.nodeClassRef(), List.of(), good.requirements(), good.labels(), good.annotations(), good.taints(),
            good.startupTaints(), good.resourceRequests(), good.expireAfter(), good.terminationGracePeriod(), good.pods(),
            good.reason(), good.createdAt(), good.expiresAt());

        kafka.send(Topics.NODECLAIMS_LAUNCH, notJson, "{this is not json");
        kafka.send(Topics.NODECLAIMS_LAUNCH, noOptions.key(), EventJson.toJson(noOptions));
        send(good);

        var dead = kafka.awaitRecord(Topics.dlq("launcher"), r -> notJson.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("not valid JSON");
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.NODECLAIMS_LAUNCH);
        var invalid = kafka.awaitRecord(Topics.dlq("launcher"), r -> r.value().contains(noOptions.decisionId()), WAIT);
        assertThat(KafkaTestClient.header(invalid, "dead-letter-reason")).contains("instanceTypes");
        awaitStatus(good, NodeClaimPhase.LAUNCHED);
    }

    @Test
    @Order(8)
    void anInstanceThatNeverRegistersIsTerminatedAfterTheRegistrationTtlAndItsNodeClaimDeleted() {
        String pool = nodePool("ghost", List.of("c6a.large"), null, "");
        NodeClaimLaunch launch = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());

        send(launch);
        NodeClaimStatusChange launched = awaitStatus(launch, NodeClaimPhase.LAUNCHED);

        NodeClaimStatusChange failed = awaitStatus(launch, NodeClaimPhase.FAILED, Duration.ofSeconds(45));
        assertThat(failed.reason()).isEqualTo(Reason.REGISTRATION_TIMEOUT);
        // the deletion runs the termination flow: instance terminated (ownership-checked), then the finalizer removed
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ec2.instance(launched.instanceId()).orElseThrow().state()).isIn("shutting-down", "terminated");
            assertThat(client.resources(NodeClaim.class).withName(launch.nodeClaimName()).get()).isNull();
        });
    }

    @Test
    @Order(9)
    void aTerminationWaitsForItsReplacementThenTerminatesTheInstanceAndDeletesNodeAndNodeClaim() {
        String pool = nodePool("drain", List.of("c6a.large"), null, "");
        NodeClaimLaunch old = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        NodeClaimLaunch replacement = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        send(old);
        send(replacement);
        NodeClaimStatusChange oldLaunched = awaitStatus(old, NodeClaimPhase.LAUNCHED);
        NodeClaimStatusChange replacementLaunched = awaitStatus(replacement, NodeClaimPhase.LAUNCHED);
        String oldNode = registerReadyNode(oldLaunched);
        awaitStatus(old, NodeClaimPhase.INITIALIZED);

        TerminationRequest request = new TerminationRequest(oldNode, old.nodeClaimName(), pool, Reason.UNDERUTILIZED,
            Reason.UNDERUTILIZED.format(oldNode, "replace with a cheaper node").text(), "cons-" + UUID.randomUUID(),
            List.of(replacement.nodeClaimName()), java.time.Instant.now());
        kafka.send(Topics.NODES_TERMINATE, request.key(), EventJson.toJson(request));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.nodes().withName(oldNode).get().getSpec().getTaints())
            .anyMatch(t -> t.getKey().equals("karpenter.sh/disrupted") && t.getEffect().equals("NoSchedule")));
        assertThat(ec2.instance(oldLaunched.instanceId()).orElseThrow().state()).isEqualTo("running");

        registerReadyNode(replacementLaunched);
        NodeClaimStatusChange replacementReady = awaitStatus(replacement, NodeClaimPhase.INITIALIZED);
        NodeClaimStatusChange terminating = awaitStatus(old, NodeClaimPhase.TERMINATING);
        NodeClaimStatusChange terminated = awaitStatus(old, NodeClaimPhase.TERMINATED);

        assertThat(terminating.at()).isAfterOrEqualTo(replacementReady.at());
        assertThat(terminated.reason()).isEqualTo(Reason.UNDERUTILIZED);
        assertThat(ec2.instance(oldLaunched.instanceId()).orElseThrow().state()).isIn("shutting-down", "terminated");
        assertThat(ec2.instance(replacementLaunched.instanceId()).orElseThrow().state()).isEqualTo("running");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.nodes().withName(oldNode).get()).isNull();
            assertThat(client.resources(NodeClaim.class).withName(old.nodeClaimName()).get()).isNull();
        });
    }

    @Test
    @Order(10)
    void anInstanceWhoseNodeClaimIsDeletedIsGarbageCollected() {
        String pool = nodePool("orphan", List.of("c6a.large"), null, "");
        NodeClaimLaunch launch = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        send(launch);
        NodeClaimStatusChange launched = awaitStatus(launch, NodeClaimPhase.LAUNCHED);

        client.resources(NodeClaim.class).withName(launch.nodeClaimName()).delete();

        await().atMost(WAIT).untilAsserted(() -> assertThat(ec2.instance(launched.instanceId()).orElseThrow().state())
            .isIn("shutting-down", "terminated"));
        assertThat(ec2.requests("TerminateInstances")).anyMatch(r -> launched.instanceId().equals(r.parameter("InstanceId.1")));
    }

    @Test
    @Order(11)
    void aReservationRacingAZombieOwnersIsWithdrawnWhenTogetherTheyExceedTheLimit() {
        String pool = nodePool("zombie", List.of("c6a.large"), null, "", "limits: {cpu: \"3\"}");
        NodeClaimLaunch launch = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        NodeClaimLaunch zombies = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        NodePool nodePool = client.resources(NodePool.class).withName(pool).get();
        // a replica that lost the partition without noticing reserves at the same moment
        handler.afterReservation(l -> {
            if (l.nodeClaimName().equals(launch.nodeClaimName())) {
                NodeClaim zombie = NodeClaimFactory.forLaunch(zombies, nodePool, null, List.of("c6a.large"), java.time.Instant.now());
                zombie.setStatus(null);
                client.resources(NodeClaim.class).resource(zombie).create();
            }
        });
        try {
            send(launch);
            DecisionRecord refused = awaitDecisions(launch, 1, d -> d.reason() == Reason.NODEPOOL_LIMIT_REACHED).get(0);
            assertThat(refused.message()).contains("cpu limit 3 reached");
        } finally {
            handler.afterReservation(null);
        }
        assertThat(instancesOf(launch)).isEmpty();
        // withdrawn: deleted (its finalizer is removed by the termination flow: nothing was launched)
        await().atMost(WAIT).untilAsserted(() ->
            assertThat(client.resources(NodeClaim.class).withName(launch.nodeClaimName()).get()).isNull());
        assertThat(client.resources(NodeClaim.class).withName(zombies.nodeClaimName()).get()).isNotNull();
    }

    @Test
    @Order(12)
    void twoGroupMembersAndConcurrentRequestsNeverExceedTheNodePoolCpuLimit() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        PartitionOwnership secondOwnership = new PartitionOwnership();
        List<String> handledBySecond = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> poolOfTest = new AtomicReference<>();
        Thread second = new Thread(() -> secondMember(running, secondOwnership, handledBySecond, poolOfTest, 3),
            "second-launcher");
        try {
            // the second replica joins the group and takes some of kk.nodeclaims.launch's partitions over from the
            // app; the NodePool is named so that its requests go to one of those (the key decides the partition)
            second.start();
            String name = await().atMost(WAIT).until(
                () -> Stream.generate(() -> "limited-" + UUID.randomUUID().toString().substring(0, 8))
                    .limit(64).filter(secondOwnership::ownsNodePool).findFirst().orElse(null), Objects::nonNull);
            String pool = nodePoolNamed(name, List.of("c6a.large"), null, "", "limits: {cpu: \"10\"}");
            poolOfTest.set(pool);
            List<NodeClaimLaunch> launches = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                launches.add(launch(pool, List.of("c6a.large"), List.of("us-east-1a", "us-east-1b"), List.of()));
            }
            launches.forEach(this::send);
            // it handles three requests and dies without committing: the app takes over and gets them all again
            second.join(WAIT.toMillis());
            assertThat(handledBySecond).hasSize(3);

            List<DecisionRecord> outcomes = new ArrayList<>();
            for (NodeClaimLaunch launch : launches) {
                outcomes.add(awaitDecisions(launch, 1, d -> true).get(0));
            }
            List<InstanceSnapshot> live = ec2.instances().stream()
                .filter(i -> pool.equals(i.tags().get("karpenter.sh/nodepool")))
                .filter(i -> !i.state().equals("terminated") && !i.state().equals("shutting-down")).toList();
            int vcpus = 2 * live.size(); // c6a.large
            assertThat(vcpus).isEqualTo(10);
            assertThat(live).extracting(i -> i.tags().get("karpenter.sh/nodeclaim")).doesNotHaveDuplicates();
            List<DecisionRecord> refused = outcomes.stream().filter(d -> d.reason() == Reason.NODEPOOL_LIMIT_REACHED).toList();
            assertThat(refused).hasSize(3).allMatch(d -> d.message().contains("cpu limit 10 reached"));
        } finally {
            running.set(false);
            second.join(20_000);
        }
    }

    /** A second launcher replica: a member of the launcher's consumer group running the same handler. */
    private void secondMember(AtomicBoolean running, PartitionOwnership ownership, List<String> handled,
                              AtomicReference<String> pool, int dieAfter) {
        // as the launcher's own principal: what its ACLs allow a replica (the group kk-launcher) is enough
        Properties config = SharedKafkaBroker.serviceProperties("launcher");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "kk-launcher");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.NODECLAIMS_LAUNCH), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                    ownership.revoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    ownership.assigned(partitions, consumer.partitionsFor(Topics.NODECLAIMS_LAUNCH).size());
                }
            });
            while (running.get() && handled.size() < dieAfter) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (handled.size() >= dieAfter) {
                        break; // "killed": nothing committed
                    }
                    try {
                        LaunchRequestConsumer.handle(record, ownership, handler);
                        if (record.key() != null && record.key().equals(pool.get())) {
                            handled.add(record.partition() + "@" + record.offset());
                        }
                    } catch (RuntimeException e) {
                        // a record the app would dead-letter: not this test's concern
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ termination

    @Test
    @Order(13)
    void aNodeClassThatIsNotReadyLaunchesNothingAndOnceReadyOnlyItsStatusSubnetsGroupsAndAmisAreUsed() {
        java.time.Instant start = java.time.Instant.now();
        String nodeClass = "status-only-" + UUID.randomUUID().toString().substring(0, 8);
        // selector terms that match nothing in EC2: only the status the tag-reconciler writes counts
        client.resources(EC2NodeClass.class).resource(KarpenterManifests.readOne("""
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata: {name: %s}
            spec:
              role: KarpenterNodeRole-kafkarpenter
              amiSelectorTerms: [{alias: al2023@latest}]
              subnetSelectorTerms: [{tags: {kk-test/nothing: here}}]
              securityGroupSelectorTerms: [{tags: {kk-test/nothing: here}}]
            """.formatted(nodeClass), EC2NodeClass.class)).create();
        String pool = nodePool("unready", List.of("c6a.large"), null, "");
        client.resources(NodePool.class).withName(pool).edit(np -> {
            np.getSpec().getTemplate().getSpec().getNodeClassRef().setName(nodeClass);
            return np;
        });
        NodeClaimLaunch unready = launch(pool, nodeClass, List.of("c6a.large"), List.of("us-east-1a", "us-east-1b"), List.of());

        send(unready);

        assertThat(awaitStatus(unready, NodeClaimPhase.FAILED).reason()).isEqualTo(Reason.NODECLASS_NOT_READY);
        DecisionRecord refusal = awaitDecisions(unready, 1, d -> d.reason() == Reason.NODECLASS_NOT_READY).get(0);
        assertThat(refusal.message()).startsWith("launch refused: EC2NodeClass " + nodeClass + " is not ready")
            .contains("no Ready condition");
        assertThat(client.resources(NodeClaim.class).withName(unready.nodeClaimName()).get()).isNull();
        assertThat(ec2.requests("CreateFleet")).noneMatch(r -> r.at().isAfter(start));

        // the tag-reconciler resolves it: one subnet (zone b), the cluster security group (no discovery tag), the AMIs
        String subnetB = ec2.subnetIdsByZone().get("us-east-1b");
        String clusterGroup = ec2.securityGroupIdsByName().get("eks-cluster-sg-kafkarpenter");
        client.resources(EC2NodeClass.class).resource(NodeClassFixtures.status().subnet("us-east-1b", subnetB)
            .securityGroup(clusterGroup, "eks-cluster-sg-kafkarpenter").al2023Amis(ec2::imageId)
            .applyTo(client.resources(EC2NodeClass.class).withName(nodeClass).get())).updateStatus();
        NodeClaimLaunch ready = launch(pool, nodeClass, List.of("c6a.large"), List.of("us-east-1a", "us-east-1b"), List.of());

        send(ready);

        awaitStatus(ready, NodeClaimPhase.LAUNCHED);
        InstanceSnapshot instance = instancesOf(ready).get(0);
        assertThat(instance.subnetId()).isEqualTo(subnetB);
        assertThat(instance.imageId()).isEqualTo(ec2.imageId("amazon-eks-node-al2023-x86_64-standard-*").orElseThrow());
        String template = ec2.requests("CreateFleet").stream().filter(r -> r.at().isAfter(start)).findFirst().orElseThrow()
            .parameter("LaunchTemplateConfigs.1.LaunchTemplateSpecification.LaunchTemplateName");
        assertThat(ec2.launchTemplateData(template).orElseThrow()).containsValue(clusterGroup)
            .doesNotContainValue(ec2.securityGroupIdsByName().get("kafkarpenter-node"));
        assertThat(ec2.requests().stream().filter(r -> r.at().isAfter(start)).map(r -> r.action()))
            .as("no selector resolution by the launcher").doesNotContain("DescribeSubnets", "DescribeSecurityGroups", "DescribeImages");
    }

    @Test
    @Order(20)
    void aUserDeletingANodeRunsTheTerminationFlowTaintDrainTerminateOnceThenFinalizersRemoved() {
        String pool = nodePool("kubectl", List.of("c6a.large"), null, "");
        Launched a = launchedAndInitialized(pool);
        assertThat(client.nodes().withName(a.node()).get().getMetadata().getFinalizers())
            .contains(DisruptionKeys.TERMINATION_FINALIZER);
        assertThat(client.resources(NodeClaim.class).withName(a.claim()).get().getMetadata().getFinalizers())
            .contains(DisruptionKeys.TERMINATION_FINALIZER);

        client.nodes().withName(a.node()).delete();

        NodeClaimStatusChange terminating = awaitStatus(a.launch(), NodeClaimPhase.TERMINATING);
        assertThat(terminating.reason()).isEqualTo(Reason.DELETED_BY_USER);
        NodeClaimStatusChange terminated = awaitStatus(a.launch(), NodeClaimPhase.TERMINATED);
        assertThat(terminated.instanceId()).isEqualTo(a.instanceId());
        assertThat(ec2.instance(a.instanceId()).orElseThrow().state()).isIn("shutting-down", "terminated");
        awaitGoneAfterOneTermination(a);
    }

    @Test
    @Order(21)
    void aUserDeletingANodeClaimDeletesItsNodeFirstAndTerminatesTheInstanceOnce() {
        String pool = nodePool("delnc", List.of("c6a.large"), null, "");
        Launched a = launchedAndInitialized(pool);

        client.resources(NodeClaim.class).withName(a.claim()).delete();

        await().atMost(WAIT).untilAsserted(() -> {
            var node = client.nodes().withName(a.node()).get();
            assertThat(node == null || node.getMetadata().getDeletionTimestamp() != null).isTrue();
        });
        awaitStatus(a.launch(), NodeClaimPhase.TERMINATED);
        awaitGoneAfterOneTermination(a);
    }

    @Test
    @Order(22)
    void forgedTerminationRequestsAreRefusedWithADecisionRecordAndNothingChanges() {
        String pool = nodePool("forged", List.of("c6a.large"), null, "");
        Launched a = launchedAndInitialized(pool);
        Launched victim = launchedAndInitialized(pool);
        String otherPool = nodePool("forged-other", List.of("c6a.large"), null, "");

        // 1. the request names the victim's node with another NodeClaim; 2. the wrong NodePool; 3. a NodeClaim the
        // launcher did not create (no finalizer, no decision id) pointing at the victim's node
        NodeClaim foreign = KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodeClaim
            metadata: {name: foreign-%s, labels: {karpenter.sh/nodepool: %s}}
            spec:
              nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
              requirements: []
            """.formatted(UUID.randomUUID().toString().substring(0, 8), pool), NodeClaim.class);
        client.resources(NodeClaim.class).resource(foreign).create();
        List<TerminationRequest> attacks = List.of(
            terminate(victim.node(), a.claim(), pool, List.of()),
            terminate(a.node(), a.claim(), otherPool, List.of()),
            terminate(victim.node(), foreign.getMetadata().getName(), pool, List.of()));
        attacks.forEach(r -> kafka.send(Topics.NODES_TERMINATE, r.key(), EventJson.toJson(r)));

        for (TerminationRequest attack : attacks) {
            var refusal = kafka.awaitRecord(Topics.DECISIONS, r -> attack.decisionId().equals(r.key()), WAIT);
            DecisionRecord record = EventJson.read(refusal.value(), DecisionRecord.class);
            assertThat(record.reason()).isEqualTo(Reason.TERMINATION_REFUSED);
            assertThat(record.kind()).isEqualTo(io.kafkarpenter.model.events.DecisionKind.INPUT);
        }
        for (Launched l : List.of(a, victim)) {
            assertThat(client.nodes().withName(l.node()).get().getSpec().getTaints())
                .noneMatch(t -> t.getKey().equals(DisruptionKeys.DISRUPTED_TAINT));
            NodeClaim claim = client.resources(NodeClaim.class).withName(l.claim()).get();
            assertThat(claim.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(claim.getMetadata().getAnnotations()).doesNotContainKey(DisruptionKeys.TERMINATION_REASON);
            assertThat(ec2.instance(l.instanceId()).orElseThrow().state()).isEqualTo("running");
        }
    }

    @Test
    @Order(23)
    void aForgedLaunchRecordCarryingTerminationAnnotationsCannotMarkANodeForTermination() {
        String pool = nodePool("forgedlaunch", List.of("c6a.large"), null, "");
        Launched victim = launchedAndInitialized(pool);
        NodeClaimLaunch honest = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        NodeClaimLaunch forged = new NodeClaimLaunch(honest.decisionId(), honest.nodeClaimName(), pool, honest.nodeClassRef(),
            honest.instanceTypes(), honest.requirements(), Map.of("evil", "true"),
            Map.of(DisruptionKeys.TERMINATION_REASON, "UNDERUTILIZED", DisruptionKeys.TERMINATION_NODE, victim.node(),
                DisruptionKeys.TERMINATION_DECISION, "forged", DisruptionKeys.TERMINATION_REPLACEMENTS, ""),
            honest.taints(), honest.startupTaints(), honest.resourceRequests(), honest.expireAfter(),
            honest.terminationGracePeriod(), honest.pods(), honest.reason(), honest.createdAt(), honest.expiresAt());

        send(forged);
        awaitStatus(forged, NodeClaimPhase.LAUNCHED);

        NodeClaim created = client.resources(NodeClaim.class).withName(forged.nodeClaimName()).get();
        assertThat(created.getMetadata().getAnnotations()).doesNotContainKeys(DisruptionKeys.TERMINATION_REASON,
            DisruptionKeys.TERMINATION_NODE).containsKey(io.kafkarpenter.model.crd.DriftHashes.NODEPOOL_HASH);
        assertThat(created.getMetadata().getLabels()).doesNotContainKey("evil");
        await().during(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() -> {
            assertThat(client.nodes().withName(victim.node()).get().getSpec().getTaints())
                .noneMatch(t -> t.getKey().equals(DisruptionKeys.DISRUPTED_TAINT));
            assertThat(ec2.instance(victim.instanceId()).orElseThrow().state()).isEqualTo("running");
        });
    }

    @Test
    @Order(24)
    void aReplacementThatNeverComesCancelsTheDisruptionAfterTheTimeoutAndUndoesIt() {
        String pool = nodePool("cancel", List.of("c6a.large"), null, "");
        Launched a = launchedAndInitialized(pool);
        TerminationRequest request = terminate(a.node(), a.claim(), pool, List.of(pool + "-never-launched"));
        kafka.send(Topics.NODES_TERMINATE, request.key(), EventJson.toJson(request));

        await().atMost(WAIT).untilAsserted(() -> {
            NodeClaim claim = client.resources(NodeClaim.class).withName(a.claim()).get();
            assertThat(claim.getMetadata().getAnnotations()).containsKey(DisruptionKeys.TERMINATION_ACCEPTED_AT);
            assertThat(NodeClaimConditions.status(claim, NodeClaimConditions.DISRUPTION_REASON)).isEqualTo("True");
            assertThat(client.nodes().withName(a.node()).get().getSpec().getTaints())
                .anyMatch(t -> t.getKey().equals(DisruptionKeys.DISRUPTED_TAINT));
        });
        var cancelled = kafka.awaitRecord(Topics.DECISIONS, r -> request.decisionId().equals(r.key())
            && EventJson.read(r.value(), DecisionRecord.class).reason() == Reason.DISRUPTION_CANCELLED, Duration.ofSeconds(40));
        assertThat(EventJson.read(cancelled.value(), DecisionRecord.class).message()).contains("not initialized within");
        await().atMost(WAIT).untilAsserted(() -> {
            NodeClaim claim = client.resources(NodeClaim.class).withName(a.claim()).get();
            assertThat(claim.getMetadata().getAnnotations().keySet()).noneMatch(k -> k.startsWith(DisruptionKeys.TERMINATION_PREFIX));
            assertThat(NodeClaimConditions.find(claim, NodeClaimConditions.DISRUPTION_REASON)).isEmpty();
            assertThat(client.nodes().withName(a.node()).get().getSpec().getTaints())
                .noneMatch(t -> t.getKey().equals(DisruptionKeys.DISRUPTED_TAINT));
        });
        assertThat(ec2.instance(a.instanceId()).orElseThrow().state()).isEqualTo("running");
    }

    @Test
    @Order(25)
    void aKubernetes500DuringATerminationRequestOrALaunchIsRetriedAndNotDeadLettered() {
        String pool = nodePool("retry", List.of("c6a.large"), null, "");
        Launched a = launchedAndInitialized(pool);
        double retriedBefore = counted("kafkarpenter_launcher_transient_failures_total{", "source=\"kubernetes\"");
        standin.expect().get().withPath("/apis/karpenter.sh/v1/nodeclaims/" + a.claim())
            .andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcd is sad\"}").times(3);
        TerminationRequest request = terminate(a.node(), a.claim(), pool, List.of());
        kafka.send(Topics.NODES_TERMINATE, request.key(), EventJson.toJson(request));

        awaitStatus(a.launch(), NodeClaimPhase.TERMINATED);

        NodeClaimLaunch launch = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        standin.expect().post().withPath("/apis/karpenter.sh/v1/nodeclaims")
            .andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcd is sad\"}").once();
        send(launch);
        awaitStatus(launch, NodeClaimPhase.LAUNCHED);

        assertThat(counted("kafkarpenter_launcher_transient_failures_total{", "source=\"kubernetes\"")).isGreaterThanOrEqualTo(retriedBefore + 4);
        assertThat(kafka.readAll(Topics.dlq("launcher"), Duration.ofMillis(500)))
            .noneMatch(r -> r.key() != null && (r.key().equals(request.key()) || r.key().equals(launch.key())
                && r.value().contains(launch.decisionId())));
    }

    @Test
    @Order(26)
    void anInvalidTerminationRequestGoesToTheDeadLetterTopicAndTheNextOneIsStillHandled() {
        String pool = nodePool("termdlq", List.of("c6a.large"), null, "");
        Launched a = launchedAndInitialized(pool);
        TerminationRequest wrongKey = terminate(a.node(), a.claim(), pool, List.of());
        String garbageKey = "garbage-" + UUID.randomUUID();
        kafka.send(Topics.NODES_TERMINATE, garbageKey, "{not json");
        kafka.send(Topics.NODES_TERMINATE, "not-" + a.node(), EventJson.toJson(wrongKey));
        TerminationRequest good = terminate(a.node(), a.claim(), pool, List.of());
        kafka.send(Topics.NODES_TERMINATE, good.key(), EventJson.toJson(good));

        var dead = kafka.awaitRecord(Topics.dlq("launcher"), r -> garbageKey.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.NODES_TERMINATE);
        var invalid = kafka.awaitRecord(Topics.dlq("launcher"), r -> ("not-" + a.node()).equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(invalid, "dead-letter-reason")).contains("nodeName");
        awaitStatus(a.launch(), NodeClaimPhase.TERMINATED);
    }

    @Test
    @Order(27)
    void anExpiredNodeIsTerminatedAtOnceAndARedeliveredRequestChangesNothing() {
        // the launcher accepts EXPIRED only for a NodeClaim that has expired (by the NodePool's expireAfter here)
        String pool = nodePool("expire", List.of("c6a.large"), null, "expireAfter: 1s");
        Launched a = launchedAndInitialized(pool);
        // EXPIRED: replacements, if any were named, are not waited for
        TerminationRequest expired = new TerminationRequest(a.node(), a.claim(), pool, Reason.EXPIRED,
            Reason.EXPIRED.format(a.node(), "720h").text(), "cons-" + UUID.randomUUID(), List.of(pool + "-not-there"),
            java.time.Instant.now());
        kafka.send(Topics.NODES_TERMINATE, expired.key(), EventJson.toJson(expired));
        kafka.send(Topics.NODES_TERMINATE, expired.key(), EventJson.toJson(expired));

        NodeClaimStatusChange terminated = awaitStatus(a.launch(), NodeClaimPhase.TERMINATED);
        assertThat(terminated.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(terminated.decisionId()).isEqualTo(expired.decisionId());
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.resources(NodeClaim.class).withName(a.claim()).get()).isNull());
        // the redelivery after the end is refused (its NodeClaim is gone), nothing else happens
        assertThat(kafka.readAll(Topics.NODECLAIMS_STATUS, Duration.ofMillis(500)).stream()
            .filter(r -> a.claim().equals(r.key()))
            .filter(r -> EventJson.read(r.value(), NodeClaimStatusChange.class).phase() == NodeClaimPhase.TERMINATED)).hasSize(1);
        assertThat(terminateCalls(a)).isEqualTo(1);
    }

    @Test
    @Order(28)
    void aReplacementThatFailedToLaunchCancelsTheDisruptionAtOnce() {
        String pool = nodePool("failedrepl", List.of("c6a.large"), null, "");
        Launched a = launchedAndInitialized(pool);
        NodeClaimLaunch failing = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        NodeClaim replacement = NodeClaimFactory.forLaunch(failing, client.resources(NodePool.class).withName(pool).get(), null,
            List.of("c6a.large"), java.time.Instant.now());
        var conditions = replacement.getStatus();
        replacement.setStatus(null);
        NodeClaim created = client.resources(NodeClaim.class).resource(replacement).create();
        created.setStatus(conditions);
        NodeClaimConditions.set(created, NodeClaimConditions.LAUNCHED, "False", "LaunchFailed", "boom", java.time.Instant.now());
        client.resources(NodeClaim.class).resource(created).updateStatus();

        TerminationRequest request = terminate(a.node(), a.claim(), pool, List.of(failing.nodeClaimName()));
        kafka.send(Topics.NODES_TERMINATE, request.key(), EventJson.toJson(request));

        var cancelled = kafka.awaitRecord(Topics.DECISIONS, r -> request.decisionId().equals(r.key())
            && EventJson.read(r.value(), DecisionRecord.class).reason() == Reason.DISRUPTION_CANCELLED, WAIT);
        assertThat(EventJson.read(cancelled.value(), DecisionRecord.class).message()).contains("failed to launch");
        await().atMost(WAIT).untilAsserted(() -> {
            NodeClaim claim = client.resources(NodeClaim.class).withName(a.claim()).get();
            assertThat(claim.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(claim.getMetadata().getAnnotations()).doesNotContainKey(DisruptionKeys.TERMINATION_REASON);
            assertThat(client.nodes().withName(a.node()).get().getSpec().getTaints())
                .noneMatch(t -> t.getKey().equals(DisruptionKeys.DISRUPTED_TAINT));
        });
        assertThat(ec2.instance(a.instanceId()).orElseThrow().state()).isEqualTo("running");
    }

    @Test
    @Order(29)
    void aReplacementAtTheNodePoolLimitIsAdmittedOneOverItIsRefusedAndItsDisruptionCancelledAtOnce() {
        String pool = nodePool("limitrepl", List.of("c6a.large"), null, "", "limits: {cpu: 2}");
        Launched a = launchedAndInitialized(pool);
        NodeClaimLaunch atLimit = replacement(launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of()),
            Reason.UNDERUTILIZED);
        send(atLimit);
        awaitStatus(atLimit, NodeClaimPhase.LAUNCHED);

        // the NodePool is now over its limit (4 of 2 cpu) until the replaced node goes: the next replacement is refused
        NodeClaimLaunch overLimit = replacement(launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of()),
            Reason.DRIFTED);
        send(overLimit);
        awaitStatus(overLimit, NodeClaimPhase.FAILED);
        TerminationRequest request = terminate(a.node(), a.claim(), pool, List.of(overLimit.nodeClaimName()));
        kafka.send(Topics.NODES_TERMINATE, request.key(), EventJson.toJson(request));

        var cancelled = kafka.awaitRecord(Topics.DECISIONS, r -> request.decisionId().equals(r.key())
            && EventJson.read(r.value(), DecisionRecord.class).reason() == Reason.DISRUPTION_CANCELLED, Duration.ofSeconds(20));
        assertThat(EventJson.read(cancelled.value(), DecisionRecord.class).message()).contains("was not launched")
            .contains("limit");
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.nodes().withName(a.node()).get().getSpec().getTaints())
            .noneMatch(t -> t.getKey().equals(DisruptionKeys.DISRUPTED_TAINT)));
        assertThat(client.resources(NodeClaim.class).withName(overLimit.nodeClaimName()).get()).isNull();
        assertThat(ec2.instance(a.instanceId()).orElseThrow().state()).isEqualTo("running");
    }

    @Test
    @Order(30)
    void aTerminationRequestBeyondTheNodePoolsDisruptionBudgetIsRefusedAndItsNodeClaimUntouched() {
        String pool = nodePool("budget", List.of("c6a.large"), null, "", "disruption: {budgets: [{nodes: \"1\"}]}");
        Launched a = launchedAndInitialized(pool);
        Launched b = launchedAndInitialized(pool);
        // the first waits for a replacement that never comes: a stays disrupting (until the replacement timeout)
        TerminationRequest first = terminate(a.node(), a.claim(), pool, List.of(pool + "-never-launched"));
        kafka.send(Topics.NODES_TERMINATE, first.key(), EventJson.toJson(first));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.resources(NodeClaim.class).withName(a.claim()).get()
            .getMetadata().getAnnotations()).containsKey(DisruptionKeys.TERMINATION_REASON));

        // a second one, legitimate in every other respect (or forged by whoever can write the topic)
        TerminationRequest second = terminate(b.node(), b.claim(), pool, List.of());
        kafka.send(Topics.NODES_TERMINATE, second.key(), EventJson.toJson(second));
        var refusal = kafka.awaitRecord(Topics.DECISIONS, r -> second.decisionId().equals(r.key()), WAIT);
        DecisionRecord record = EventJson.read(refusal.value(), DecisionRecord.class);
        assertThat(record.reason()).isEqualTo(Reason.TERMINATION_REFUSED);
        assertThat(record.kind()).isEqualTo(io.kafkarpenter.model.events.DecisionKind.INPUT);
        assertThat(record.message()).contains("NodePool " + pool).contains("{nodes: \"1\"}").contains("Underutilized")
            .contains("allows 1 of its 2 initialized nodes").contains("1 already is");
        // nor can it get around the budget by calling the node expired (EXPIRED is forceful, for expired nodes only)
        TerminationRequest forgedExpiry = new TerminationRequest(b.node(), b.claim(), pool, Reason.EXPIRED, "forged",
            "cons-" + UUID.randomUUID(), List.of(), java.time.Instant.now());
        kafka.send(Topics.NODES_TERMINATE, forgedExpiry.key(), EventJson.toJson(forgedExpiry));
        var expiryRefusal = kafka.awaitRecord(Topics.DECISIONS, r -> forgedExpiry.decisionId().equals(r.key()), WAIT);
        assertThat(EventJson.read(expiryRefusal.value(), DecisionRecord.class).message())
            .contains("NodeClaim " + b.claim() + " has not expired");

        NodeClaim untouched = client.resources(NodeClaim.class).withName(b.claim()).get();
        assertThat(untouched.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(untouched.getMetadata().getAnnotations().keySet()).noneMatch(k -> k.startsWith(DisruptionKeys.TERMINATION_PREFIX));
        assertThat(NodeClaimConditions.find(untouched, NodeClaimConditions.DISRUPTION_REASON)).isEmpty();
        assertThat(client.nodes().withName(b.node()).get().getSpec().getTaints())
            .noneMatch(t -> t.getKey().equals(DisruptionKeys.DISRUPTED_TAINT));
        assertThat(ec2.instance(b.instanceId()).orElseThrow().state()).isEqualTo("running");
        assertThat(client.nodes().withName(a.node()).get().getSpec().getTaints())
            .anyMatch(t -> t.getKey().equals(DisruptionKeys.DISRUPTED_TAINT));
    }

    /** The same launch as a disruption's replacement (its reason a disruption reason). */
    private static NodeClaimLaunch replacement(NodeClaimLaunch l, Reason reason) {
        return new NodeClaimLaunch(l.decisionId(), l.nodeClaimName(), l.nodePool(), l.nodeClassRef(), l.instanceTypes(),
            l.requirements(), l.labels(), l.annotations(), l.taints(), l.startupTaints(), l.resourceRequests(),
            l.expireAfter(), l.terminationGracePeriod(), l.pods(), reason, l.createdAt(), l.expiresAt());
    }

    /** A launched instance whose Node registered and is initialized. */
    private record Launched(NodeClaimLaunch launch, String claim, String instanceId, String node) {
    }

    private Launched launchedAndInitialized(String pool) {
        NodeClaimLaunch launch = launch(pool, List.of("c6a.large"), List.of("us-east-1a"), List.of());
        send(launch);
        NodeClaimStatusChange launched = awaitStatus(launch, NodeClaimPhase.LAUNCHED);
        String node = registerReadyNode(launched);
        awaitStatus(launch, NodeClaimPhase.INITIALIZED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.nodes().withName(node).get().getMetadata().getFinalizers())
            .contains(DisruptionKeys.TERMINATION_FINALIZER));
        return new Launched(launch, launch.nodeClaimName(), launched.instanceId(), node);
    }

    /** Node and NodeClaim gone, and EC2 asked once to terminate the instance. */
    private void awaitGoneAfterOneTermination(Launched a) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.nodes().withName(a.node()).get()).isNull();
            assertThat(client.resources(NodeClaim.class).withName(a.claim()).get()).isNull();
        });
        assertThat(terminateCalls(a)).isEqualTo(1);
    }

    /** TerminateInstances calls EC2 answered for this instance. */
    private long terminateCalls(Launched a) {
        return ec2.requests("TerminateInstances").stream()
            .filter(r -> a.instanceId().equals(r.parameter("InstanceId.1"))).count();
    }

    private static TerminationRequest terminate(String node, String claim, String pool, List<String> replacements) {
        return new TerminationRequest(node, claim, pool, Reason.UNDERUTILIZED, "test", "cons-" + UUID.randomUUID(),
            replacements, java.time.Instant.now());
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    private String nodePool(String prefix, List<String> types, String zone, String templateExtra, String... specExtra) {
        return nodePoolNamed(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), types, zone, templateExtra,
            specExtra);
    }

    private String nodePoolNamed(String name, List<String> types, String zone, String templateExtra, String... specExtra) {
        String yaml = """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: %s}
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  requirements:
                    - {key: node.kubernetes.io/instance-type, operator: In, values: [%s]}
                    - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
            %s
                  %s
            %s
            """.formatted(name, String.join(", ", types),
            zone == null ? "" : "        - {key: topology.kubernetes.io/zone, operator: In, values: [" + zone + "]}",
            templateExtra, specExtra.length == 0 ? "" : "  " + specExtra[0]);
        client.resources(NodePool.class).resource(KarpenterManifests.readOne(yaml, NodePool.class)).create();
        return name;
    }

    /** A Ready Node for a launched instance, as a kubelet registers it (no startup taints). */
    private String registerReadyNode(NodeClaimStatusChange launched) {
        String name = "ip-" + launched.instanceId();
        client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(name).endMetadata()
            .withNewSpec().withProviderID(launched.providerId())
                .addNewTaint().withKey("karpenter.sh/unregistered").withEffect("NoExecute").endTaint().endSpec()
            .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
            .build()).create();
        return name;
    }

    private static NodeClaimLaunch launch(String pool, List<String> types, List<String> zones, List<TaintSpec> startupTaints) {
        return launch(pool, "default", types, zones, startupTaints);
    }

    private static NodeClaimLaunch launch(String pool, String nodeClass, List<String> types, List<String> zones,
                                          List<TaintSpec> startupTaints) {
        String decisionId = "prov-" + UUID.randomUUID();
        List<InstanceTypeOption> options = new ArrayList<>();
        for (String type : types) {
            List<OfferingOption> offerings = new ArrayList<>();
            for (String zone : zones) {
                offerings.add(OfferingOption.of(zone, "on-demand", PRICES.get(type)));
            }
            options.add(new InstanceTypeOption(type, offerings));
        }
        options.sort(InstanceTypeOption.CHEAPEST_FIRST);
        return new NodeClaimLaunch(decisionId, NodeClaimLaunch.deriveName(pool, decisionId, 0), pool,
            NodeClassRef.ec2NodeClass(nodeClass), options,
            List.of(NodeClaimRequirement.in("karpenter.sh/nodepool", pool),
                NodeClaimRequirement.in("karpenter.sh/capacity-type", "on-demand"),
                new NodeClaimRequirement("node.kubernetes.io/instance-type", "In", types, null)),
            Map.of(), Map.of(), List.of(), startupTaints, Map.of("cpu", "1", "memory", "1Gi", "pods", "1"), "720h", null,
            List.of(), Reason.SCHEDULED_NEW_NODECLAIM, java.time.Instant.now(), java.time.Instant.now().plusSeconds(600));
    }

    private static double counted(String metric, String label) {
        return given().get("/q/metrics").then().extract().asString().lines()
            .filter(l -> l.startsWith(metric) && l.contains(label))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** {@code kafkarpenter_launcher_launch_requests_total{outcome=...}} from the app's Prometheus endpoint; 0 before the first. */
    private static double requestsCounted(String outcome) {
        String label = "outcome=\"" + outcome + "\"";
        return given().get("/q/metrics").then().extract().asString().lines()
            .filter(l -> l.startsWith("kafkarpenter_launcher_launch_requests_total{") && l.contains(label))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private void send(NodeClaimLaunch launch) {
        kafka.send(Topics.NODECLAIMS_LAUNCH, launch.key(), EventJson.toJson(launch));
    }

    private List<InstanceSnapshot> instancesOf(NodeClaimLaunch launch) {
        return ec2.instances().stream().filter(i -> launch.nodeClaimName().equals(i.tags().get("karpenter.sh/nodeclaim")))
            .toList();
    }

    private static NodeClaimStatusChange awaitStatus(NodeClaimLaunch launch, NodeClaimPhase phase) {
        return awaitStatus(launch, phase, WAIT);
    }

    private static NodeClaimStatusChange awaitStatus(NodeClaimLaunch launch, NodeClaimPhase phase, Duration wait) {
        var record = kafka.awaitRecord(Topics.NODECLAIMS_STATUS, r -> launch.nodeClaimName().equals(r.key())
            && EventJson.read(r.value(), NodeClaimStatusChange.class).phase() == phase, wait);
        return EventJson.read(record.value(), NodeClaimStatusChange.class);
    }

    private static List<DecisionRecord> awaitDecisions(NodeClaimLaunch launch, int count, Predicate<DecisionRecord> matching) {
        List<DecisionRecord> found = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            found.clear();
            kafka.readAll(Topics.DECISIONS, Duration.ofMillis(300)).stream()
                .filter(r -> launch.decisionId().equals(r.key()))
                .map(r -> EventJson.read(r.value(), DecisionRecord.class)).filter(matching).forEach(found::add);
            assertThat(found).hasSizeGreaterThanOrEqualTo(count);
        });
        return found;
    }
}
