package io.kafkarpenter.sandbox.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkarpenter.cli.Simulate;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodePool;

/**
 * What {@code bin/kk simulate} in disruption mode plans for one NodePool as it is now: the live NodePool, its
 * EC2NodeClass, its Nodes with their pods (and the pending pods that select it), the PodDisruptionBudgets, written as a
 * disruption scenario; the planner's commands are applied to the scenario and it is planned again until nothing is
 * disrupted (the steady state), whose nodes' cost per hour is returned. {@code now} is an hour ahead, so every
 * consolidateAfter has passed: the plan is where consolidation ends, not its first step.
 *
 * <p>Local stand-in for the sandbox's ScenarioExport (issue 11 §3); swap when it lands on main.
 */
final class PlannedCost {

    /** The steady state: its cost per hour, its nodes (name → instance type) and the commands on the way. */
    record Plan(double costPerHour, Map<String, String> nodes, List<String> commands, int unschedulable, Path scenario) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODEPOOL = "karpenter.sh/nodepool";

    private PlannedCost() {
    }

    static Plan of(KubernetesClient kube, String pool, Observer prices, Path dir) throws IOException {
        NodePool np = kube.resources(NodePool.class).withName(pool).get();
        String className = np.getSpec().getTemplate().getSpec().getNodeClassRef().getName();
        EC2NodeClass nc = kube.resources(EC2NodeClass.class).withName(className).get();
        Map<String, NodeClaim> claimOfNode = new HashMap<>();
        kube.resources(NodeClaim.class).list().getItems().stream()
            .filter(c -> c.getStatus() != null && c.getStatus().getNodeName() != null)
            .forEach(c -> claimOfNode.put(c.getStatus().getNodeName(), c));
        List<Pod> pods = kube.pods().inNamespace(Sandbox.NAMESPACE).list().getItems().stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();

        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", "e2e-export-" + pool);
        scenario.put("mode", "disruption");
        scenario.put("catalog", "aws");
        scenario.put("zones", List.of("us-east-1a", "us-east-1b", "us-east-1c"));
        scenario.put("nodePools", List.of(manifest(np)));
        scenario.put("nodeClasses", List.of(manifest(nc)));
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Node n : kube.nodes().list().getItems()) {
            if (!pool.equals(n.getMetadata().getLabels().get(NODEPOOL))) {
                continue;
            }
            NodeClaim claim = claimOfNode.get(n.getMetadata().getName());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", n.getMetadata().getName());
            e.put("nodePool", pool);
            e.put("instanceType", n.getMetadata().getLabels().get("node.kubernetes.io/instance-type"));
            Map<String, String> labels = new LinkedHashMap<>(n.getMetadata().getLabels());
            if (claim != null && NodeClaimConditions.isTrue(claim, NodeClaimConditions.INITIALIZED)) {
                labels.put("karpenter.sh/initialized", "true");
            }
            e.put("labels", labels);
            e.put("taints", n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
            e.put("allocatable", n.getStatus().getAllocatable());
            e.put("createdAt", (claim != null ? claim : n).getMetadata().getCreationTimestamp());
            Map<String, String> annotations = new LinkedHashMap<>();
            if (claim != null && claim.getMetadata().getAnnotations() != null) {
                annotations.putAll(claim.getMetadata().getAnnotations());
            }
            e.put("annotations", annotations);
            e.put("pods", pods.stream().filter(p -> n.getMetadata().getName().equals(p.getSpec().getNodeName()))
                .map(PlannedCost::manifest).toList());
            nodes.add(e);
        }
        scenario.put("existingNodes", nodes);
        scenario.put("pods", pods.stream().filter(p -> p.getSpec().getNodeName() == null
                && pool.equals(p.getSpec().getNodeSelector() == null ? pool : p.getSpec().getNodeSelector()
                    .getOrDefault(NODEPOOL, pool)))
            .map(PlannedCost::manifest).toList());
        scenario.put("pdbs", kube.policy().v1().podDisruptionBudget().inNamespace(Sandbox.NAMESPACE).list().getItems()
            .stream().map(PlannedCost::manifest).toList());
        scenario.put("now", Instant.now().plus(Duration.ofHours(1)).toString());
        return steadyState(scenario, prices, dir);
    }

