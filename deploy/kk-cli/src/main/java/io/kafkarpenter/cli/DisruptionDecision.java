package io.kafkarpenter.cli;

import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.DisruptionCommand;
import io.kafkarpenter.model.disruption.DisruptionMethod;
import io.kafkarpenter.model.disruption.DisruptionPlan;
import io.kafkarpenter.model.disruption.DisruptionPlanner;
import io.kafkarpenter.model.disruption.NodeVerdict;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;
import io.kafkarpenter.model.scheduling.PodFailure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code kk simulate} in disruption mode: one pass of the disruption planner, printed in the decision format of
 * shared/scenarios/FORMAT.md. {@code disruptions} holds the commands; replacements and the claims the provisioner
 * would open for pending pods (and pods of deleting or expired nodes) are the {@code nodeClaims}; pods moved onto
 * nodes that stay are listed under them in {@code existingNodes}; {@code notDisrupted} says why every other managed
 * node stays.
 */
final class DisruptionDecision {

    private DisruptionDecision() {
    }

    static Map<String, Object> decide(ClusterSnapshot snapshot) {
        long start = System.nanoTime();
        DisruptionPlan plan = new DisruptionPlanner().plan(snapshot);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        Set<String> nodeNames = new HashSet<>();
        snapshot.nodes().forEach(n -> nodeNames.add(n.name()));
        List<Object> claims = new ArrayList<>();
        double cost = 0;
        for (PlannedNodeClaim c : plan.provisioning()) {
            claims.add(Simulate.claimJson(c));
            cost += c.offering().price();
        }
        Map<String, List<String>> onNodes = new LinkedHashMap<>();
        int pods = plan.placements().size() + plan.stillPending().size();
        int scheduled = plan.placements().size();
        plan.placements().forEach((pod, where) -> {
            if (nodeNames.contains(where)) {
                onNodes.computeIfAbsent(where, k -> new ArrayList<>()).add(pod);
            }
        });
        List<Object> disruptions = new ArrayList<>();
        for (DisruptionCommand cmd : plan.commands()) {
            List<String> replacementNames = new ArrayList<>();
            for (PlannedNodeClaim r : cmd.replacements()) {
                claims.add(Simulate.claimJson(r));
                cost += r.offering().price();
                replacementNames.add(r.name());
            }
            if (cmd.method() != DisruptionMethod.EXPIRATION) {
                pods += cmd.moves().size();
                scheduled += cmd.moves().size();
                cmd.moves().forEach((pod, where) -> {
                    if (nodeNames.contains(where)) {
                        onNodes.computeIfAbsent(where, k -> new ArrayList<>()).add(pod);
                    }
                });
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", cmd.decision().name().toLowerCase(Locale.ROOT));
            m.put("reason", cmd.method().reason().name().toLowerCase(Locale.ROOT));
            m.put("nodes", cmd.nodes());
            m.put("replacements", replacementNames);
            m.put("savingsPerHour", Simulate.price(cmd.savingsPerHour()));
            m.put("method", cmd.method().title());
            m.put("detail", cmd.detail());
            disruptions.add(m);
        }
        List<Object> existing = new ArrayList<>();
        onNodes.forEach((node, keys) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", node);
            m.put("pods", keys);
            existing.add(m);
        });
        List<Object> unschedulable = new ArrayList<>();
        for (PodFailure f : plan.stillPending()) {
            unschedulable.add(Simulate.failureJson(f));
        }
        List<Object> notDisrupted = new ArrayList<>();
        for (NodeVerdict v : plan.notDisrupted()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", v.node());
            m.put("reason", v.why().reason().code());
            m.put("message", v.why().text());
            notDisrupted.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodeClaims", claims);
        out.put("existingNodes", existing);
        out.put("unschedulable", unschedulable);
        out.put("disruptions", disruptions);
        out.put("notDisrupted", notDisrupted);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pods", pods);
        summary.put("scheduled", scheduled);
        summary.put("nodeClaims", claims.size());
        summary.put("costPerHour", Simulate.price(cost));
        summary.put("elapsedMs", elapsedMs);
        out.put("summary", summary);
        return out;
    }
}
