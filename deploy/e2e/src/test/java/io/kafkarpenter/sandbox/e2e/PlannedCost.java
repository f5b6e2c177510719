package io.kafkarpenter.sandbox.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkarpenter.cli.DisruptionSimulation;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodePool;

/**
 * What {@code bin/kk simulate} in disruption mode plans for one NodePool as it is now: the live NodePool, its
 * EC2NodeClass, its Nodes with their pods (and the pending pods that select it), the PodDisruptionBudgets, written as a
 * disruption scenario; the planner's commands are applied to the scenario and it is planned again until nothing is
 * disrupted (the steady state), whose nodes' cost per hour is returned. The first pass is an hour after now, so
 * every consolidateAfter has passed: the plan is where consolidation ends, not its first step. The passes are
 * {@link DisruptionSimulation#eventually} (kk-cli), the same as the sandbox's {@code ScenarioExport.steadyState};
 * the export is this NodePool's only (ScenarioExport takes the whole cluster, and the test's other NodePools would
 * be consolidated there in the simulated hours but not in the test's minutes).
 */
final class PlannedCost {

    /** The steady state: its cost per hour, its nodes (instance type → count), the commands on the way, pods pending. */
    record Plan(double costPerHour, Map<String, Integer> nodes, List<String> commands, int pending, Path scenario) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODEPOOL = "karpenter.sh/nodepool";

    private PlannedCost() {
    }

    static Plan of(KubernetesClient kube, String pool, Path dir) throws IOException {
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
        scenario.put("now", Instant.now().toString());
        return steadyState(scenario, dir);
    }

    /** {@link DisruptionSimulation#eventually}: the planner's passes, each applied, until one decides nothing. */
    private static Plan steadyState(Map<String, Object> scenario, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("planned-" + scenario.get("name") + "-" + System.currentTimeMillis() + ".yaml");
        String yaml = Serialization.asYaml(scenario);
        Files.writeString(file, yaml);
        DisruptionSimulation.Result r = DisruptionSimulation.eventually(yaml, 8);
        if (!r.stable()) {
            throw new IllegalStateException("simulate found no steady state in 8 passes from " + file + ": " + r.passes());
        }
        List<String> commands = r.passes().stream().flatMap(p -> p.commands().stream()).toList();
        return new Plan(r.finalCostPerHour(), r.finalNodesByType(), commands, r.pendingPods(), file);
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

}
