package io.kafkarpenter.model.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.model.pods.LabelSelectorSpec;
import io.kafkarpenter.model.pods.LabelSelectorRequirement;
import io.kafkarpenter.model.pods.NodeSelectorRequirement;
import io.kafkarpenter.model.pods.PodAffinityTermSpec;
import io.kafkarpenter.model.pods.TolerationSpec;
import io.kafkarpenter.model.pods.TopologySpreadConstraint;
import io.kafkarpenter.model.pods.fixtures.PodFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** A pod using every part of the scheduling view. */
    static PendingPod richPendingPod() {
        return EventFixtures.pendingPod(PodFixtures.pod("web-0").namespace("shop").deployment("web")
                .label("app", "web").annotation("team", "a")
                .cpu("500m").memory("1Gi").limit("memory", "2Gi")
                .initContainer("migrate", Map.of("cpu", "2"))
                .sidecar("proxy", Map.of("cpu", "100m", "memory", "64Mi"))
                .overhead("cpu", "250m")
                .zone("us-west-2a")
                .requiredTerm(NodeSelectorRequirement.in("kubernetes.io/arch", "amd64"))
                .requiredTerm(new NodeSelectorRequirement("karpenter.k8s.aws/instance-generation", "Gt", List.of("5")))
                .preferredTerm(50, NodeSelectorRequirement.in("karpenter.sh/capacity-type", "spot"))
                .tolerate("team", "a", "NoSchedule")
                .toleration(new TolerationSpec("node.kubernetes.io/not-ready", "Exists", null, "NoExecute", 300L))
                .zoneSpread(1)
                .spread(new TopologySpreadConstraint(2, PodFixtures.HOSTNAME, "ScheduleAnyway",
                        new LabelSelectorSpec(Map.of("app", "web"), List.of(new LabelSelectorRequirement("tier", "In", List.of("fe")))),
                        List.of("pod-template-hash"), 3, "Ignore", "Honor"))
                .affinity(new PodAffinityTermSpec(LabelSelectorSpec.matchLabels(Map.of("app", "db")), List.of("data"),
                        null, PodFixtures.ZONE, List.of(), List.of()))
                .preferredAntiAffinity(10, PodFixtures.Builder.term(LabelSelectorSpec.matchLabels(Map.of("app", "web")), PodFixtures.HOSTNAME))
                .selfAntiAffinity(PodFixtures.HOSTNAME)
                .hostPort(8080)
                .volumeInZone("data-web-0", "us-west-2a")
                .priority(1000).priorityClassName("high")
                .doNotDisrupt()
                .build());
    }

    static Stream<Object> payloads() {
        return Stream.of(
                EventFixtures.pendingPod("web-0"),
                richPendingPod(),
                EventFixtures.nodeClaimLaunch(),
                EventFixtures.nodeClaimStatus(NodeClaimPhase.LAUNCHED),
                EventFixtures.nodeClaimStatus(NodeClaimPhase.FAILED),
                EventFixtures.unavailableOffering(),
                EventFixtures.terminationRequest(),
                EventFixtures.decisionRecord(),
                EventFixtures.deadLetter());
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void everyPayloadRoundTripsThroughBytesAndText(Object payload) {
        byte[] bytes = EventJson.toBytes(payload);
        assertThat(EventJson.read(bytes, payload.getClass())).isEqualTo(payload);
        assertThat(EventJson.read(EventJson.toJson(payload), payload.getClass())).isEqualTo(payload);
        assertThat(EventJson.readAny(bytes)).isEqualTo(payload);
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void everyPayloadCarriesItsSchemaFirst(Object payload) throws Exception {
        JsonNode tree = PLAIN.readTree(EventJson.toBytes(payload));
        assertThat(tree.fieldNames().next()).isEqualTo("schema");
        assertThat(tree.get("schema").asText()).isEqualTo(EventJson.schemaOf(payload.getClass())).endsWith("/v1");
    }

    @Test
    void everyPayloadTypeHasAFixtureAndADistinctSchema() {
        assertThat(payloads().map(Object::getClass).distinct().toList()).containsExactlyInAnyOrderElementsOf(EventJson.payloadTypes());
        assertThat(EventJson.payloadTypes().stream().map(EventJson::schemaOf).distinct()).hasSize(EventJson.payloadTypes().size());
    }

    @Test
    void stringsReadFromManyRecordsAreOneCopyEach() {
        // the provisioner holds 20,000 pending pods: their repeated strings (namespace, labels, quantities) once
        byte[] json = EventJson.toBytes(richPendingPod());
        PendingPod a = EventJson.read(json, PendingPod.class);
        PendingPod b = EventJson.read(json.clone(), PendingPod.class);

        assertThat(a).isEqualTo(b);
        assertThat(a.pod().namespace()).isSameAs(b.pod().namespace());
        assertThat(a.pod().labels().get("app")).isSameAs(b.pod().labels().get("app"));
        assertThat(a.pod().uid()).isSameAs(b.pod().uid());
    }

    @Test
    void writesKubernetesShapedJson() throws Exception {
        JsonNode pod = PLAIN.readTree(EventJson.toBytes(richPendingPod())).get("pod");
        assertThat(pod.get("uid").asText()).isEqualTo(PodFixtures.uidOf("shop", "web-0"));
        assertThat(pod.at("/resources/containers/0/requests/cpu").asText()).isEqualTo("500m");
        assertThat(pod.at("/resources/initContainers/1/sidecar").asBoolean()).isTrue();
        assertThat(pod.at("/resources/overhead/cpu").asText()).isEqualTo("250m");
        assertThat(pod.at("/topologySpreadConstraints/0/whenUnsatisfiable").asText()).isEqualTo("DoNotSchedule");
        assertThat(pod.at("/nodeAffinity/required/1/matchExpressions/0/operator").asText()).isEqualTo("Gt");
        assertThat(pod.at("/createdAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(pod.has("priority")).isTrue();
        // helper methods (isEmpty, isHard, ...) are not serialized
        assertThat(pod.at("/nodeAffinity").has("empty")).isFalse();
        assertThat(pod.at("/topologySpreadConstraints/0").has("hard")).isFalse();
    }

    @Test
    void toleratesUnknownFieldsAtEveryLevel() throws Exception {
        ObjectNode tree = (ObjectNode) PLAIN.readTree(EventJson.toBytes(EventFixtures.pendingPod("web-0")));
        tree.put("addedInV1_1", "x");
        ((ObjectNode) tree.get("pod")).putObject("futureField").put("a", 1);
        ((ObjectNode) tree.at("/pod/resources/containers/0")).put("resizePolicy", "NotRequired");

        PendingPod read = EventJson.read(PLAIN.writeValueAsBytes(tree), PendingPod.class);

        assertThat(read).isEqualTo(EventFixtures.pendingPod("web-0"));
    }

    @Test
    void missingNestedRequiredFieldIsNamedWithItsPath() throws Exception {
        ObjectNode tree = (ObjectNode) PLAIN.readTree(EventJson.toBytes(EventFixtures.pendingPod("web-0")));
        ((ObjectNode) tree.get("pod")).remove("uid");

        assertThatThrownBy(() -> EventJson.read(PLAIN.writeValueAsString(tree), PendingPod.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("PendingPod: missing required field 'pod.uid'")
                .satisfies(e -> {
                    InvalidEventException invalid = (InvalidEventException) e;
                    assertThat(invalid.recordName()).isEqualTo("PendingPod");
                    assertThat(invalid.fieldPath()).isEqualTo("pod.uid");
                });
    }

    @Test
    void missingTopLevelRequiredFieldIsNamed() throws Exception {
        ObjectNode tree = (ObjectNode) PLAIN.readTree(EventJson.toBytes(EventFixtures.terminationRequest()));
        tree.remove("reason");

        assertThatThrownBy(() -> EventJson.read(PLAIN.writeValueAsBytes(tree), TerminationRequest.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("TerminationRequest: missing required field 'reason'");
    }

    @Test
    void missingFieldInsideAListIsNamedWithItsIndex() throws Exception {
        ObjectNode tree = (ObjectNode) PLAIN.readTree(EventJson.toBytes(EventFixtures.nodeClaimLaunch()));
        ((ObjectNode) tree.at("/instanceTypes/1/offerings/0")).remove("zone");

        assertThatThrownBy(() -> EventJson.read(PLAIN.writeValueAsBytes(tree), NodeClaimLaunch.class))
                .hasMessage("NodeClaimLaunch: missing required field 'instanceTypes[1].offerings[0].zone'");
    }

    @Test
    void blankRequiredTextCountsAsMissing() throws Exception {
        ObjectNode tree = (ObjectNode) PLAIN.readTree(EventJson.toBytes(EventFixtures.nodeClaimStatus(NodeClaimPhase.LAUNCHED)));
        tree.put("nodeClaimName", " ");

        assertThatThrownBy(() -> EventJson.read(PLAIN.writeValueAsBytes(tree), NodeClaimStatusChange.class))
                .hasMessage("NodeClaimStatusChange: missing required field 'nodeClaimName'");
    }

    @Test
    void missingOrNullPrimitiveIsAnInvalidValueNamingTheField() throws Exception {
        ObjectNode tree = (ObjectNode) PLAIN.readTree(EventJson.toBytes(richPendingPod()));
        ((ObjectNode) tree.at("/pod/topologySpreadConstraints/0")).remove("maxSkew");

        assertThatThrownBy(() -> EventJson.read(PLAIN.writeValueAsBytes(tree), PendingPod.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("PendingPod: missing required field 'pod.topologySpreadConstraints[0].maxSkew'");
    }

    @Test
    void wrongTypeIsAnInvalidValueNamingTheField() throws Exception {
        ObjectNode tree = (ObjectNode) PLAIN.readTree(EventJson.toBytes(EventFixtures.nodeClaimLaunch()));
        ((ObjectNode) tree.at("/instanceTypes/0/offerings/0")).put("price", "cheap");

        assertThatThrownBy(() -> EventJson.read(PLAIN.writeValueAsBytes(tree), NodeClaimLaunch.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("NodeClaimLaunch: invalid value at 'instanceTypes[0].offerings[0].price': ");
    }

    @Test
    void unknownEnumValueIsAnInvalidValueNamingTheField() throws Exception {
        ObjectNode tree = (ObjectNode) PLAIN.readTree(EventJson.toBytes(EventFixtures.nodeClaimStatus(NodeClaimPhase.LAUNCHED)));
        tree.put("phase", "EXPLODED");

        assertThatThrownBy(() -> EventJson.read(PLAIN.writeValueAsBytes(tree), NodeClaimStatusChange.class))
                .hasMessage("NodeClaimStatusChange: invalid value at 'phase': 'EXPLODED' is not a valid NodeClaimPhase"
                        + " [LAUNCHED, REGISTERED, INITIALIZED, FAILED, TERMINATING, TERMINATED]");
    }

    @Test
    void newerSchemaVersionIsAClearError() throws Exception {
        ObjectNode tree = (ObjectNode) PLAIN.readTree(EventJson.toBytes(EventFixtures.pendingPod("web-0")));
        tree.put("schema", "kk.pending-pod/v2");

        assertThatThrownBy(() -> EventJson.read(PLAIN.writeValueAsBytes(tree), PendingPod.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("PendingPod: unsupported schema version 'kk.pending-pod/v2' (this build reads 'kk.pending-pod/v1')");
    }

    @Test
    void schemaOfAnotherRecordIsAClearError() {
        byte[] decision = EventJson.toBytes(EventFixtures.decisionRecord());

        assertThatThrownBy(() -> EventJson.read(decision, PendingPod.class))
                .hasMessage("PendingPod: unexpected schema 'kk.decision/v1' (expected 'kk.pending-pod/v1')");
    }

    @Test
    void missingSchemaIsAMissingField() throws Exception {
        ObjectNode tree = (ObjectNode) PLAIN.readTree(EventJson.toBytes(EventFixtures.unavailableOffering()));
        tree.remove("schema");

        assertThatThrownBy(() -> EventJson.read(PLAIN.writeValueAsBytes(tree), UnavailableOffering.class))
                .hasMessage("UnavailableOffering: missing required field 'schema'");
    }

    @Test
    void unknownSchemaIsAClearErrorForReadAny() {
        assertThatThrownBy(() -> EventJson.readAny("{\"schema\":\"kk.gossip/v1\"}"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("event: unknown schema 'kk.gossip/v1'");
    }

    @Test
    void malformedJsonIsAClearError() {
        assertThatThrownBy(() -> EventJson.read("{not json".getBytes(StandardCharsets.UTF_8), PendingPod.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("PendingPod: not valid JSON: ");
        assertThatThrownBy(() -> EventJson.read("[1,2]", PendingPod.class))
                .hasMessage("PendingPod: expected a JSON object, got ARRAY");
        assertThatThrownBy(() -> EventJson.read((byte[]) null, PendingPod.class))
                .hasMessage("PendingPod: no payload (null value)");
        assertThatThrownBy(() -> EventJson.read("", PendingPod.class))
                .isInstanceOf(InvalidEventException.class);
    }

    @ParameterizedTest
    @EnumSource(NodeClaimPhase.class)
    void everyPhaseRoundTrips(NodeClaimPhase phase) {
        NodeClaimStatusChange change = EventFixtures.nodeClaimStatus(phase);
        assertThat(EventJson.read(EventJson.toBytes(change), NodeClaimStatusChange.class)).isEqualTo(change);
    }

    @Test
    void absentOptionalCollectionsReadAsEmpty() {
        String json = """
                {"schema":"kk.termination-request/v1","nodeName":"n1","nodeClaimName":"default-x","nodePool":"default",
                 "reason":"EMPTY","decisionId":"d1","requestedAt":"2026-01-01T00:00:00Z"}""";

        TerminationRequest read = EventJson.read(json, TerminationRequest.class);

        assertThat(read.replacements()).isEmpty();
        assertThat(read.message()).isNull();
    }

    @Test
    void nullValuesAreLeftOut() throws Exception {
        JsonNode tree = PLAIN.readTree(EventJson.toBytes(EventFixtures.nodeClaimStatus(NodeClaimPhase.LAUNCHED)));
        assertThat(tree.has("nodeName")).isFalse();
        assertThat(tree.has("reason")).isFalse();
    }
}
