package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.crd.Durations;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.scheduling.ClusterSimulation;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;
import io.kafkarpenter.model.scheduling.PodFailure;
import io.kafkarpenter.model.scheduling.SchedulingPod;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one disruption pass: the snapshot indexed, the expired nodes, every considered node's
 * {@link Candidate} facts, and one {@link ClusterSimulation} of the cluster in which pending pods and the pods of
 * deleting and expired nodes are already placed (the provisioner's part of the instant). Methods try removals on
 * it and roll them back.
 */
final class DisruptionPass {

    final ClusterSnapshot snapshot;
    final Instant now;
    final Map<String, DisruptionPolicy> policies = new HashMap<>();
    final Map<String, NodePoolTemplate> templates = new HashMap<>();
    final Map<String, NodeClassState> nodeClasses = new HashMap<>();
    final List<ClusterNode> expired = new ArrayList<>();
    /** Names of nodes on their way out before this pass's loop acts: deleting or expired. */
    final Set<String> disrupting = new HashSet<>();
    /** Managed nodes not on their way out, in snapshot order. */
    final List<Candidate> candidates = new ArrayList<>();
    /** The same, in Karpenter's consolidation order: savings ratio descending, then name. */
    final List<Candidate> byRatio;
    final ClusterSimulation sim;
    final Set<String> nominated = new HashSet<>();
    final Map<String, String> baselinePlacements = new LinkedHashMap<>();
    final List<PodFailure> stillPending;
    final List<PlannedNodeClaim> provisioning;
    private final PdbRules pdbs;
    private final Set<SchedulingPod> movable = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Managed nodes not initialized: a moved pod that would land there fails (Karpenter's simulation error). */
    private final Set<String> uninitialized = new HashSet<>();
    /** Nodes inside their consolidateAfter window: consolidation moves no pod onto them (Karpenter v1.14). */
    private final Set<String> refuseConsolidated = new HashSet<>();
    private final Map<String, ReasonMessage> verdicts = new LinkedHashMap<>();

    DisruptionPass(ClusterSnapshot snapshot) {
        this.snapshot = snapshot;
        this.now = snapshot.now();
        for (DisruptionPolicy p : snapshot.policies()) {
            policies.put(p.nodePool(), p);
        }
        for (NodePoolTemplate t : snapshot.nodePools()) {
            templates.put(t.name(), t);
        }
        for (NodeClassState c : snapshot.nodeClasses()) {
            nodeClasses.put(c.name(), c);
        }
        this.pdbs = new PdbRules(snapshot.pdbs(), snapshot.nodes());
        List<SchedulingPod> placeable = new ArrayList<>(snapshot.pendingPods());
        Set<SchedulingPod> leaving = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ExistingNode> engineNodes = new ArrayList<>();
        for (ClusterNode n : snapshot.nodes()) {
            engineNodes.add(n.toExistingNode());
            DisruptionPolicy policy = n.managed() ? policies.get(n.nodePool()) : null;
            boolean expiring = n.managed() && !n.deleting() && expires(n, policy);
            if (expiring) {
                expired.add(n);
            }
            boolean outgoing = n.deleting() || expiring;
            if (outgoing) {
                disrupting.add(n.name());
            }
            List<BoundPod> reschedulable = new ArrayList<>();
            double cost = 1.0;
            for (BoundPod p : n.pods()) {
                if (!p.reschedulable()) {
                    continue;
                }
                placeable.add(p.pod());
                reschedulable.add(p);
                cost += Math.max(0, PodRules.evictionCost(p));
                if (outgoing && !PodRules.doNotDisrupt(p, now) && !pdbs.fullyBlocked(p)) {
                    leaving.add(p.pod()); // drained now: these need a node in this instant
                }
            }
            if (n.managed() && !outgoing) {
                movable.addAll(reschedulable.stream().map(BoundPod::pod).toList());
                candidates.add(new Candidate(n, policy, templates.get(n.nodePool()), price(n), reschedulable, cost));
            }
            if (n.managed() && !n.initialized()) {
                uninitialized.add(n.name());
            }
            if (n.managed() && insideConsolidateAfter(n, policy)) {
                refuseConsolidated.add(n.name());
            }
        }
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingDouble(Candidate::savingsRatio).reversed().thenComparing(Candidate::name));
        this.byRatio = List.copyOf(ordered);

        this.sim = new ClusterSimulation(snapshot.nodePools(), engineNodes, snapshot.daemonSets(),
                snapshot.settings().schedulerOptions(), snapshot.settings().extraWellKnownLabels(), placeable);
        for (Candidate c : candidates) {
            assess(c);
        }
        sim.orderTargets(targetOrder());
        this.stillPending = placeWhatNeedsANode(leaving);
        sim.settle();
        this.provisioning = sim.settledClaims();
        for (Candidate c : candidates) {
            if (nominated.contains(c.name()) && (c.nodeBlock == null
                    || c.nodeBlock.reason() == Reason.DO_NOT_DISRUPT_NODE)) {
                c.nodeBlock = Reason.NODE_NOMINATED.format(c.name());
            }
        }
    }

    /**
     * The provisioner's part of the instant: nodes on their way out leave the simulation and their drained pods,
     * with the pending pods, are placed as a provisioning pass would place them (new claims allowed). Nodes that
     * receive one are nominated. Returns the pods that fit nowhere.
     */
    private List<PodFailure> placeWhatNeedsANode(Set<SchedulingPod> drained) {
        ClusterSimulation.Outcome outcome = sim.remove(disrupting, drained::contains, snapshot.pendingPods(), false,
                Integer.MAX_VALUE);
        Set<String> nodeNames = new HashSet<>();
        for (ClusterNode n : snapshot.nodes()) {
            nodeNames.add(n.name());
        }
        for (SchedulingPod p : outcome.pods()) {
            String where = sim.placementOf(p);
            if (where != null) {
                baselinePlacements.put(p.key(), where);
                if (nodeNames.contains(where)) {
                    nominated.add(where); // the provisioner nominates the node for the pod: not a candidate now
                }
            }
        }
        return outcome.failures();
    }

    /**
     * Existing nodes are tried, for moved pods, in the order that leaves the most nodes removable: nodes that stay
     * anyway (not candidates, or blocked) first, then candidates from the last to be considered (fullest) to the
     * first.
     */
    private List<String> targetOrder() {
        Set<String> removable = new HashSet<>();
        for (Candidate c : candidates) {
            boolean consolidatable = (c.empty() ? c.emptinessBlock() : c.consolidationBlock()) == null;
            if (consolidatable || (c.driftReason != null && c.nodeBlock == null)) {
                removable.add(c.name());
            }
        }
        List<String> order = new ArrayList<>();
        for (ClusterNode n : snapshot.nodes()) {
            if (!removable.contains(n.name())) {
                order.add(n.name());
            }
        }
        Collections.sort(order);
        for (int i = byRatio.size() - 1; i >= 0; i--) {
            if (removable.contains(byRatio.get(i).name())) {
                order.add(byRatio.get(i).name());
            }
        }
        return order;
    }

    private boolean expires(ClusterNode n, DisruptionPolicy policy) {
        return policy != null && policy.expireAfter() != null && n.createdAt() != null
                && !n.createdAt().plus(policy.expireAfter()).isAfter(now);
    }

    private boolean insideConsolidateAfter(ClusterNode n, DisruptionPolicy policy) {
        if (policy == null || policy.consolidateAfter() == null || policy.consolidateAfter().isZero()) {
            return false;
        }
        Instant last = PodRules.lastPodEvent(n);
        return last != null && last.plus(policy.consolidateAfter()).isAfter(now);
    }

    /** The node's blocks, in the order Karpenter's candidate filter finds them. */
    private void assess(Candidate c) {
        ClusterNode n = c.node;
        if (c.policy == null) {
            c.nodeBlock = Reason.NODEPOOL_NOT_DISRUPTABLE.format(n.name(), n.nodePool(), "does not exist");
        } else if (!c.policy.dynamic() || c.template == null) {
            c.nodeBlock = Reason.NODEPOOL_NOT_DISRUPTABLE.format(n.name(), n.nodePool(), "is static or not ready");
        } else if (!n.initialized()) {
            c.nodeBlock = Reason.NODE_NOT_INITIALIZED.format(n.name());
        } else if ("true".equals(n.annotations().get(BoundPod.DO_NOT_DISRUPT))) {
            c.nodeBlock = Reason.DO_NOT_DISRUPT_NODE.format(n.name());
        }
        for (BoundPod p : n.pods()) {
            if (PodRules.doNotDisrupt(p, now)) {
                c.podBlock = Reason.DO_NOT_DISRUPT_POD.format(p.key());
                break;
            }
        }
        for (BoundPod p : n.pods()) {
            if (c.podBlock == null) {
                c.podBlock = pdbs.blocks(p);
            }
        }
        if (c.policy != null) {
            if (c.policy.consolidationDisabled()) {
                c.consolidatableBlock = Reason.CONSOLIDATION_DISABLED.format(n.nodePool());
            } else {
                Instant last = PodRules.lastPodEvent(n);
                if (last != null && last.plus(c.policy.consolidateAfter()).isAfter(now)) {
                    c.consolidatableBlock = Reason.NOT_CONSOLIDATABLE_YET.format(n.name(),
                            Durations.format(c.policy.consolidateAfter()));
                }
            }
            if (c.policy.consolidationPolicy() == DisruptionPolicy.ConsolidationPolicy.WhenEmpty) {
                c.underutilizedBlock = Reason.NONEMPTY_CONSOLIDATION_DISABLED.format(n.nodePool());
            } else {
                for (String key : List.of(Labels.INSTANCE_TYPE, Labels.ZONE, Labels.CAPACITY_TYPE)) {
                    if (c.underutilizedBlock == null && n.labels().get(key) == null) {
                        c.underutilizedBlock = Reason.NODE_LABELS_MISSING.format(n.name(), key);
                    }
                }
            }
            if (c.template != null) {
                c.driftReason = DriftDetector.driftReason(n, c.policy, c.template,
                        c.policy.nodeClass() == null ? null : nodeClasses.get(c.policy.nodeClass()), now);
            }
        }
    }

    /** The node's hourly price: as given, else its instance type's offering in its zone and capacity type. */
    double price(ClusterNode n) {
        if (n.price() != null) {
            return n.price();
        }
        NodePoolTemplate t = templates.get(n.nodePool());
        Double p = t == null ? null : n.offeringPrice(t.instanceTypes());
        if (p == null) {
            p = n.offeringPrice(snapshot.instanceTypes());
        }
        if (p == null) {
            for (NodePoolTemplate other : snapshot.nodePools()) {
                p = p != null ? p : n.offeringPrice(other.instanceTypes());
            }
        }
        return p == null ? 0 : p;
    }

    // -- for the methods -------------------------------------------------------------------------------------------

    BudgetTracker budgets(String reason) {
        return new BudgetTracker(reason, policies, snapshot.nodes(), disrupting, now);
    }

    /** Records why a node stays (the first reason given for it wins). */
    void note(Candidate c, ReasonMessage why) {
        verdicts.putIfAbsent(c.name(), why);
    }

    ReasonMessage verdict(String node) {
        return verdicts.get(node);
    }

    /**
     * Removes the candidates in the simulation and places their pods as moved pods: a pod that would land on an
     * uninitialized node fails; consolidation also skips nodes inside their consolidateAfter window. The caller rolls
     * back or keeps.
     */
    ClusterSimulation.Outcome remove(List<Candidate> nodes, boolean consolidation, int claimLimit) {
        sim.failMovedPods(uninitialized);
        sim.refuseMovedPods(consolidation ? refuseConsolidated : Set.of());
        List<String> names = new ArrayList<>();
        for (Candidate c : nodes) {
            names.add(c.name());
        }
        return sim.remove(names, movable::contains, List.of(), true, claimLimit);
    }

    /** Where the simulation put the pods of these nodes (pods placed nowhere are left out). */
    Map<String, String> moves(List<Candidate> nodes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Candidate c : nodes) {
            for (BoundPod p : c.reschedulable) {
                String where = sim.placementOf(p.pod());
                if (where != null) {
                    out.put(p.key(), where);
                }
            }
        }
        return out;
    }

    /** A command for these nodes with these replacements (savings = their prices minus the replacements'). */
    DisruptionCommand command(DisruptionMethod method, List<Candidate> nodes, List<PlannedNodeClaim> replacements,
            String detail) {
        double savings = 0;
        List<String> names = new ArrayList<>();
        for (Candidate c : nodes) {
            savings += c.price;
            names.add(c.name());
        }
        for (PlannedNodeClaim r : replacements) {
            savings -= r.offering().price();
        }
        return new DisruptionCommand(method, names, replacements, ReplacementPricing.round(savings), moves(nodes),
                detail);
    }

    /** "not all pods would schedule: default/web-0 => &lt;why&gt;" for the first failure. */
    static ReasonMessage wouldNotSchedule(List<PodFailure> failures) {
        PodFailure f = failures.get(0);
        String more = failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : "";
        return Reason.PODS_WOULD_NOT_SCHEDULE.format(f.pod().key() + " => " + f.message() + more);
    }

}
