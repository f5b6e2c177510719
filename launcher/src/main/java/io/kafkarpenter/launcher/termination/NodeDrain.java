package io.kafkarpenter.launcher.termination;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.launcher.kube.NodeClaimFacts;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.reasons.Reason;

/**
 * One step of a deleting Node's termination (karpenter-core §5.13): its NodeClaim deleted too; taint
 * {@code karpenter.sh/disrupted:NoSchedule} and label {@code node.kubernetes.io/exclude-from-external-load-balancers};
 * drain through the Eviction API in {@link DrainPlan}'s tiers (a 429 from a PodDisruptionBudget is retried next
 * round, and recorded as {@code EVICTION_BLOCKED} once per pod and cause); {@code Drained} on the NodeClaim; then
 * the instance terminated ({@link InstanceTermination}) and, once it is gone, the Node's finalizer removed.
 */
@ApplicationScoped
public class NodeDrain {

    private static final Logger LOG = Logger.getLogger(NodeDrain.class);

    private final KubeState kube;
    private final InstanceTermination instances;
    private final LauncherEvents events;
    private final LauncherMetrics metrics;
    /**
     * node → pod uid → the last cause recorded for it, so a blocked eviction is recorded once per pod and cause, not
     * every round; forgotten with the node. Lost on restart (then recorded once more).
     */
    private final Map<String, Map<String, String>> blockedRecorded = new ConcurrentHashMap<>();

    NodeDrain(KubeState kube, InstanceTermination instances, LauncherEvents events, LauncherMetrics metrics) {
        this.metrics = metrics;
        this.kube = kube;
        this.instances = instances;
        this.events = events;
    }

    public void step(String nodeName) {
        Optional<Node> live = kube.nodeNow(nodeName);
        if (live.isEmpty() || live.get().getMetadata().getDeletionTimestamp() == null || !Termination.hasFinalizer(live.get())) {
            return;
        }
        Node node = live.get();
        Optional<NodeClaim> claim = nodeClaimOf(node);
        String claimName = claim.map(c -> c.getMetadata().getName()).orElse(null);
        String pool = Termination.label(node, io.kafkarpenter.model.requirements.Labels.NODEPOOL);
        if (claim.isPresent() && !NodeClaimFacts.deleting(claim.get())) {
            kube.client().resources(NodeClaim.class).withName(claimName).delete();
            LOG.infof("node %s deleting: its NodeClaim %s deleted too", nodeName, claimName);
        }
        String instanceId = instanceId(node);
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus()
            .getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        if (!ready && instanceId != null && instances.gone(instanceId, claimName, pool)) {
            removeFinalizer(node, "instance already gone");
            return;
        }
        taintAndExclude(nodeName);
        Optional<Instant> deadline = claim.map(c -> NodeClaimFacts.annotation(c, DisruptionKeys.TERMINATION_TIMESTAMP))
            .map(Instant::parse);
        String decision = claim.map(c -> NodeClaimFacts.annotation(c, DisruptionKeys.TERMINATION_DECISION)).orElse(null);
        if (!drained(node, claimName, pool, decision, deadline)) {
            return;
        }
        if (instanceId != null && !instances.gone(instanceId, claimName, pool)) {
            return;
        }
        removeFinalizer(node, "drained, instance terminated");
    }

