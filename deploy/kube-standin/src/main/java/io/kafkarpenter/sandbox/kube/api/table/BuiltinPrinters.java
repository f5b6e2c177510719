package io.kafkarpenter.sandbox.kube.api.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The API server's printers (kubernetes {@code pkg/printers/internalversion}) for the built-in kinds the workshop
 * looks at: nodes, pods, deployments, replicasets, statefulsets, daemonsets, events, namespaces, configmaps, leases,
 * poddisruptionbudgets. Every other built-in kind gets the {@link #DEFAULT} table (Name, Created At).
 */
public final class BuiltinPrinters {

    private static final String AGE = "CreationTimestamp is a timestamp representing the server time when this object "
            + "was created.";

    /** The API server's default table for kinds without a printer. */
    public static final TableConverter DEFAULT = new Printer(
            List.of(Column.objectName(), new Column("Created At", "date", "", AGE, 0)),
            (o, now) -> cells(name(o), o.path("metadata").path("creationTimestamp").asText(null)));

    private static final Map<String, TableConverter> PRINTERS = Map.ofEntries(
            Map.entry("/nodes", nodes()),
            Map.entry("/pods", pods()),
            Map.entry("/events", events()),
            Map.entry("events.k8s.io/events", events()),
            Map.entry("/namespaces", new Printer(List.of(Column.objectName(), Column.string("Status", "The status of the "
                    + "namespace"), age()), (o, now) -> cells(name(o), o.path("status").path("phase").asText(""),
                    age(o, now)))),
            Map.entry("/configmaps", new Printer(List.of(Column.objectName(), Column.integer("Data", "Number of data in the "
                    + "configmap"), age()), (o, now) -> cells(name(o), (long) (o.path("data").size()
                    + o.path("binaryData").size()), age(o, now)))),
            Map.entry("apps/deployments", deployments()),
            Map.entry("apps/replicasets", replicaSets()),
            Map.entry("apps/statefulsets", statefulSets()),
            Map.entry("apps/daemonsets", daemonSets()),
            Map.entry("coordination.k8s.io/leases", new Printer(List.of(Column.objectName(), Column.string("Holder",
                    "The holder of the lease"), age()), (o, now) -> cells(name(o),
                    o.path("spec").path("holderIdentity").asText(""), age(o, now)))),
            Map.entry("policy/poddisruptionbudgets", new Printer(List.of(Column.objectName(),
                    Column.string("Min Available", "The minimum number of pods that must be available"),
                    Column.string("Max Unavailable", "The maximum number of pods that may be unavailable"),
                    Column.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this "
                            + "time"), age()),
                    (o, now) -> cells(name(o), o.path("spec").path("minAvailable").asText("N/A"),
                            o.path("spec").path("maxUnavailable").asText("N/A"),
                            o.path("status").path("disruptionsAllowed").asLong(0), age(o, now)))));

    private BuiltinPrinters() {
    }

    /** The printer of a built-in resource, if it has one. */
    public static Optional<TableConverter> forResource(String group, String plural) {
        return Optional.ofNullable(PRINTERS.get(group + "/" + plural));
    }

    // ---- nodes ------------------------------------------------------------------------------------------------

    private static TableConverter nodes() {
        return new Printer(List.of(Column.objectName(),
                Column.string("Status", "The status of the node"),
                Column.string("Roles", "The roles of the node"), age(),
                Column.string("Version", "Kubelet Version reported by the node."),
                Column.string("Internal-IP", "List of internal IPs for the node.").wide(),
                Column.string("External-IP", "List of external IPs for the node.").wide(),
                Column.string("OS-Image", "OS image reported by the node from /etc/os-release (e.g. Debian GNU/Linux "
                        + "7 (wheezy)).").wide(),
                Column.string("Kernel-Version", "Kernel version reported by the node from 'uname -r' (e.g. "
                        + "3.16.0-0.bpo.4-amd64).").wide(),
                Column.string("Container-Runtime", "Container runtime version reported by the node through runtime "
                        + "remote API (e.g. containerd://1.4.2).").wide()),
                (o, now) -> {
                    JsonNode info = o.path("status").path("nodeInfo");
                    return cells(name(o), nodeStatus(o), nodeRoles(o), age(o, now),
                            info.path("kubeletVersion").asText(""),
                            address(o, "InternalIP"), address(o, "ExternalIP"),
                            or(info.path("osImage").asText(""), "<unknown>"),
                            or(info.path("kernelVersion").asText(""), "<unknown>"),
                            or(info.path("containerRuntimeVersion").asText(""), "<unknown>"));
                });
    }

    static String nodeStatus(JsonNode node) {
        List<String> status = new ArrayList<>();
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                status.add("True".equals(condition.path("status").asText()) ? "Ready" : "NotReady");
            }
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    private static String nodeRoles(JsonNode node) {
        TreeSet<String> roles = new TreeSet<>();
        node.path("metadata").path("labels").fields().forEachRemaining(label -> {
            if (label.getKey().startsWith("node-role.kubernetes.io/")) {
                String role = label.getKey().substring("node-role.kubernetes.io/".length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (label.getKey().equals("kubernetes.io/role") && !label.getValue().asText().isEmpty()) {
                roles.add(label.getValue().asText());
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode address : node.path("status").path("addresses")) {
            if (type.equals(address.path("type").asText())) {
                return address.path("address").asText();
            }
        }
        return "<none>";
    }

    // ---- pods -------------------------------------------------------------------------------------------------

    private static TableConverter pods() {
        return new Printer(List.of(Column.objectName(),
                Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
                Column.string("Status", "The aggregate status of the containers in this pod."),
                Column.string("Restarts", "The number of times the containers in this pod have been restarted and "
                        + "when the last container in this pod has restarted."), age(),
                Column.string("IP", "IP address allocated to the pod. Routable at least within the cluster. Empty if "
                        + "not yet allocated.").wide(),
                Column.string("Node", "NodeName is a request to schedule this pod onto a specific node.").wide(),
                Column.string("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on "
                        + "the node.").wide(),
                Column.string("Readiness Gates", "If specified, all readiness gates will be evaluated for pod "
                        + "readiness.").wide()),
                BuiltinPrinters::podCells);
    }

    static List<Object> podCells(JsonNode pod, Instant now) {
        JsonNode status = pod.path("status");
        // a real API server defaults status.phase to Pending on create; the mock stores the pod without it
        String reason = status.path("phase").asText("").isEmpty() ? "Pending" : status.path("phase").asText();
        if (!status.path("reason").asText("").isEmpty()) {
            reason = status.path("reason").asText();
        }
        for (JsonNode condition : status.path("conditions")) {
            if ("PodScheduled".equals(condition.path("type").asText())
                    && "SchedulingGated".equals(condition.path("reason").asText())) {
                reason = "SchedulingGated";
            }
        }
        long restarts = 0;
        int ready = 0;
        boolean hasRunning = false;
        JsonNode statuses = status.path("containerStatuses");
        for (int i = statuses.size() - 1; i >= 0; i--) {
            JsonNode container = statuses.get(i);
            JsonNode state = container.path("state");
            restarts += container.path("restartCount").asLong(0);
            if (!state.path("waiting").path("reason").asText("").isEmpty()) {
                reason = state.path("waiting").path("reason").asText();
            } else if (!state.path("terminated").path("reason").asText("").isEmpty()) {
                reason = state.path("terminated").path("reason").asText();
            } else if (state.has("terminated")) {
                JsonNode terminated = state.path("terminated");
                reason = terminated.path("signal").asInt(0) != 0 ? "Signal:" + terminated.path("signal").asInt()
                        : "ExitCode:" + terminated.path("exitCode").asInt(0);
            } else if (container.path("ready").asBoolean(false) && state.has("running")) {
                hasRunning = true;
                ready++;
            }
        }
        if (reason.equals("Completed") && hasRunning) {
            reason = condition(status, "Ready") ? "Running" : "NotReady";
        }
        String phase = status.path("phase").asText("");
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
            if ("NodeLost".equals(status.path("reason").asText())) {
                reason = "Unknown";
            } else if (!terminal) {
                reason = "Terminating";
            }
        }
        String ip = status.path("podIPs").path(0).path("ip").asText(status.path("podIP").asText(""));
        JsonNode gates = pod.path("spec").path("readinessGates");
        String readinessGates = "<none>";
        if (!gates.isEmpty()) {
            long trueGates = 0;
            for (JsonNode gate : gates) {
                trueGates += condition(status, gate.path("conditionType").asText()) ? 1 : 0;
            }
            readinessGates = trueGates + "/" + gates.size();
        }
        return cells(name(pod), ready + "/" + pod.path("spec").path("containers").size(), reason,
                String.valueOf(restarts), age(pod, now), or(ip, "<none>"),
                or(pod.path("spec").path("nodeName").asText(""), "<none>"),
                or(status.path("nominatedNodeName").asText(""), "<none>"), readinessGates);
    }

    private static boolean condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return "True".equals(condition.path("status").asText());
            }
        }
        return false;
    }

    // ---- workloads --------------------------------------------------------------------------------------------

    private static TableConverter deployments() {
        List<Column> columns = new ArrayList<>(List.of(Column.objectName(),
                Column.string("Ready", "Number of the pod with ready state"),
                Column.integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that "
                        + "have the desired template spec."),
                Column.integer("Available", "Total number of available pods (ready for at least minReadySeconds) "
                        + "targeted by this deployment."), age()));
        columns.addAll(podTemplateColumns());
        return new Printer(columns, (o, now) -> {
            JsonNode status = o.path("status");
            List<Object> cells = cells(name(o), status.path("readyReplicas").asLong(0) + "/" + replicas(o),
                    status.path("updatedReplicas").asLong(0), status.path("availableReplicas").asLong(0), age(o, now));
            cells.addAll(podTemplateCells(o));
            return cells;
        });
    }

    private static TableConverter replicaSets() {
        List<Column> columns = new ArrayList<>(List.of(Column.objectName(),
                Column.integer("Desired", "Number of desired pods. This is a pointer to distinguish between explicit "
                        + "zero and not specified. Defaults to 1."),
                Column.integer("Current", "Replicas is the most recently observed number of replicas."),
                Column.integer("Ready", "The number of ready replicas for this replica set."), age()));
        columns.addAll(podTemplateColumns());
        return new Printer(columns, (o, now) -> {
            JsonNode status = o.path("status");
            List<Object> cells = cells(name(o), replicas(o), status.path("replicas").asLong(0),
                    status.path("readyReplicas").asLong(0), age(o, now));
            cells.addAll(podTemplateCells(o));
            return cells;
        });
    }

    private static TableConverter statefulSets() {
        List<Column> columns = new ArrayList<>(List.of(Column.objectName(),
                Column.string("Ready", "Number of the pod with ready state"), age()));
        columns.addAll(podTemplateColumns().subList(0, 2));
        return new Printer(columns, (o, now) -> {
            List<Object> cells = cells(name(o), o.path("status").path("readyReplicas").asLong(0) + "/" + replicas(o),
                    age(o, now));
            cells.addAll(podTemplateCells(o).subList(0, 2));
            return cells;
        });
    }

    private static TableConverter daemonSets() {
        List<Column> columns = new ArrayList<>(List.of(Column.objectName(),
                Column.integer("Desired", "The total number of nodes that should be running the daemon pod."),
                Column.integer("Current", "The number of nodes that are running at least 1 daemon pod and are "
                        + "supposed to run the daemon pod."),
                Column.integer("Ready", "The number of nodes that should be running the daemon pod and have one or "
                        + "more of the daemon pod running and ready."),
                Column.integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
                Column.integer("Available", "The number of nodes that should be running the daemon pod and have one "
                        + "or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
                Column.string("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on "
                        + "a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
                age()));
        columns.addAll(podTemplateColumns());
        return new Printer(columns, (o, now) -> {
            JsonNode status = o.path("status");
            String nodeSelector = labels(o.path("spec").path("template").path("spec").path("nodeSelector"));
            List<Object> cells = cells(name(o), status.path("desiredNumberScheduled").asLong(0),
                    status.path("currentNumberScheduled").asLong(0), status.path("numberReady").asLong(0),
                    status.path("updatedNumberScheduled").asLong(0), status.path("numberAvailable").asLong(0),
                    nodeSelector, age(o, now));
            cells.addAll(podTemplateCells(o));
            return cells;
        });
    }

    private static List<Column> podTemplateColumns() {
        return List.of(Column.string("Containers", "Names of each container in the template.").wide(),
                Column.string("Images", "Images referenced by each container in the template.").wide(),
                Column.string("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by "
                        + "this will be the ones affected by this deployment.").wide());
    }

    private static List<Object> podTemplateCells(JsonNode workload) {
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (JsonNode container : workload.path("spec").path("template").path("spec").path("containers")) {
            names.add(container.path("name").asText());
            images.add(container.path("image").asText());
        }
        return new ArrayList<>(List.of(String.join(",", names), String.join(",", images),
                selector(workload.path("spec").path("selector"))));
    }

    private static long replicas(JsonNode workload) {
        return workload.path("spec").path("replicas").asLong(1);
    }

    /** A label selector as the API server prints it: {@code app=x,tier in (a,b)}, "&lt;none&gt;" when empty. */
    static String selector(JsonNode selector) {
        List<String> terms = new ArrayList<>();
        new TreeSet<>(iterable(selector.path("matchLabels"))).forEach(key ->
                terms.add(key + "=" + selector.path("matchLabels").path(key).asText()));
        for (JsonNode e : selector.path("matchExpressions")) {
            String key = e.path("key").asText();
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            values.sort(null);
            terms.add(switch (e.path("operator").asText()) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key + " " + e.path("operator").asText() + " " + values;
            });
        }
        return terms.isEmpty() ? "<none>" : String.join(",", terms);
    }

    private static String labels(JsonNode labels) {
        List<String> terms = new ArrayList<>();
        new TreeSet<>(iterable(labels)).forEach(key -> terms.add(key + "=" + labels.path(key).asText()));
        return terms.isEmpty() ? "<none>" : String.join(",", terms);
    }

    private static List<String> iterable(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    // ---- events -----------------------------------------------------------------------------------------------

    /** core/v1 and events.k8s.io/v1 Events (the latter's field names: regarding, note, deprecated*). */
    private static TableConverter events() {
        return new Printer(List.of(
                Column.string("Last Seen", "Time when last event from the series was seen"),
                Column.string("Type", "Type of this event (Normal, Warning), new types could be added in the future."),
                Column.string("Reason", "This should be a short, machine understandable string that gives the reason "
                        + "for this event being generated."),
                Column.string("Object", "The object this Event is about."),
                Column.string("Subobject", "The subobject this Event is about.").wide(),
                Column.string("Source", "The component reporting this event.").wide(),
                Column.string("Message", "A human-readable description of the status of this operation."),
                Column.string("First Seen", "The time at which the event was first recorded.").wide(),
                new Column("Count", "integer", "", "The number of times this event has occurred.", 1),
                new Column("Name", "string", "name", Column.NAME_DESCRIPTION, 1)),
                BuiltinPrinters::eventCells);
    }

    static List<Object> eventCells(JsonNode e, Instant now) {
        boolean v1 = e.has("involvedObject") || e.has("message") || e.has("firstTimestamp") || !e.has("regarding");
        JsonNode involved = v1 ? e.path("involvedObject") : e.path("regarding");
        JsonNode firstTimestamp = e.path(v1 ? "firstTimestamp" : "deprecatedFirstTimestamp");
        String first = present(firstTimestamp) ? Ages.since(firstTimestamp, now) : Ages.since(e.path("eventTime"), now);
        JsonNode lastTimestamp = e.path(v1 ? "lastTimestamp" : "deprecatedLastTimestamp");
        String last = present(lastTimestamp) ? Ages.since(lastTimestamp, now) : first;
        long count = e.path(v1 ? "count" : "deprecatedCount").asLong(0);
        if (e.has("series")) {
            last = Ages.since(e.path("series").path("lastObservedTime"), now);
            count = e.path("series").path("count").asLong(0);
        } else if (count == 0) {
            count = 1;
        }
        String kind = involved.path("kind").asText("").toLowerCase();
        String target = involved.path("name").asText("").isEmpty() ? kind : kind + "/" + involved.path("name").asText();
        JsonNode source = e.path(v1 ? "source" : "deprecatedSource");
        String component = source.path("component").asText("");
        String host = source.path("host").asText("");
        String reporter = component.isEmpty() ? e.path("reportingController").asText(e.path("reportingComponent")
                .asText("")) : component;
        String instance = component.isEmpty() ? e.path("reportingInstance").asText("") : host;
        String sourceText = instance.isEmpty() ? reporter : reporter + ", " + instance;
        return cells(last, e.path("type").asText(""), e.path("reason").asText(""), target,
                involved.path("fieldPath").asText(""), sourceText,
                e.path(v1 ? "message" : "note").asText("").trim(), first, count, name(e));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static Column age() {
        return Column.string("Age", AGE);
    }

    /** The Age column of a custom resource without printer columns (type date, computed from its JSONPath). */
    static Column ageColumnOfType(String type) {
        return new Column("Age", type, "", AGE, 0);
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    static String age(JsonNode object, Instant now) {
        return Ages.since(object.path("metadata").path("creationTimestamp"), now);
    }

    private static boolean present(JsonNode timestamp) {
        return timestamp != null && !timestamp.isNull() && !timestamp.isMissingNode() && !timestamp.asText().isEmpty();
    }

    private static String or(String value, String otherwise) {
        return value == null || value.isEmpty() ? otherwise : value;
    }

    static List<Object> cells(Object... cells) {
        return new ArrayList<>(Arrays.asList(cells));
    }
}
