package io.kafkarpenter.launcher.termination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.launcher.Ec2SimulatorTestResource;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodePool;
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
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.WithKafka;
import io.kafkarpenter.testing.kube.KubeAdmin;
import io.kafkarpenter.testing.kube.WithKubeStandin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The termination flow draining real pods through the Eviction API of the Kubernetes stand-in (PodDisruptionBudgets
 * enforced), with the real broker and the EC2 simulator: {@code kubectl delete node} on a node carrying a free pod,
 * two pods under a budget that allows no disruption, a {@code do-not-disrupt} pod, a DaemonSet pod and a mirror pod.
 */
@QuarkusTest
@WithKubeStandin(service = "launcher")
@WithKafka(service = "launcher")
@QuarkusTestResource(value = Ec2SimulatorTestResource.class, restrictToAnnotatedClass = false)
class DrainIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaTestClient kafka;

    @KubeAdmin
    KubernetesClient client;

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
    void aDeletedNodeIsDrainedInTiersRespectingBudgetsAndDoNotDisruptUntilTheGracePeriodForcesThem() {
        String pool = "drain-" + UUID.randomUUID().toString().substring(0, 8);
        setUp(pool);
        NodeClaimLaunch launch = launch(pool, "20s");
        kafka.send(Topics.NODECLAIMS_LAUNCH, launch.key(), EventJson.toJson(launch));
        NodeClaimStatusChange launched = awaitStatus(launch, NodeClaimPhase.LAUNCHED);
        String node = "ip-" + launched.instanceId();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata()
            .withNewSpec().withProviderID(launched.providerId()).endSpec()
            .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        awaitStatus(launch, NodeClaimPhase.INITIALIZED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.nodes().withName(node).get().getMetadata().getFinalizers())
            .contains(DisruptionKeys.TERMINATION_FINALIZER));

        pod("free", node, Map.of(), Map.of(), false);
        pod("web-0", node, Map.of("app", "web"), Map.of(), false);
        pod("web-1", node, Map.of("app", "web"), Map.of(), false);
        pod("pinned", node, Map.of(), Map.of(DisruptionKeys.DO_NOT_DISRUPT, "true"), false);
        pod("logs", node, Map.of(), Map.of(), true);
        pod("static", node, Map.of(), Map.of("kubernetes.io/config.mirror", "x"), false);
        client.policy().v1().podDisruptionBudget().inNamespace("default").resource(new PodDisruptionBudgetBuilder()
            .withNewMetadata().withName("web").endMetadata().withNewSpec().withMinAvailable(new IntOrString(2))
            .withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build()).create();

        Instant deleted = Instant.now();
        client.nodes().withName(node).delete();

        // tainted and excluded from load balancers; the free pod evicted; the DaemonSet pod waits for its tier
        await().atMost(WAIT).untilAsserted(() -> {
            var n = client.nodes().withName(node).get();
            assertThat(n.getSpec().getTaints()).anyMatch(t -> t.getKey().equals(DisruptionKeys.DISRUPTED_TAINT)
                && t.getEffect().equals("NoSchedule"));
            assertThat(n.getMetadata().getLabels()).containsEntry(DisruptionKeys.EXCLUDE_FROM_LOAD_BALANCERS, "karpenter");
            assertThat(pod("free")).isNull();
        });
        assertThat(NodeClaimConditions.status(client.resources(NodeClaim.class).withName(launch.nodeClaimName()).get(),
            NodeClaimConditions.DRAINED)).isEqualTo("Unknown");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            assertThat(pod("web-0")).isNotNull();
            assertThat(pod("web-1")).isNotNull();
            assertThat(pod("pinned")).isNotNull();
            assertThat(pod("logs")).isNotNull();
        });
        // blocked evictions are recorded once per pod, not every round
        List<DecisionRecord> blocked = kafka.readAll(Topics.DECISIONS, Duration.ofMillis(500)).stream()
            .filter(r -> launch.nodeClaimName().equals(r.key())).map(r -> EventJson.read(r.value(), DecisionRecord.class))
            .filter(d -> d.reason() == Reason.EVICTION_BLOCKED).toList();
        assertThat(blocked).extracting(DecisionRecord::message).anyMatch(m -> m.contains("default/web-0")
            && m.contains("PodDisruptionBudget")).anyMatch(m -> m.contains("default/pinned") && m.contains("do-not-disrupt"));
        assertThat(blocked.stream().filter(d -> d.message().contains("default/pinned"))).hasSize(1);

        // terminationGracePeriod 20s, pods' own grace 5s: force-deleted from ~15s after the deletion, then the
        // DaemonSet tier, then the instance; the mirror pod is never touched
        NodeClaimStatusChange terminated = awaitStatus(launch, NodeClaimPhase.TERMINATED, Duration.ofSeconds(60));
        assertThat(terminated.at()).isAfter(deleted.plusSeconds(14));
        assertThat(pod("web-0")).isNull();
        assertThat(pod("pinned")).isNull();
        assertThat(pod("logs")).isNull();
        assertThat(pod("static")).isNotNull();
        assertThat(ec2.instance(launched.instanceId()).orElseThrow().state()).isIn("shutting-down", "terminated");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.nodes().withName(node).get()).isNull();
            assertThat(client.resources(NodeClaim.class).withName(launch.nodeClaimName()).get()).isNull();
        });
    }

    private Pod pod(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private void pod(String name, String node, Map<String, String> labels, Map<String, String> annotations, boolean daemonSet) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withLabels(labels)
            .withAnnotations(annotations).endMetadata()
            .withNewSpec().withNodeName(node).withTerminationGracePeriodSeconds(5L).addNewContainer().withName("c")
            .withImage("pause").endContainer().endSpec()
            .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
            .endStatus();
        if (daemonSet) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet").withName("logs")
                .withUid("ds-uid").endOwnerReference().endMetadata();
        }
        client.pods().inNamespace("default").resource(pod.build()).create();
    }

    private void setUp(String pool) {
        Ec2SimulatorTestResource.ensureDefaultNodeClass(client, ec2);
        client.resources(NodePool.class).resource(KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: %s}
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  terminationGracePeriod: 20s
                  requirements:
                    - {key: node.kubernetes.io/instance-type, operator: In, values: [c6a.large]}
                    - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
            """.formatted(pool), NodePool.class)).create();
    }

    private static NodeClaimLaunch launch(String pool, String terminationGracePeriod) {
        String decisionId = "prov-" + UUID.randomUUID();
        return new NodeClaimLaunch(decisionId, NodeClaimLaunch.deriveName(pool, decisionId, 0), pool,
            NodeClassRef.ec2NodeClass("default"),
            List.of(new InstanceTypeOption("c6a.large", List.of(OfferingOption.of("us-east-1a", "on-demand", 0.0765)))),
            List.of(NodeClaimRequirement.in("karpenter.sh/nodepool", pool),
                NodeClaimRequirement.in("karpenter.sh/capacity-type", "on-demand"),
                new NodeClaimRequirement("node.kubernetes.io/instance-type", "In", List.of("c6a.large"), null)),
            Map.of(), Map.of(), List.of(), List.of(), Map.of("cpu", "1", "memory", "1Gi", "pods", "1"), "720h",
            terminationGracePeriod, List.of(), Reason.SCHEDULED_NEW_NODECLAIM, Instant.now(), Instant.now().plusSeconds(600));
    }

    private static NodeClaimStatusChange awaitStatus(NodeClaimLaunch launch, NodeClaimPhase phase) {
        return awaitStatus(launch, phase, WAIT);
    }

    private static NodeClaimStatusChange awaitStatus(NodeClaimLaunch launch, NodeClaimPhase phase, Duration wait) {
        var record = kafka.awaitRecord(Topics.NODECLAIMS_STATUS, r -> launch.nodeClaimName().equals(r.key())
            && EventJson.read(r.value(), NodeClaimStatusChange.class).phase() == phase, wait);
        return EventJson.read(record.value(), NodeClaimStatusChange.class);
    }
}
