package io.kafkarpenter.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.launcher.ec2.Tags;
import io.kafkarpenter.launcher.launch.InstanceLauncher;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InstanceTypeOption;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.NodeClaimRequirement;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.OfferingOption;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.InstanceSnapshot;
import io.kafkarpenter.sandbox.ec2.RequestLimitsSpec;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.WithKafka;
import io.kafkarpenter.testing.kube.KubeAdmin;
import io.kafkarpenter.testing.kube.WithKubeStandin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Many launch records at once (launcher DESIGN.md, "Concurrent launches" and "Batched CreateFleet"): handled
 * concurrently, identical CreateFleet inputs merged, NodePool limits kept, one instance per NodeClaim — also when the
 * members of a merged call are handled again after its answer and before their status writes.
 */
@QuarkusTest
@WithKubeStandin(service = "launcher")
@WithKafka(service = "launcher")
@QuarkusTestResource(value = Ec2SimulatorTestResource.class, restrictToAnnotatedClass = false)
class LaunchBatchIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Map<String, Double> PRICES = new ConcurrentHashMap<>();
    private static KafkaTestClient kafka;

    @KubeAdmin
    KubernetesClient client;

    @Inject
    InstanceLauncher instances;

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
        Ec2SimulatorTestResource.ensureDefaultNodeClass(client, ec2);
    }

    @Test
    void twoHundredRecordsAtOnceAreLaunchedInFewCreateFleetCallsOneInstanceEachWithinTheNodePoolLimit() {
        String open = nodePool("open", List.of("c6a.large", "m6a.large"), "");
        String limited = nodePool("limited", List.of("c6a.large"), "limits: {cpu: \"100\"}");
        List<NodeClaimLaunch> launches = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            launches.add(launch(open, "c6a.large"));
            launches.add(launch(open, "m6a.large"));
        }
        List<NodeClaimLaunch> limitedLaunches = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            limitedLaunches.add(launch(limited, "c6a.large"));
        }
        long fleetsBefore = ec2.requests("CreateFleet").size();
        // EC2's request limits: CreateFleet 50 calls, 5 more a second (aws-apis §5)
        ec2.requestLimits().apply(RequestLimitsSpec.awsDefaults());
        try {
            // the limited pool first: its NodeClaims are all decided long before the registration TTL (20 s in these
            // tests, no kubelet here) could delete launched ones and free capacity
            limitedLaunches.forEach(this::send);
            launches.forEach(this::send);
            awaitAllLaunched(open, limited, limitedLaunches, fleetsBefore);
        } finally {
            ec2.requestLimits().apply(RequestLimitsSpec.disabled());
        }
    }

    private void awaitAllLaunched(String open, String limited, List<NodeClaimLaunch> limitedLaunches, long fleetsBefore) {
        // every NodeClaim of the open pool launched, each with its own instance
        await().atMost(WAIT).untilAsserted(() -> assertThat(launchedRecords(open)).hasSize(120));
        assertOneInstancePerNodeClaim(open, 120);
        // 100 cpu of 2-vcpu c6a.large: 50 launched, 30 refused, never more instances than the limit allows
        await().atMost(WAIT).untilAsserted(() -> assertThat(refusals(limitedLaunches)).hasSize(30));
        await().atMost(WAIT).untilAsserted(() -> assertThat(launchedRecords(limited)).hasSize(50));
        assertOneInstancePerNodeClaim(limited, 50);
        assertThat(refusals(limitedLaunches)).allSatisfy(d -> assertThat(d.message()).contains("cpu limit 100 reached"));

        long fleets = ec2.requests("CreateFleet").size() - fleetsBefore;
        assertThat(fleets).as("CreateFleet calls for 170 launched NodeClaims").isLessThanOrEqualTo(40);
        assertThat(ec2.instances()).filteredOn(i -> open.equals(i.tags().get(Tags.NODEPOOL)))
            .anyMatch(i -> i.tags().containsKey(Tags.LAUNCH_BATCH));
        assertThat(given("/q/metrics")).contains("karpenter_cloudprovider_batcher_batch_size_count{batcher=\"create_fleet\"}");
        assertThat(ec2.requestLimits().report().throttled().getOrDefault("CreateFleet", 0L)).as("throttled CreateFleet calls")
            .isZero();
    }

    @Test
    void membersOfAMergedCreateFleetHandledAgainAfterItsAnswerAndBeforeTheirStatusWritesAdoptTheirInstances() {
        String pool = nodePool("crash", List.of("c6a.large"), "");
        List<NodeClaimLaunch> launches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            launches.add(launch(pool, "c6a.large"));
        }
        Set<String> names = launches.stream().map(NodeClaimLaunch::nodeClaimName).collect(Collectors.toSet());
        Set<String> crashed = ConcurrentHashMap.newKeySet();
        // the first answer of each is "lost": the handling dies right after CreateFleet answered, as in a kill -9
        // before any status write, and the record is handled again (retried in place, as a redelivery would be)
        instances.afterFleetAnswer(name -> {
            if (names.contains(name) && crashed.add(name)) {
                throw new IllegalStateException("crash after CreateFleet answered, before the status writes");
            }
        });
        try {
            launches.forEach(this::send);
            await().atMost(WAIT).untilAsserted(() -> assertThat(launchedRecords(pool)).hasSize(20));
        } finally {
            instances.afterFleetAnswer(null);
        }
        assertThat(crashed).hasSize(20);
        assertOneInstancePerNodeClaim(pool, 20);
        assertThat(ec2.instances()).filteredOn(i -> pool.equals(i.tags().get(Tags.NODEPOOL)))
            .anyMatch(i -> i.tags().containsKey(Tags.LAUNCH_BATCH));

        // and a redelivery of every record after they were recorded launches nothing more
        launches.forEach(this::send);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> assertOneInstancePerNodeClaim(pool, 20));
    }

    /**
     * Exactly {@code count} instances in the pool (in any state: without a kubelet here, the registration TTL
     * terminates the earliest ones while a slow run goes on), each the instance of exactly one LAUNCHED NodeClaim.
     */
    private void assertOneInstancePerNodeClaim(String pool, int count) {
        List<InstanceSnapshot> instancesOfPool = ec2.instances().stream()
            .filter(i -> pool.equals(i.tags().get(Tags.NODEPOOL))).toList();
        Map<String, String> launched = launchedRecords(pool);
        assertThat(instancesOfPool).hasSize(count);
        assertThat(launched).hasSize(count);
        assertThat(Set.copyOf(launched.values())).hasSize(count)
            .containsExactlyInAnyOrderElementsOf(instancesOfPool.stream().map(InstanceSnapshot::providerId).toList());
    }

    /** NodeClaim name → providerID of every LAUNCHED record of the pool's NodeClaims on kk.nodeclaims.status. */
    private Map<String, String> launchedRecords(String pool) {
        Map<String, String> out = new java.util.HashMap<>();
        kafka.readAll(Topics.NODECLAIMS_STATUS, Duration.ofMillis(300)).stream()
            .filter(r -> r.key() != null && r.key().startsWith(pool + "-"))
            .map(r -> EventJson.read(r.value(), NodeClaimStatusChange.class))
            .filter(c -> c.phase() == NodeClaimPhase.LAUNCHED)
            .forEach(c -> {
                String before = out.put(c.nodeClaimName(), c.providerId());
                assertThat(before == null || before.equals(c.providerId()))
                    .as("NodeClaim " + c.nodeClaimName() + " launched as " + before + " and " + c.providerId()).isTrue();
            });
        return out;
    }

    private List<DecisionRecord> refusals(List<NodeClaimLaunch> launches) {
        Set<String> ids = launches.stream().map(NodeClaimLaunch::decisionId).collect(Collectors.toSet());
        return kafka.readAll(Topics.DECISIONS, Duration.ofMillis(300)).stream().filter(r -> ids.contains(r.key()))
            .map(r -> EventJson.read(r.value(), DecisionRecord.class))
            .filter(d -> d.reason() == Reason.NODEPOOL_LIMIT_REACHED).toList();
    }

    private String nodePool(String prefix, List<String> types, String specExtra) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.resources(NodePool.class).resource(KarpenterManifests.readOne("""
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
            """.formatted(name, String.join(", ", types), specExtra), NodePool.class)).create();
        return name;
    }

    private static NodeClaimLaunch launch(String pool, String type) {
        String decisionId = "prov-" + UUID.randomUUID();
        return new NodeClaimLaunch(decisionId, NodeClaimLaunch.deriveName(pool, decisionId, 0), pool,
            NodeClassRef.ec2NodeClass("default"),
            List.of(new InstanceTypeOption(type, List.of(OfferingOption.of("us-east-1a", "on-demand", PRICES.get(type))))),
            List.of(NodeClaimRequirement.in("karpenter.sh/nodepool", pool),
                NodeClaimRequirement.in("karpenter.sh/capacity-type", "on-demand"),
                new NodeClaimRequirement("node.kubernetes.io/instance-type", "In", List.of(type), null)),
            Map.of(), Map.of(), List.of(), List.of(), Map.of("cpu", "1", "memory", "1Gi", "pods", "1"), "720h", null,
            List.of(), Reason.SCHEDULED_NEW_NODECLAIM, Instant.now(), Instant.now().plusSeconds(600));
    }

    private void send(NodeClaimLaunch launch) {
        kafka.send(Topics.NODECLAIMS_LAUNCH, launch.key(), EventJson.toJson(launch));
    }

    private static String given(String path) {
        return io.restassured.RestAssured.given().get(path).then().statusCode(200).extract().asString();
    }
}