    /** Evicts or force-deletes what the plan says; true when nothing is left waiting for eviction. */
    private boolean drained(Node node, String claimName, String pool, String decision, Optional<Instant> deadline) {
        String nodeName = node.getMetadata().getName();
        Instant now = events.now();
        List<Pod> pods = kube.client().pods().inAnyNamespace().withField("spec.nodeName", nodeName).list().getItems()
            .stream().filter(p -> p.getSpec() != null && nodeName.equals(p.getSpec().getNodeName())).toList();
        DrainPlan.Plan plan = DrainPlan.plan(pods, deadline, now);
        for (DrainPlan.ForceDelete f : plan.forceDelete()) {
            kube.client().pods().inNamespace(f.pod().getMetadata().getNamespace()).withName(f.pod().getMetadata().getName())
                .withGracePeriod(f.graceSeconds()).delete();
            LOG.infof("pod %s/%s force-deleted from node %s: the termination grace period runs out at %s",
                f.pod().getMetadata().getNamespace(), f.pod().getMetadata().getName(), nodeName, deadline.orElse(null));
        }
        for (Pod pod : plan.evict()) {
            boolean evicted;
            try {
                evicted = kube.client().pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).evict();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    continue; // gone meanwhile
                }
                // e.g. "more than one PodDisruptionBudget" (500): Karpenter's FailedDraining, retried next round
                blocked(pod, nodeName, claimName, pool, decision, "eviction failed (" + e.getCode() + "): " + e.getMessage());
                continue;
            }
            if (evicted) {
                LOG.infof("pod %s/%s evicted from node %s", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), nodeName);
                Map<String, String> recorded = blockedRecorded.get(nodeName);
                if (recorded != null && pod.getMetadata().getUid() != null) {
                    recorded.remove(pod.getMetadata().getUid());
                }
            } else {
                blocked(pod, nodeName, claimName, pool, decision, "a PodDisruptionBudget does not allow it (429), retrying");
            }
        }
        for (Pod pod : plan.blocked()) {
            blocked(pod, nodeName, claimName, pool, decision, DisruptionKeys.DO_NOT_DISRUPT + " (waits for the termination grace period)");
        }
        if (claimName != null) {
            String status = plan.drained() ? "True" : "Unknown";
            String reason = plan.drained() ? NodeClaimConditions.DRAINED : "Draining";
            kube.updateNodeClaimStatus(claimName, nc -> NodeClaimConditions.set(nc, NodeClaimConditions.DRAINED, status,
                reason, plan.drained() ? "" : "draining node " + nodeName, now));
        }
        return plan.drained();
    }

    private void blocked(Pod pod, String nodeName, String claimName, String pool, String decision, String cause) {
        String uid = pod.getMetadata().getUid() == null ? pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
            : pod.getMetadata().getUid();
        if (cause.equals(blockedRecorded.computeIfAbsent(nodeName, n -> new ConcurrentHashMap<>()).put(uid, cause))) {
            return;
        }
        String podName = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        LOG.infof("pod %s not evicted from node %s: %s", podName, nodeName, cause);
        events.disruption(DecisionKind.DISRUPTION, decision, pool, claimName, nodeName,
            Subject.pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid()),
            Reason.EVICTION_BLOCKED.format(podName, nodeName, cause));
    }

    private void taintAndExclude(String nodeName) {
        kube.updateNode(nodeName, n -> {
            boolean changed = false;
            List<Taint> taints = n.getSpec().getTaints() == null ? new ArrayList<>() : new ArrayList<>(n.getSpec().getTaints());
            boolean tainted = taints.stream().anyMatch(t -> DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey())
                && "NoSchedule".equals(t.getEffect()));
            if (!tainted) {
                taints.removeIf(t -> DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey()));
                taints.add(new TaintBuilder().withKey(DisruptionKeys.DISRUPTED_TAINT).withEffect("NoSchedule").build());
                n.getSpec().setTaints(taints);
                changed = true;
            }
            Map<String, String> labels = new LinkedHashMap<>(n.getMetadata().getLabels() == null ? Map.of()
                : n.getMetadata().getLabels());
            if (!"karpenter".equals(labels.put(DisruptionKeys.EXCLUDE_FROM_LOAD_BALANCERS, "karpenter"))) {
                n.getMetadata().setLabels(labels);
                changed = true;
            }
            return changed;
        });
    }

    private void removeFinalizer(Node node, String why) {
        String nodeName = node.getMetadata().getName();
        kube.updateNode(nodeName, n -> n.getMetadata().getFinalizers().remove(DisruptionKeys.TERMINATION_FINALIZER));
        metrics.nodeTerminated(Termination.label(node, io.kafkarpenter.model.requirements.Labels.NODEPOOL),
            Termination.label(node, io.kafkarpenter.model.requirements.Labels.ZONE));
        if (node.getMetadata().getDeletionTimestamp() != null) {
            metrics.nodeTerminationDuration(Termination.label(node, io.kafkarpenter.model.requirements.Labels.NODEPOOL),
                Duration.between(Instant.parse(node.getMetadata().getDeletionTimestamp()), events.now()));
        }
        blockedRecorded.remove(nodeName);
        LOG.infof("node %s: finalizer removed (%s)", nodeName, why);
    }

    private Optional<NodeClaim> nodeClaimOf(Node node) {
        String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
        for (NodeClaim c : kube.cachedNodeClaims()) {
            if (node.getMetadata().getName().equals(NodeClaimFacts.nodeName(c))
                || (providerId != null && providerId.equals(NodeClaimFacts.providerId(c)))) {
                return kube.nodeClaimNow(c.getMetadata().getName());
            }
        }
        return Optional.empty();
    }

    private static String instanceId(Node node) {
        String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
        if (providerId == null || !providerId.startsWith("aws:///")) {
            return null;
        }
        String[] parts = providerId.split("/");
        return parts[parts.length - 1];
    }
}
