package io.kafkarpenter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassStatus;
import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.inputs.StatusAmis;
import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.DisruptionCommand;
import io.kafkarpenter.model.disruption.DisruptionPlan;
import io.kafkarpenter.model.disruption.DisruptionPlanner;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;
import io.kafkarpenter.model.scheduling.Taint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The disruption planner run in-process on a disruption-mode scenario (shared/scenarios/FORMAT.md), for tests and
 * benchmarks that compare a live cluster with what {@code bin/kk simulate} decides for the same state.
 *
 * <ul>
 *   <li>{@link #decide(String)}: one pass, the same JSON decision {@code bin/kk simulate} prints.</li>
 *   <li>{@link #untilStable(String, int)}: the <b>simulated steady state</b>. Every command of a pass is applied to
 *       the scenario as if it had succeeded at once: the candidates are removed, the replacements become initialized
 *       nodes holding the pods moved onto them, pods moved onto staying nodes are bound there, pods the provisioner
 *       would place get their claims as nodes, nodes already being deleted go. Then time moves on by
 *       {@link #STEP} (so that every {@code consolidateAfter} and 15 s validation has passed) and the planner runs
 *       again, until a pass decides no command (stable) or {@code maxPasses} is reached. The steady-state cost is
 *       the hourly price of the NodePool-managed nodes then left. It is what the disruption loop converges to when
 *       every command succeeds, nothing else changes and budgets are only ever spent one pass at a time; a real
 *       cluster reaches the same cost in several passes (budgets, validation, replacement launches) and may stop
 *       at another local optimum when launches fail or pods move elsewhere.</li>
 * </ul>
 * Not simulated: DaemonSet pods are not created on replacement nodes (their overhead is counted for new claims by
 * the planner, not afterwards), and an expired node's pods that fit nowhere stay pending.
 */
public final class DisruptionSimulation {

    private static final ObjectMapper STATUS_READER = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** How far time moves between two passes. */
    public static final Duration STEP = Duration.ofHours(1);

    /** One pass: the commands it decided (one line each), and the cost and nodes before it. */
    public record Pass(int number, Instant now, double costPerHourBefore, int nodesBefore, List<String> commands,
            int pendingPods) {
    }

    /**
     * The passes until stable; {@code finalCostPerHour} and {@code finalNodes} after the last one.
     *
     * @param stable           the last pass decided no command
     * @param finalNodesByType instance type → count of the managed nodes left
     * @param finalScenario    the scenario of the steady state (YAML)
     */
    public record Result(double initialCostPerHour, double finalCostPerHour, int initialNodes, int finalNodes,
            boolean stable, List<Pass> passes, Map<String, Integer> finalNodesByType, int pendingPods,
            String finalScenario) {
    }

    private DisruptionSimulation() {
    }

    /** One pass of the planner: the decision as {@code bin/kk simulate} prints it (a JSON object as a map). */
    public static Map<String, Object> decide(String scenarioYaml) {
        ScenarioReader.Scenario scenario = ScenarioReader.read(parse(scenarioYaml));
        if (scenario.snapshot() == null) {
            throw new InputException("mode", "must be disruption for a disruption decision");
        }
        return DisruptionDecision.decide(scenario.snapshot());
    }

    /** Applies every pass's commands until a pass decides none (or {@code maxPasses}); see the class comment. */
    public static Result untilStable(String scenarioYaml, int maxPasses) {
        return untilStable(scenarioYaml, maxPasses, Duration.ZERO);
    }

    /**
     * {@link #untilStable}, the first pass {@link #STEP} after the scenario's {@code now}: where the loop goes once
     * every {@code consolidateAfter} window open now has passed (a live cluster's state, exported at one instant,
     * usually has nodes inside their window). A first pass without a command means nothing more will happen.
     */
    public static Result eventually(String scenarioYaml, int maxPasses) {
        return untilStable(scenarioYaml, maxPasses, STEP);
    }

    private static Result untilStable(String scenarioYaml, int maxPasses, Duration before) {
        ObjectNode root = parse(scenarioYaml);
        root.put("mode", "disruption");
        Instant now = (root.hasNonNull("now") ? OffsetDateTime.parse(root.get("now").asText()).toInstant()
            : Instant.now()).plus(before);
        List<Pass> passes = new ArrayList<>();
        Double initialCost = null;
        int initialNodes = 0;
        Set<String> usedNames = new HashSet<>();
        for (int pass = 1; ; pass++) {
            root.put("now", now.toString());
            ClusterSnapshot snapshot = ScenarioReader.read(root).snapshot();
            double cost = cost(snapshot);
            int nodes = managedNodes(snapshot);
            if (initialCost == null) {
                initialCost = cost;
                initialNodes = nodes;
            }
            snapshot.nodes().forEach(n -> usedNames.add(n.name()));
            DisruptionPlan plan = new DisruptionPlanner().plan(snapshot);
            List<String> lines = new ArrayList<>();
            for (DisruptionCommand c : plan.commands()) {
                lines.add(describe(c));
            }
            passes.add(new Pass(pass, now, cost, nodes, lines, snapshot.pendingPods().size()));
            boolean placesPending = !plan.provisioning().isEmpty() || plan.placements().values().stream()
                .anyMatch(where -> snapshot.nodes().stream().anyMatch(n -> n.name().equals(where)));
            boolean deleting = snapshot.nodes().stream().anyMatch(ClusterNode::deleting);
            if ((plan.commands().isEmpty() && !placesPending && !deleting) || pass >= maxPasses) {
                Map<String, Integer> byType = new java.util.TreeMap<>();
                snapshot.nodes().stream().filter(ClusterNode::managed)
                    .forEach(n -> byType.merge(String.valueOf(n.instanceType()), 1, Integer::sum));
                return new Result(initialCost, cost, initialNodes, nodes, plan.commands().isEmpty(), passes, byType,
                    snapshot.pendingPods().size(), toYaml(root));
            }
            apply(root, snapshot, plan, now, usedNames);
            now = now.plus(STEP);
        }
    }

    /** The hourly price of the NodePool-managed nodes (their {@code price}, else their offering's). */
    public static double cost(ClusterSnapshot snapshot) {
        double cost = 0;
        for (ClusterNode n : snapshot.nodes()) {
            if (n.managed()) {
                Double p = n.price() != null ? n.price() : n.offeringPrice(snapshot.instanceTypes());
                cost += p == null ? 0 : p;
            }
        }
        return Simulate.price(cost);
    }

    private static int managedNodes(ClusterSnapshot snapshot) {
        return (int) snapshot.nodes().stream().filter(ClusterNode::managed).count();
    }

    static String describe(DisruptionCommand c) {
        List<String> replacements = new ArrayList<>();
        for (PlannedNodeClaim r : c.replacements()) {
            replacements.add(r.instanceType().name());
        }
        return c.decision().name().toLowerCase(Locale.ROOT) + " " + c.method().reason().name().toLowerCase(Locale.ROOT)
            + " " + c.nodes() + (replacements.isEmpty() ? "" : " -> " + replacements)
            + String.format(Locale.ROOT, " saves $%.4f/h", c.savingsPerHour());
    }

    // -- applying a pass ------------------------------------------------------------------------------------------

    private static void apply(ObjectNode root, ClusterSnapshot snapshot, DisruptionPlan plan, Instant now,
            Set<String> usedNames) {
        ArrayNode nodes = root.withArray("existingNodes");
        ArrayNode pending = root.withArray("pods");
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        for (JsonNode n : nodes) {
            byName.put(n.get("name").asText(), (ObjectNode) n);
        }
        // pod key → manifest, wherever it is now
        Map<String, ObjectNode> manifests = new HashMap<>();
        for (JsonNode n : nodes) {
            for (JsonNode p : n.path("pods")) {
                manifests.put(key(p), (ObjectNode) p);
            }
        }
        for (JsonNode p : pending) {
            manifests.put(key(p), (ObjectNode) p);
        }
        Map<String, String> renamed = new HashMap<>();
        Set<String> gone = new HashSet<>();
        Map<String, String> moves = new HashMap<>();
        for (DisruptionCommand c : plan.commands()) {
            for (PlannedNodeClaim r : c.replacements()) {
                addNode(root, byName, r, now, usedNames, renamed);
            }
            gone.addAll(c.nodes());
            moves.putAll(c.moves());
        }
        for (PlannedNodeClaim r : plan.provisioning()) {
            addNode(root, byName, r, now, usedNames, renamed);
        }
        moves.putAll(plan.placements());
        snapshot.nodes().stream().filter(ClusterNode::deleting).forEach(n -> gone.add(n.name()));
        // every pod leaves its node when the node goes; then the moved and placed ones land
        Set<String> daemonPods = new HashSet<>();
        for (String name : gone) {
            ObjectNode node = byName.remove(name);
            if (node == null) {
                continue;
            }
            for (JsonNode p : node.path("pods")) {
                if (ownedByDaemonSet(p)) {
                    daemonPods.add(key(p));
                }
            }
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        byName.values().forEach(kept::add);
        root.set("existingNodes", kept);
        Map<String, ObjectNode> stillPending = new LinkedHashMap<>();
        for (JsonNode p : pending) {
            stillPending.put(key(p), (ObjectNode) p);
        }
        for (String name : gone) {
            for (Map.Entry<String, ObjectNode> e : manifests.entrySet()) {
                if (!daemonPods.contains(e.getKey()) && wasOn(e.getValue(), name, snapshot)) {
                    stillPending.put(e.getKey(), e.getValue());
                }
            }
        }
        for (Map.Entry<String, String> move : moves.entrySet()) {
            String dest = renamed.getOrDefault(move.getValue(), move.getValue());
            ObjectNode pod = stillPending.remove(move.getKey());
            if (pod == null) {
                pod = manifests.get(move.getKey());
            }
            ObjectNode node = byName.get(dest);
            if (pod == null || node == null) {
                continue;
            }
            removeFromNodes(byName, move.getKey());
            ObjectNode moved = pod.deepCopy();
            if (moved.get("metadata") instanceof ObjectNode meta) {
                meta.put("creationTimestamp", now.toString());
            }
            if (moved.has("status")) {
                ((ObjectNode) moved.get("status")).remove("startTime");
            }
            node.withArray("pods").add(moved);
        }
        ArrayNode left = JsonNodeFactory.instance.arrayNode();
        stillPending.values().forEach(left::add);
        root.set("pods", left);
    }

    private static boolean wasOn(ObjectNode pod, String node, ClusterSnapshot snapshot) {
        for (ClusterNode n : snapshot.nodes()) {
            if (n.name().equals(node)) {
                String k = key(pod);
                return n.pods().stream().anyMatch(b -> b.key().equals(k));
            }
        }
        return false;
    }

    private static void removeFromNodes(Map<String, ObjectNode> byName, String podKey) {
        for (ObjectNode n : byName.values()) {
            JsonNode pods = n.get("pods");
            if (pods instanceof ArrayNode a) {
                for (Iterator<JsonNode> it = a.iterator(); it.hasNext(); ) {
                    if (key(it.next()).equals(podKey)) {
                        it.remove();
                    }
                }
            }
        }
    }

    /** A replacement or provisioned claim as an initialized node of the scenario, created now. */
    private static void addNode(ObjectNode root, Map<String, ObjectNode> byName, PlannedNodeClaim r, Instant now,
            Set<String> usedNames, Map<String, String> renamed) {
        String name = r.name();
        for (int i = 2; usedNames.contains(name) || byName.containsKey(name); i++) {
            name = r.name() + "-" + i;
        }
        usedNames.add(name);
        if (!name.equals(r.name())) {
            renamed.put(r.name(), name);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", name);
        node.put("nodePool", r.nodePool());
        node.put("instanceType", r.instanceType().name());
        node.put("capacityType", r.offering().capacityType());
        node.put("price", r.offering().price());
        ObjectNode labels = node.putObject("labels");
        r.labels().forEach(labels::put);
        labels.put(Labels.ZONE, r.offering().zone());
        labels.put(Labels.CAPACITY_TYPE, r.offering().capacityType());
        labels.put(Labels.INSTANCE_TYPE, r.instanceType().name());
        labels.put(Labels.INITIALIZED, "true");
        ArrayNode taints = node.putArray("taints");
        for (Taint t : r.taints()) {
            ObjectNode tn = taints.addObject().put("key", t.key()).put("effect", t.effect());
            if (!t.value().isEmpty()) {
                tn.put("value", t.value());
            }
        }
        node.put("createdAt", now.toString());
        node.set("annotations", launchAnnotations(root, r.nodePool()));
        String image = currentImage(root, r.nodePool(), r.instanceType().labels());
        if (image != null) {
            node.put("imageID", image);
        }
        node.putArray("pods");
        root.withArray("existingNodes").add(node);
        byName.put(name, node);
    }

    /** What a launch stamps: the NodePool's and its EC2NodeClass's hash annotations, as they are now. */
    private static ObjectNode launchAnnotations(ObjectNode root, String pool) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        JsonNode np = find(root.path("nodePools"), pool);
        if (np == null) {
            return out;
        }
        copyAnnotations(np, out, "karpenter.sh/nodepool-hash");
        JsonNode nc = find(root.path("nodeClasses"), np.path("spec").path("template").path("spec").path("nodeClassRef")
            .path("name").asText());
        if (nc != null) {
            copyAnnotations(nc, out, "karpenter.k8s.aws/ec2nodeclass-hash");
        }
        return out;
    }

    private static void copyAnnotations(JsonNode object, ObjectNode out, String prefix) {
        object.path("metadata").path("annotations").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
    }

    /**
     * The image a launch would use now for an instance type with these labels: the first AMI of the pool's
     * EC2NodeClass status whose requirements the labels meet (common-model {@code StatusAmis}, as the launcher picks).
     */
    private static String currentImage(ObjectNode root, String pool, Map<String, String> typeLabels) {
        JsonNode np = find(root.path("nodePools"), pool);
        if (np == null) {
            return null;
        }
        JsonNode nc = find(root.path("nodeClasses"), np.path("spec").path("template").path("spec").path("nodeClassRef")
            .path("name").asText());
        if (nc == null || !nc.path("status").isObject()) {
            return null;
        }
        EC2NodeClass nodeClass = new EC2NodeClass();
        try {
            nodeClass.setStatus(STATUS_READER.treeToValue(nc.path("status"), EC2NodeClassStatus.class));
        } catch (IOException e) {
            return null;
        }
        return StatusAmis.forLabels(StatusAmis.of(nodeClass), typeLabels).map(StatusAmis.StatusAmi::id).orElse(null);
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode o : list) {
            if (name.equals(o.path("metadata").path("name").asText())) {
                return o;
            }
        }
        return null;
    }

    private static boolean ownedByDaemonSet(JsonNode pod) {
        for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
            if ("DaemonSet".equals(ref.path("kind").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String key(JsonNode pod) {
        JsonNode meta = pod.path("metadata");
        return meta.path("namespace").asText("default") + "/" + meta.path("name").asText();
    }

    private static ObjectNode parse(String yaml) {
        try {
            JsonNode tree = ScenarioReader.TREES.read(yaml);
            if (tree == null || !tree.isObject()) {
                throw new InputException("", "the scenario must be a YAML mapping");
            }
            return (ObjectNode) tree;
        } catch (IOException e) {
            throw new InputException("", "not valid YAML: " + e.getMessage().split("\n")[0]);
        }
    }

    private static String toYaml(ObjectNode root) {
        try {
            return ScenarioReader.YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
