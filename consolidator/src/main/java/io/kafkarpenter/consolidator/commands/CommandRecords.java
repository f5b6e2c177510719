package io.kafkarpenter.consolidator.commands;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.kafkarpenter.model.crd.Durations;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.disruption.BoundPod;
import io.kafkarpenter.model.disruption.ClusterNode;
import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.DisruptionCommand;
import io.kafkarpenter.model.disruption.DisruptionMethod;
import io.kafkarpenter.model.disruption.DisruptionPolicy;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.model.inputs.NodeClaimLaunches;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;
import io.kafkarpenter.model.scheduling.SchedulingPod;

/**
 * The records of one command (the consolidator↔launcher contract, point 1): one {@link NodeClaimLaunch} per
 * replacement ({@code kk.nodeclaims.launch}; name {@code deriveName(pool, "replace:" + digest(sorted candidate
 * NodeClaim names), i)}, so a re-planned command republishes the same names), then one {@link TerminationRequest}
 * per candidate ({@code kk.nodes.terminate}) naming the replacements, and the {@link DecisionRecord} that explains
 * it ({@code kk.decisions}), all with the same decision id and reason. Pure.
 */
public final class CommandRecords {

    public static final String SERVICE = "consolidator";

    /** Everything to publish for one command, in order: launches, terminations, then the record. */
    public record Emission(List<NodeClaimLaunch> launches, List<TerminationRequest> terminations,
                           DecisionRecord record) {
    }

    private CommandRecords() {
    }

    /**
     * @param claimOfNode the NodeClaim of each node
     * @param nodePools   the live NodePools (EC2NodeClass reference, expireAfter, terminationGracePeriod of the
     *                    replacements)
     * @param launchTtl   lifetime of a replacement launch decision
     */
    public static Emission of(CommandTracker.Decided decided, ClusterSnapshot snapshot,
                              Map<String, String> claimOfNode, Map<String, NodePool> nodePools, Instant now,
                              Duration launchTtl) {
        DisruptionCommand c = decided.command();
        String decisionId = decided.decisionId();
        Reason reason = c.method().reason();
        Map<String, ClusterNode> nodes = new HashMap<>();
        snapshot.nodes().forEach(n -> nodes.put(n.name(), n));
        List<String> claims = CommandTracker.claimNames(c, claimOfNode);
        String replaceKey = "replace:" + CommandTracker.digest(String.join(",", claims), 24);

        List<NodeClaimLaunch> launches = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, String> plannedToName = new HashMap<>();
        for (int i = 0; i < c.replacements().size(); i++) {
            PlannedNodeClaim r = c.replacements().get(i);
            String name = NodeClaimLaunch.deriveName(r.nodePool(), replaceKey, i);
            names.add(name);
            plannedToName.put(r.name(), name);
            List<PodRef> pods = r.pods().stream().map(CommandRecords::ref).toList();
            launches.add(NodeClaimLaunches.of(name, decisionId, r, template(nodePools.get(r.nodePool())), pods, reason,
                now, now.plus(launchTtl)));
        }

        String message = message(c, snapshot, names);
        List<TerminationRequest> terminations = new ArrayList<>();
        List<Subject> subjects = new ArrayList<>();
        for (String node : c.nodes()) {
            ClusterNode n = nodes.get(node);
            String pool = n == null ? null : n.nodePool();
            String claim = claimOfNode.getOrDefault(node, node);
            terminations.add(new TerminationRequest(node, claim, pool, reason, message, decisionId, names, now));
            subjects.add(Subject.node(node));
            subjects.add(Subject.nodeClaim(claim));
        }
        names.forEach(n -> subjects.add(Subject.nodeClaim(n)));

        List<PodOutcome> outcomes = new ArrayList<>();
        for (String node : c.nodes()) {
            ClusterNode n = nodes.get(node);
            if (n == null) {
                continue;
            }
            for (BoundPod p : n.pods()) {
                if (!p.reschedulable()) {
                    continue;
                }
                String target = c.moves().get(p.key());
                target = target == null ? null : plannedToName.getOrDefault(target, target);
                outcomes.add(new PodOutcome(ref(p.pod()), reason, target == null
                    ? "pod " + p.key() + " leaves node " + node + " (re-provisioned)"
                    : "pod " + p.key() + " moves from node " + node + " to " + target, target));
            }
        }
        DecisionRecord record = new DecisionRecord(decisionId, decisionId, SERVICE, DecisionKind.DISRUPTION,
            subjects, reason, message, outcomes, now);
        return new Emission(launches, terminations, record);
    }