    /** Plans, applies the commands to the scenario, and plans again until nothing is disrupted (at most 8 rounds). */
    @SuppressWarnings("unchecked")
    private static Plan steadyState(Map<String, Object> scenario, Observer prices, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> commands = new ArrayList<>();
        Path first = dir.resolve("planned-" + scenario.get("name") + ".yaml");
        for (int round = 0; round < 8; round++) {
            Path file = round == 0 ? first : dir.resolve("planned-" + scenario.get("name") + "-" + round + ".yaml");
            Files.writeString(file, Serialization.asYaml(scenario));
            JsonNode decision = simulate(file);
            List<Map<String, Object>> nodes = (List<Map<String, Object>>) scenario.get("existingNodes");
            if (decision.get("disruptions").isEmpty()) {
                Map<String, String> types = new LinkedHashMap<>();
                nodes.forEach(n -> types.put((String) n.get("name"), (String) n.get("instanceType")));
                double cost = types.values().stream().mapToDouble(prices::pricePerHour).sum();
                return new Plan(cost, types, commands, decision.get("unschedulable").size(), first);
            }
            // every pod manifest by namespace/name, to move it
            Map<String, Map<String, Object>> podByKey = new HashMap<>();
            nodes.forEach(n -> ((List<Map<String, Object>>) n.get("pods")).forEach(p -> podByKey.put(key(p), p)));
            ((List<Map<String, Object>>) scenario.get("pods")).forEach(p -> podByKey.put(key(p), p));
            List<String> gone = new ArrayList<>();
            for (JsonNode d : decision.get("disruptions")) {
                commands.add(d.get("action").asText() + "/" + d.get("reason").asText() + " " + d.get("nodes")
                    + " -> " + d.get("replacements"));
                d.get("nodes").forEach(x -> gone.add(x.asText()));
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> n : nodes) {
                if (!gone.contains((String) n.get("name"))) {
                    next.add(n);
                }
            }
            for (JsonNode moved : decision.get("existingNodes")) {
                Map<String, Object> target = next.stream().filter(n -> moved.get("name").asText().equals(n.get("name")))
                    .findFirst().orElseThrow();
                List<Map<String, Object>> onIt = new ArrayList<>((List<Map<String, Object>>) target.get("pods"));
                moved.get("pods").forEach(k -> {
                    Map<String, Object> p = podByKey.get(k.asText());
                    if (p != null && !onIt.contains(p)) {
                        onIt.add(bound(p, (String) target.get("name")));
                    }
                });
                target.put("pods", onIt);
            }
            for (JsonNode claim : decision.get("nodeClaims")) {
                next.add(nodeOf(claim, podByKey, (String) ((Map<String, Object>) ((Map<String, Object>)
                    ((List<Object>) scenario.get("nodePools")).get(0)).get("metadata")).get("name")));
            }
            List<String> stillPending = new ArrayList<>();
            decision.get("unschedulable").forEach(u -> stillPending.add(u.get("pod").asText()));
            scenario.put("pods", stillPending.stream().map(podByKey::get).filter(java.util.Objects::nonNull).toList());
            scenario.put("existingNodes", next);
        }
        throw new IllegalStateException("no steady state after 8 rounds of simulate: " + commands + " (see " + first + ")");
    }

    private static Map<String, Object> nodeOf(JsonNode claim, Map<String, Map<String, Object>> podByKey, String pool) {
        String name = claim.get("name").asText();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("nodePool", pool);
        e.put("instanceType", claim.get("instanceType").asText());
        Map<String, String> labels = new LinkedHashMap<>();
        claim.get("labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        labels.put("kubernetes.io/hostname", name);
        labels.put("topology.kubernetes.io/zone", claim.get("zone").asText());
        labels.put("karpenter.sh/capacity-type", claim.get("capacityType").asText());
        labels.put("node.kubernetes.io/instance-type", claim.get("instanceType").asText());
        labels.put(NODEPOOL, pool);
        labels.put("karpenter.sh/initialized", "true");
        e.put("labels", labels);
        e.put("taints", JSON.convertValue(claim.get("taints"), List.class));
        e.put("allocatable", JSON.convertValue(claim.get("allocatable"), Map.class));
        e.put("createdAt", Instant.EPOCH.toString());
        List<Map<String, Object>> pods = new ArrayList<>();
        claim.get("pods").forEach(k -> {
            Map<String, Object> p = podByKey.get(k.asText());
            if (p != null) {
                pods.add(bound(p, name));
            }
        });
        e.put("pods", pods);
        return e;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bound(Map<String, Object> pod, String node) {
        Map<String, Object> copy = JSON.convertValue(pod, Map.class);
        ((Map<String, Object>) copy.computeIfAbsent("spec", k -> new LinkedHashMap<>())).put("nodeName", node);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static String key(Map<String, Object> pod) {
        Map<String, Object> meta = (Map<String, Object>) pod.get("metadata");
        return meta.getOrDefault("namespace", Sandbox.NAMESPACE) + "/" + meta.get("name");
    }

    /** The object as a plain map, without what the API server adds (managedFields, resourceVersion, uid ...). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest(HasMetadata o) {
        Map<String, Object> m = JSON.convertValue(o, Map.class);
        Map<String, Object> meta = (Map<String, Object>) m.get("metadata");
        if (meta != null) {
            meta.remove("managedFields");
            meta.remove("resourceVersion");
            meta.remove("generation");
        }
        return m;
    }

    private static JsonNode simulate(Path scenario) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Simulate.run(scenario.toString(), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalArgumentException("simulate failed on " + scenario + ": " + err);
        }
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }
}
