package io.kafkarpenter.launcher.termination;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.kafkarpenter.launcher.launch.UnlaunchedClaims;
import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.NodeClaimEvents;
import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.launcher.ec2.Tags;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.launcher.kube.NodeClaimFacts;
import io.kafkarpenter.launcher.launch.PartitionOwnership;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.TerminationRequest;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.service.EventMessages;
import io.quarkus.scheduler.Scheduled;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Termination requests from the consolidator (contract 2–3 in DESIGN.md). {@link #accept} re-checks a request against
 * the live objects ({@link TerminationAdmission}, the instance's ownership tags, the NodePool's disruption budgets:
 * {@link BudgetAdmission}) and either refuses it
 * ({@code TERMINATION_REFUSED} on kk.decisions, nothing changed) or records it: the
 * {@code kafkarpenter.io/termination-*} annotations (with accepted-at), the NodeClaim condition
 * {@code DisruptionReason}, the taint {@code karpenter.sh/disrupted:NoSchedule} on the NodeClaim's own Node. The
 * scheduled {@link #orchestrateAll} then waits for every replacement to be Initialized and deletes the NodeClaim
 * (the {@link Termination} flow takes over), or cancels and undoes the disruption.
 */
@ApplicationScoped
public class Disruptions {

    private static final Logger LOG = Logger.getLogger(Disruptions.class);

    private final KubeState kube;
    private final PartitionOwnership ownership;
    private final LauncherConfig config;
    private final FleetLauncher fleet;
    private final LauncherEvents events;
    private final UnlaunchedClaims unlaunched;
    private final NodeClaimEvents kubeEvents;
    /** Replacements seen at least once (a replacement seen and then gone failed); lost on restart, then the timeout. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    Disruptions(KubeState kube, PartitionOwnership ownership, LauncherConfig config, FleetLauncher fleet,
                LauncherEvents events, UnlaunchedClaims unlaunched, NodeClaimEvents kubeEvents) {
        this.kubeEvents = kubeEvents;
        this.kube = kube;
        this.ownership = ownership;
        this.config = config;
        this.fleet = fleet;
        this.events = events;
        this.unlaunched = unlaunched;
    }

    /** One termination request: refused, already there (nothing changes), or recorded. */
    public TerminationAdmission.Outcome accept(TerminationRequest request) {
        Optional<NodeClaim> live = kube.nodeClaimNow(request.nodeClaimName());
        TerminationAdmission.Verdict verdict = TerminationAdmission.check(request, live);
        if (verdict.outcome() == TerminationAdmission.Outcome.ACCEPT) {
            Optional<String> refused = notOwned(live.get()).or(() -> overBudget(request, live.get()));
            if (refused.isPresent()) {
                verdict = new TerminationAdmission.Verdict(TerminationAdmission.Outcome.REFUSE, refused.get());
            }
        }
        switch (verdict.outcome()) {
            case REFUSE -> {
                ReasonMessage why = Reason.TERMINATION_REFUSED.format(verdict.why());
                LOG.warnf("termination of node %s (NodeClaim %s) refused: %s", request.nodeName(), request.nodeClaimName(),
                    verdict.why());
                events.disruption(DecisionKind.INPUT, request.decisionId(), request.nodePool(), request.nodeClaimName(),
                    request.nodeName(), null, why);
            }
            case ALREADY -> LOG.infof("termination of NodeClaim %s: %s, nothing to do", request.nodeClaimName(), verdict.why());
            case ACCEPT -> record(request, live.get());
        }
        return verdict.outcome();
    }

    /** The instance behind the NodeClaim, when EC2 still knows it, must carry this cluster's ownership tags. */
    private Optional<String> notOwned(NodeClaim claim) {
        Optional<FleetLauncher.LaunchedInstance> instance = NodeClaimFacts.instance(claim);
        if (instance.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instance> described = fleet.describeInstance(instance.get().instanceId());
        if (described.isPresent() && !Tags.ownedBy(described.get().tags(), config.clusterName())) {
            return Optional.of("instance " + instance.get().instanceId() + " of NodeClaim " + claim.getMetadata().getName()
                + " does not carry cluster " + config.clusterName() + "'s ownership tags");
        }
        return Optional.empty();
    }

    /**
     * The NodePool's disruption budgets, counted on the live NodeClaims; EXPIRED only for an expired NodeClaim
     * ({@link BudgetAdmission}). Requests are handled
     * one at a time (ordered {@code @Blocking}), and an accepted one is annotated before the next is read, so the next
     * count sees it.
     */
    private Optional<String> overBudget(TerminationRequest request, NodeClaim claim) {
        Map<String, Boolean> nodes = new HashMap<>();
        for (Node n : kube.cachedNodes()) {
            nodes.put(n.getMetadata().getName(), n.getMetadata().getLabels() != null
                && "true".equals(n.getMetadata().getLabels().get(Labels.INITIALIZED)));
        }
        return BudgetAdmission.refusal(request, claim, kube.nodePool(request.nodePool()).orElse(null),
            kube.nodeClaimsOfNow(request.nodePool()), nodes, events.now());
    }

    private void record(TerminationRequest request, NodeClaim claim) {
        String name = request.nodeClaimName();
        String nodeName = NodeClaimFacts.nodeName(claim);
        Instant now = events.now();
        kube.updateNodeClaim(name, nc -> {
            if (NodeClaimFacts.annotation(nc, DisruptionKeys.TERMINATION_REASON) != null) {
                return false;
            }
            Map<String, String> annotations = new LinkedHashMap<>(nc.getMetadata().getAnnotations() == null ? Map.of()
                : nc.getMetadata().getAnnotations());
            annotations.put(DisruptionKeys.TERMINATION_REASON, request.reason().name());
            annotations.put(DisruptionKeys.TERMINATION_MESSAGE, request.message() == null ? "" : request.message());
            annotations.put(DisruptionKeys.TERMINATION_DECISION, request.decisionId());
            annotations.put(DisruptionKeys.TERMINATION_REPLACEMENTS, request.reason() == Reason.EXPIRED ? ""
                : String.join(",", request.replacements()));
            annotations.put(DisruptionKeys.TERMINATION_NODE, nodeName == null ? "" : nodeName);
            annotations.put(DisruptionKeys.TERMINATION_ACCEPTED_AT, now.toString());
            nc.getMetadata().setAnnotations(annotations);
            return true;
        });
        kube.updateNodeClaimStatus(name, nc -> NodeClaimConditions.set(nc, NodeClaimConditions.DISRUPTION_REASON, "True",
            camel(request.reason()), request.message(), now));
        if (nodeName != null) {
            taint(nodeName, true);
        }
        LOG.infof("node %s (NodeClaim %s) to be terminated: %s; waiting for %s", nodeName, name, request.reason(),
            request.replacements());
        if (!request.replacements().isEmpty() && request.reason() != Reason.EXPIRED) {
            events.disruption(DecisionKind.DISRUPTION, request.decisionId(), request.nodePool(), name, nodeName, null,
                Reason.DISRUPTION_WAITING_REPLACEMENTS.format(nodeName, request.replacements()));
        }
    }

    @Scheduled(every = "${kk.launcher.lifecycle-interval}", delayed = "1s",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void orchestrateAll() {
        for (NodeClaim claim : kube.cachedNodeClaims()) {
            if (NodeClaimFacts.deleting(claim) || NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_REASON) == null
                || !ownership.ownsNodePool(NodeClaimFacts.nodePool(claim))) {
                continue;
            }
            Correlation correlation = Correlation.NONE.withNodePool(NodeClaimFacts.nodePool(claim))
                .withNodeClaim(claim.getMetadata().getName());
            String decision = NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_DECISION);
            EventMessages.putMdc(decision == null ? correlation : correlation.withDecision(decision));
            try {
                orchestrate(claim.getMetadata().getName());
            } catch (RuntimeException e) {
                LOG.warnf(e, "NodeClaim %s: disruption step failed, retrying next round", claim.getMetadata().getName());
            } finally {
                EventMessages.clearMdc();
            }
        }
    }

    /** Replacements all Initialized → delete the NodeClaim; one failed or the timeout passed → cancel. */
    public void orchestrate(String name) {
        Optional<NodeClaim> live = kube.nodeClaimNow(name);
        if (live.isEmpty() || NodeClaimFacts.deleting(live.get())
            || NodeClaimFacts.annotation(live.get(), DisruptionKeys.TERMINATION_REASON) == null) {
            return;
        }
        NodeClaim claim = live.get();
        List<String> replacements = Arrays.stream(Optional.ofNullable(NodeClaimFacts.annotation(claim,
            DisruptionKeys.TERMINATION_REPLACEMENTS)).orElse("").split(",")).filter(s -> !s.isBlank()).toList();
        List<String> waiting = new ArrayList<>();
        for (String replacement : replacements) {
            Optional<NodeClaim> r = kube.nodeClaimNow(replacement);
            if (r.isEmpty() || NodeClaimFacts.deleting(r.get())) {
                if (r.isPresent() || seen.contains(replacement)) {
                    cancel(claim, "replacement " + replacement + " is gone");
                    return;
                }
                Optional<ReasonMessage> notLaunched = unlaunched.why(replacement, events.now());
                if (notLaunched.isPresent()) {
                    cancel(claim, "replacement " + replacement + " was not launched: " + notLaunched.get().text());
                    return;
                }
                waiting.add(replacement);
                continue;
            }
            seen.add(replacement);
            if ("False".equals(NodeClaimConditions.status(r.get(), NodeClaimConditions.LAUNCHED))) {
                cancel(claim, "replacement " + replacement + " failed to launch");
                return;
            }
            if (!NodeClaimConditions.isTrue(r.get(), NodeClaimConditions.INITIALIZED)) {
                waiting.add(replacement);
            }
        }
        if (!waiting.isEmpty()) {
            String acceptedAt = NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_ACCEPTED_AT);
            Instant since = acceptedAt == null ? events.now() : Instant.parse(acceptedAt);
            if (!events.now().isBefore(since.plus(config.disruptionReplacementTimeout()))) {
                cancel(claim, "replacements " + waiting + " not initialized within " + config.disruptionReplacementTimeout());
            }
            return;
        }
        String nodeName = NodeClaimFacts.nodeName(claim);
        events.disruption(DecisionKind.DISRUPTION, NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_DECISION),
            NodeClaimFacts.nodePool(claim), name, nodeName, null, Reason.DISRUPTION_TERMINATING.format(nodeName));
        disruptionReason(claim).ifPresent(reason -> kubeEvents.disruptionTerminating(claim,
            nodeName == null ? null : kube.cachedNodes().stream().filter(n -> nodeName.equals(n.getMetadata().getName()))
                .findFirst().orElse(null), reason));
        kube.client().resources(NodeClaim.class).withName(name).delete();
        replacements.forEach(seen::remove);
        LOG.infof("NodeClaim %s: replacements %s initialized, deleted (termination follows)", name, replacements);
    }

    /** Undo: annotations and DisruptionReason removed, the taint removed; a DISRUPTION_CANCELLED record. */
    void cancel(NodeClaim claim, String why) {
        String name = claim.getMetadata().getName();
        String decision = NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_DECISION);
        String nodeName = NodeClaimFacts.nodeName(claim);
        kube.updateNodeClaim(name, nc -> nc.getMetadata().getAnnotations() != null
            && nc.getMetadata().getAnnotations().keySet().removeIf(k -> k.startsWith(DisruptionKeys.TERMINATION_PREFIX)));
        kube.updateNodeClaimStatus(name, nc -> NodeClaimConditions.remove(nc, NodeClaimConditions.DISRUPTION_REASON));
        if (nodeName != null) {
            taint(nodeName, false);
        }
        events.disruption(DecisionKind.DISRUPTION, decision, NodeClaimFacts.nodePool(claim), name, nodeName, null,
            Reason.DISRUPTION_CANCELLED.format(nodeName == null ? name : nodeName, why));
        LOG.warnf("NodeClaim %s: disruption cancelled and undone: %s", name, why);
    }

    private void taint(String nodeName, boolean on) {
        kube.updateNode(nodeName, n -> {
            if (n.getMetadata().getDeletionTimestamp() != null) {
                return false;
            }
            List<Taint> taints = n.getSpec().getTaints() == null ? new ArrayList<>() : new ArrayList<>(n.getSpec().getTaints());
            boolean has = taints.stream().anyMatch(t -> DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey()));
            if (on == has) {
                return false;
            }
            if (on) {
                taints.add(new TaintBuilder().withKey(DisruptionKeys.DISRUPTED_TAINT).withEffect("NoSchedule").build());
            } else {
                taints.removeIf(t -> DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey()));
            }
            n.getSpec().setTaints(taints);
            return true;
        });
    }

    /** The disruption reason recorded on the NodeClaim when its termination was accepted. */
    private static Optional<Reason> disruptionReason(NodeClaim claim) {
        String recorded = NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_REASON);
        try {
            return recorded == null ? Optional.empty() : Optional.of(Reason.valueOf(recorded));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A condition reason: the Reason in CamelCase ({@code UNDERUTILIZED} → {@code Underutilized}). */
    private static String camel(Reason reason) {
        return reason.camelCase();
    }
}
