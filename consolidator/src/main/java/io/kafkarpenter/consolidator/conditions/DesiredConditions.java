package io.kafkarpenter.consolidator.conditions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.DisruptionFacts;
import io.kafkarpenter.model.disruption.DisruptionPolicy;
import io.kafkarpenter.model.disruption.NodeClassState;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;

/**
 * The conditions the consolidator owns on each managed NodeClaim (NodeClaimConditions: {@code Consolidatable},
 * {@code Drifted}), as Karpenter sets them: True with a reason when they hold, absent otherwise. Pure.
 *
 * @param consolidatable null = remove the condition
 * @param driftReason    null = remove the condition
 */
public record DesiredConditions(Boolean consolidatable, String driftReason) {

    /** For each NodeClaim name of a managed node that is not being disrupted. */
    public static Map<String, DesiredConditions> of(ClusterSnapshot snapshot, Map<String, String> claimOfNode) {
        Map<String, DisruptionPolicy> policies = new LinkedHashMap<>();
        snapshot.policies().forEach(p -> policies.put(p.nodePool(), p));
        Map<String, NodePoolTemplate> templates = new LinkedHashMap<>();
        snapshot.nodePools().forEach(t -> templates.put(t.name(), t));
        Map<String, NodeClassState> classes = new LinkedHashMap<>();
        snapshot.nodeClasses().forEach(c -> classes.put(c.name(), c));
        Map<String, DesiredConditions> out = new LinkedHashMap<>();
        Instant now = snapshot.now();
        for (ClusterNode n : snapshot.nodes()) {
            String claim = claimOfNode.get(n.name());
            if (!n.managed() || n.deleting() || claim == null) {
                continue;
            }
            DisruptionPolicy policy = policies.get(n.nodePool());
            NodeClassState nc = policy == null || policy.nodeClass() == null ? null : classes.get(policy.nodeClass());
            boolean consolidatable = n.initialized() && DisruptionFacts.consolidatable(n, policy, now);
            String drift = n.initialized()
                ? DisruptionFacts.driftReason(n, policy, templates.get(n.nodePool()), nc, now) : null;
            out.put(claim, new DesiredConditions(consolidatable ? Boolean.TRUE : null, drift));
        }
        return out;
    }

    /** Applies to {@code claim} in memory; true when something changed. */
    public boolean applyTo(NodeClaim claim, Instant now) {
        boolean changed = false;
        if (consolidatable != null) {
            changed |= NodeClaimConditions.set(claim, NodeClaimConditions.CONSOLIDATABLE, "True", "Consolidatable",
                "", now);
        } else {
            changed |= NodeClaimConditions.remove(claim, NodeClaimConditions.CONSOLIDATABLE);
        }
        if (driftReason != null) {
            changed |= NodeClaimConditions.set(claim, NodeClaimConditions.DRIFTED, "True", driftReason, "", now);
        } else {
            changed |= NodeClaimConditions.remove(claim, NodeClaimConditions.DRIFTED);
        }
        return changed;
    }

    /** Whether {@code claim} already carries exactly these conditions (no write needed). */
    public boolean satisfiedBy(NodeClaim claim) {
        var c = NodeClaimConditions.find(claim, NodeClaimConditions.CONSOLIDATABLE);
        var d = NodeClaimConditions.find(claim, NodeClaimConditions.DRIFTED);
        boolean consolidatableOk = consolidatable == null ? c.isEmpty()
            : c.isPresent() && "True".equals(c.get().getStatus());
        boolean driftOk = driftReason == null ? d.isEmpty()
            : d.isPresent() && "True".equals(d.get().getStatus()) && Objects.equals(driftReason, d.get().getReason());
        return consolidatableOk && driftOk;
    }
}
