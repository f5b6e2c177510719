package io.kafkarpenter.sandbox.kube.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkarpenter.sandbox.kube.api.discovery.Crds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableRenderingTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void agesAreApimachineryHumanDurations() {
        assertThat(Ages.human(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Ages.human(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Ages.human(Duration.ofSeconds(5 * 60 + 12))).isEqualTo("5m12s");
        assertThat(Ages.human(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Ages.human(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(Ages.human(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(Ages.human(Duration.ofMinutes(3 * 60 + 20))).isEqualTo("3h20m");
        assertThat(Ages.human(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(Ages.human(Duration.ofHours(50))).isEqualTo("2d2h");
        assertThat(Ages.human(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(Ages.human(Duration.ofSeconds(-1))).isEqualTo("0s");
        assertThat(Ages.human(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
        assertThat(Ages.since(json.getNodeFactory().missingNode(), NOW)).isEqualTo("<unknown>");
    }

    @Test
    void kubernetesJsonPathsBecomeJaywayPaths() {
        assertThat(KubeJsonPath.toJayway(".metadata.labels.node\\.kubernetes\\.io/instance-type"))
                .isEqualTo("$.metadata.labels['node.kubernetes.io/instance-type']");
        assertThat(KubeJsonPath.toJayway("{.status.conditions[?(@.type==\"Ready\")].status}"))
                .isEqualTo("$.status.conditions[?(@.type==\"Ready\")].status");
        assertThat(KubeJsonPath.toJayway(".spec.containers[0].image")).isEqualTo("$.spec.containers[0].image");
    }

    @Test
    void nodeClaimColumnsFromItsPrinterColumns() throws Exception {
        TableConverter printer = CrdPrinter.of(Crds.named("nodeclaims"), "v1").orElseThrow();
        assertThat(printer.columns()).extracting(Column::name)
                .containsExactly("Name", "Type", "Capacity", "Zone", "Node", "Ready", "Age", "ImageID", "ID",
                        "NodePool", "NodeClass", "Drifted");
        JsonNode claim = json.readTree("""
                {"apiVersion":"karpenter.sh/v1","kind":"NodeClaim","metadata":{"name":"default-x",
                 "creationTimestamp":"2026-12-07T11:54:48Z","labels":{"node.kubernetes.io/instance-type":"m5.large",
                 "karpenter.sh/capacity-type":"spot","topology.kubernetes.io/zone":"us-east-1a"}},
                 "status":{"nodeName":"ip-10-0-1-5","conditions":[{"type":"Launched","status":"True"},
                 {"type":"Ready","status":"False"}]}}""");
        List<Object> cells = printer.cells(claim, NOW);
        assertThat(cells.subList(0, 7))
                .containsExactly("default-x", "m5.large", "spot", "us-east-1a", "ip-10-0-1-5", "False", "5m12s");
        assertThat(cells.get(cells.size() - 1)).isNull();
    }

    @Test
    void printerColumnsWithPriorityAreWideAndTypedCellsStayTyped() throws Exception {
        TableConverter printer = CrdPrinter.of(Crds.named("nodepools"), "v1").orElseThrow();
        Column weight = printer.columns().stream().filter(c -> c.name().equals("Weight")).findFirst().orElseThrow();
        assertThat(weight.priority()).isEqualTo(1);
        assertThat(weight.type()).isEqualTo("integer");
        JsonNode pool = json.readTree("""
                {"metadata":{"name":"default","creationTimestamp":"2026-12-07T09:00:00Z"},
                 "spec":{"weight":10,"template":{"spec":{"nodeClassRef":{"name":"default"}}}},
                 "status":{"nodes":3}}""");
        List<Object> cells = printer.cells(pool, NOW);
        assertThat(cells.subList(0, 5)).containsExactly("default", "default", "3", null, "3h");
        assertThat(cells.get(printer.columns().indexOf(weight))).isEqualTo(10L);
    }

    @Test
    void crdWithoutPrinterColumnsShowsAge() throws Exception {
        TableConverter printer = CrdPrinter.of(Crds.widget(), "v1").orElseThrow();
        assertThat(printer.columns()).extracting(Column::name).containsExactly("Name", "Age");
        assertThat(printer.cells(json.readTree("{\"metadata\":{\"name\":\"w\",\"creationTimestamp\":"
                + "\"2026-12-07T11:59:00Z\"}}"), NOW)).containsExactly("w", "60s");
    }

    @Test
    void nodeRow() throws Exception {
        TableConverter nodes = BuiltinPrinters.forResource("", "nodes").orElseThrow();
        JsonNode node = json.readTree("""
                {"metadata":{"name":"ip-10-0-1-5","creationTimestamp":"2026-12-07T11:00:00Z",
                 "labels":{"node-role.kubernetes.io/worker":"","kubernetes.io/role":"infra"}},
                 "spec":{"unschedulable":true},
                 "status":{"conditions":[{"type":"Ready","status":"True"}],
                 "addresses":[{"type":"Hostname","address":"h"},{"type":"InternalIP","address":"10.0.1.5"}],
                 "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Amazon Linux 2023"}}}""");
        assertThat(nodes.cells(node, NOW)).containsExactly("ip-10-0-1-5", "Ready,SchedulingDisabled", "infra,worker",
                "60m", "v1.32.0", "10.0.1.5", "<none>", "Amazon Linux 2023", "<unknown>", "<unknown>");
        assertThat(nodes.columns().stream().filter(c -> c.priority() == 0)).extracting(Column::name)
                .containsExactly("Name", "Status", "Roles", "Age", "Version");
    }

    @Test
    void podRows() throws Exception {
        TableConverter pods = BuiltinPrinters.forResource("", "pods").orElseThrow();
        JsonNode running = json.readTree("""
                {"metadata":{"name":"inflate-1","creationTimestamp":"2026-12-07T11:59:30Z"},
                 "spec":{"nodeName":"ip-10-0-1-5","containers":[{"name":"a"},{"name":"b"}]},
                 "status":{"phase":"Running","podIP":"10.0.1.9","containerStatuses":[
                   {"name":"a","ready":true,"restartCount":2,"state":{"running":{}}},
                   {"name":"b","ready":false,"restartCount":0,"state":{"running":{}}}]}}""");
        assertThat(pods.cells(running, NOW)).containsExactly("inflate-1", "1/2", "Running", "2", "30s", "10.0.1.9",
                "ip-10-0-1-5", "<none>", "<none>");
        JsonNode pending = json.readTree("""
                {"metadata":{"name":"p","creationTimestamp":"2026-12-07T11:59:30Z"},
                 "spec":{"containers":[{"name":"a"}]},"status":{"phase":"Pending"}}""");
        assertThat(pods.cells(pending, NOW).subList(0, 3)).containsExactly("p", "0/1", "Pending");
        JsonNode justCreated = json.readTree("{\"metadata\":{\"name\":\"n\"},\"spec\":{\"containers\":[{}]}}");
        assertThat(pods.cells(justCreated, NOW).get(2)).as("the phase an API server defaults").isEqualTo("Pending");
        JsonNode crashing = json.readTree("""
                {"metadata":{"name":"c","creationTimestamp":"2026-12-07T11:59:30Z","deletionTimestamp":"2026-12-07T11:59:50Z"},
                 "spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running"}}""");
        assertThat(pods.cells(crashing, NOW).get(2)).isEqualTo("Terminating");
    }

    @Test
    void deploymentAndEventRows() throws Exception {
        TableConverter deployments = BuiltinPrinters.forResource("apps", "deployments").orElseThrow();
        JsonNode inflate = json.readTree("""
                {"metadata":{"name":"inflate","creationTimestamp":"2026-12-07T11:58:00Z"},
                 "spec":{"replicas":5,"selector":{"matchLabels":{"app":"inflate"}},
                  "template":{"spec":{"containers":[{"name":"inflate","image":"pause:3.7"}]}}},
                 "status":{"readyReplicas":3,"updatedReplicas":5,"availableReplicas":3}}""");
        assertThat(deployments.cells(inflate, NOW))
                .containsExactly("inflate", "3/5", 5L, 3L, "2m", "inflate", "pause:3.7", "app=inflate");
        TableConverter events = BuiltinPrinters.forResource("", "events").orElseThrow();
        JsonNode event = json.readTree("""
                {"metadata":{"name":"n.1"},"type":"Normal","reason":"Launched","message":"launched ",
                 "involvedObject":{"kind":"NodeClaim","name":"default-x"},"source":{"component":"karpenter"},
                 "firstTimestamp":"2026-12-07T11:50:00Z","lastTimestamp":"2026-12-07T11:59:00Z","count":2}""");
        assertThat(events.cells(event, NOW)).containsExactly("60s", "Normal", "Launched", "nodeclaim/default-x", "",
                "karpenter", "launched", "10m", 2L, "n.1");
    }

    @Test
    void tableCarriesRowsObjectsAsAskedAndListMetadata() throws Exception {
        JsonNode pod = json.readTree("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"namespace\":\"default\","
                + "\"resourceVersion\":\"7\"},\"spec\":{\"containers\":[]}}");
        JsonNode listMetadata = json.readTree("{\"resourceVersion\":\"9\",\"selfLink\":\"\"}");
        ObjectNode table = Tables.table(BuiltinPrinters.DEFAULT, List.of(pod), listMetadata,
                Tables.IncludeObject.METADATA, NOW);
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("9");
        assertThat(table.path("columnDefinitions").get(0).path("format").asText()).isEqualTo("name");
        JsonNode object = table.path("rows").get(0).path("object");
        assertThat(object.path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(object.path("metadata").path("namespace").asText()).isEqualTo("default");
        assertThat(object.has("spec")).isFalse();
        assertThat(Tables.table(BuiltinPrinters.DEFAULT, List.of(pod), null, Tables.IncludeObject.OBJECT, NOW)
                .path("rows").get(0).path("object").path("kind").asText()).isEqualTo("Pod");
        assertThat(Tables.table(BuiltinPrinters.DEFAULT, List.of(pod), null, Tables.IncludeObject.NONE, NOW)
                .path("rows").get(0).has("object")).isFalse();
    }

    @Test
    void kubectlAcceptHeaderAsksForATable() {
        assertThat(TableDispatcher.acceptsTable("application/json;as=Table;v=v1;g=meta.k8s.io,"
                + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")).isTrue();
        assertThat(TableDispatcher.acceptsTable("application/json")).isFalse();
        assertThat(TableDispatcher.acceptsTable(null)).isFalse();
    }
}