    /** e.g. "node a is underutilized: replace with 1 NodeClaim (c6a.large, ...), saves $0.0340/h (multi-node consolidation)". */
    static String message(DisruptionCommand c, ClusterSnapshot snapshot, List<String> replacementNames) {
        String nodes = String.join(", ", c.nodes());
        ReasonMessage m = switch (c.method()) {
            case EMPTINESS -> Reason.EMPTY.format(nodes);
            case DRIFT -> Reason.DRIFTED.format(nodes, c.detail() == null ? "drifted" : c.detail());
            case EXPIRATION -> Reason.EXPIRED.format(nodes, expireAfter(c, snapshot));
            case MULTI_NODE_CONSOLIDATION, SINGLE_NODE_CONSOLIDATION -> Reason.UNDERUTILIZED.format(nodes,
                c.replacements().isEmpty() ? "delete, its pods fit on other nodes"
                    : "replace with " + replacementNames + " " + c.replacementOptions().get(0).stream().limit(3).toList());
        };
        boolean consolidation = c.method() != DisruptionMethod.EXPIRATION && c.method() != DisruptionMethod.DRIFT;
        String savings = consolidation && c.savingsPerHour() > 0
            ? String.format(Locale.ROOT, ", saves $%.4f/h", c.savingsPerHour()) : "";
        return m.text() + savings + " (" + c.method().title() + ")";
    }

    private static String expireAfter(DisruptionCommand c, ClusterSnapshot snapshot) {
        String pool = snapshot.nodes().stream().filter(n -> c.nodes().contains(n.name())).map(ClusterNode::nodePool)
            .findFirst().orElse(null);
        return snapshot.policies().stream().filter(p -> p.nodePool().equals(pool)).map(DisruptionPolicy::expireAfter)
            .filter(d -> d != null).map(Durations::format).findFirst().orElse("expireAfter");
    }

    private static NodeClaimLaunches.Template template(NodePool np) {
        if (np == null || np.getSpec() == null || np.getSpec().getTemplate() == null
            || np.getSpec().getTemplate().getSpec() == null) {
            return NodeClaimLaunches.Template.DEFAULT;
        }
        var spec = np.getSpec().getTemplate().getSpec();
        var ref = spec.getNodeClassRef();
        NodeClassRef classRef = ref == null ? NodeClaimLaunches.Template.DEFAULT.nodeClassRef()
            : new NodeClassRef(ref.getGroup() == null ? "karpenter.k8s.aws" : ref.getGroup(),
                ref.getKind() == null ? "EC2NodeClass" : ref.getKind(), ref.getName());
        return new NodeClaimLaunches.Template(classRef, spec.getExpireAfter(), spec.getTerminationGracePeriod());
    }

    static PodRef ref(SchedulingPod p) {
        return new PodRef(p.namespace(), p.name(), p.uid());
    }

    /** Decision method as the metrics' {@code consolidation_type} label: empty, single, multi, or "" (drift, expiry). */
    public static String consolidationType(DisruptionMethod m) {
        return switch (m) {
            case EMPTINESS -> "empty";
            case SINGLE_NODE_CONSOLIDATION -> "single";
            case MULTI_NODE_CONSOLIDATION -> "multi";
            default -> "";
        };
    }
}
