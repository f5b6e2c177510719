package io.kafkarpenter.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.quarkus.scheduler.Scheduled;

/**
 * Carries out recorded termination requests (karpenter-core §5.13), for NodeClaims of NodePools this replica owns:
 * (1) wait until every replacement NodeClaim is Initialized — a replacement that is gone or failed cancels the
 * disruption (taint removed, annotations dropped); (2) publish TERMINATING; (3) drain: evict every pod on the node
 * except DaemonSet and mirror pods (a PodDisruptionBudget refusal is retried next round); (4) when nothing is left,
 * terminate the instance (only with this cluster's ownership tags), delete the Node and the NodeClaim, publish
 * TERMINATED. Each step is idempotent; the state lives on the NodeClaim, so a restart resumes.
 */
@ApplicationScoped
public class NodeTerminator {

    private static final Logger LOG = Logger.getLogger(NodeTerminator.class);
    static final String TERMINATING_PUBLISHED = "kafkarpenter.io/termination-published";

    private final KubeState kube;
    private final PartitionOwnership ownership;
    private final LauncherConfig config;
    private final FleetLauncher fleet;
    private final LauncherEvents events;
    private final LauncherMetrics metrics;

    NodeTerminator(KubeState kube, PartitionOwnership ownership, LauncherConfig config, FleetLauncher fleet,
                   LauncherEvents events, LauncherMetrics metrics) {
        this.kube = kube;
        this.ownership = ownership;
        this.config = config;
        this.fleet = fleet;
        this.events = events;
        this.metrics = metrics;
    }

    @Scheduled(every = "${kk.launcher.lifecycle-interval}", delayed = "1s",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void terminateAll() {
        for (NodeClaim claim : kube.cachedNodeClaims()) {
            Map<String, String> annotations = claim.getMetadata().getAnnotations();
            String pool = NodeClaims.nodePool(claim);
            if (annotations == null || !annotations.containsKey(TerminationRequestConsumer.REASON)
                || !ownership.ownsNodePool(pool)) {
                continue;
            }
            try {
                step(claim, pool, annotations);
            } catch (RuntimeException e) {
                LOG.warnf(e, "NodeClaim %s: termination step failed, retrying next round", claim.getMetadata().getName());
            }
        }
    }

    void step(NodeClaim claim, String pool, Map<String, String> annotations) {
        String name = claim.getMetadata().getName();
        String nodeName = annotations.get(TerminationRequestConsumer.NODE);
        Reason reason = Reason.valueOf(annotations.get(TerminationRequestConsumer.REASON));
        String decisionId = annotations.get(TerminationRequestConsumer.DECISION);
        ReasonMessage why = new ReasonMessage(reason, annotations.getOrDefault(TerminationRequestConsumer.MESSAGE, reason.code()));
        FleetLauncher.LaunchedInstance instance = instanceOf(claim);

        List<String> replacements = Arrays.stream(annotations.getOrDefault(TerminationRequestConsumer.REPLACEMENTS, "")
            .split(",")).filter(s -> !s.isBlank()).toList();
        for (String replacement : replacements) {
            Optional<NodeClaim> r = kube.nodeClaimNow(replacement);
            if (r.isEmpty() || "False".equals(NodeClaims.conditionStatus(r.get(), NodeClaims.LAUNCHED))) {
                cancel(claim, nodeName, replacement);
                return;
            }
            if (!"True".equals(NodeClaims.conditionStatus(r.get(), NodeClaims.INITIALIZED))) {
                return; // not yet
            }
        }
        if (!annotations.containsKey(TERMINATING_PUBLISHED)) {
            events.status(name, pool, NodeClaimPhase.TERMINATING, instance, nodeName, decisionId, why);
            annotate(name, TERMINATING_PUBLISHED, "true");
        }
        if (nodeName != null && kube.client().nodes().withName(nodeName).get() != null && !drained(nodeName)) {
            return;
        }
        if (instance != null) {
            if (!fleet.terminateIfOwned(instance.instanceId(), config.clusterName())) {
                LOG.warnf("NodeClaim %s: instance %s lacks cluster %s's ownership tags (or is gone): not terminated",
                    name, instance.instanceId(), config.clusterName());
            }
        }
        if (nodeName != null) {
            kube.client().nodes().withName(nodeName).delete();
        }
        kube.client().resources(NodeClaim.class).withName(name).delete();
        events.status(name, pool, NodeClaimPhase.TERMINATED, instance, nodeName, decisionId, why);
        metrics.terminated(pool);
        metrics.disrupted(pool, reason.code().toLowerCase());
        LOG.infof("NodeClaim %s terminated (%s)", name, why.text());
    }

    /** Evicts what is left on the node; true when nothing evictable remains. */
    private boolean drained(String nodeName) {
        List<Pod> pods = new ArrayList<>();
        for (Pod pod : kube.client().pods().inAnyNamespace().list().getItems()) {
            if (nodeName.equals(pod.getSpec().getNodeName()) && evictable(pod)) {
                pods.add(pod);
            }
        }
        for (Pod pod : pods) {
            boolean evicted = kube.client().pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).evict();
            LOG.infof("evict %s/%s from %s: %s", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), nodeName,
                evicted ? "ok" : "refused by a disruption budget, retrying");
        }
        return pods.isEmpty();
    }

    private static boolean evictable(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return false;
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey("kubernetes.io/config.mirror")) {
            return false;
        }
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners == null || owners.stream().noneMatch(o -> "DaemonSet".equals(o.getKind()));
    }

    private void cancel(NodeClaim claim, String nodeName, String replacement) {
        String name = claim.getMetadata().getName();
        kube.client().resources(NodeClaim.class).withName(name).edit(nc -> {
            Map<String, String> annotations = new LinkedHashMap<>(nc.getMetadata().getAnnotations());
            annotations.keySet().removeIf(k -> k.startsWith("kafkarpenter.io/termination"));
            nc.getMetadata().setAnnotations(annotations);
            return nc;
        });
        if (nodeName != null && kube.client().nodes().withName(nodeName).get() != null) {
            kube.client().nodes().withName(nodeName).edit(n -> {
                if (n.getSpec().getTaints() != null) {
                    n.getSpec().getTaints().removeIf(t -> TerminationRequestConsumer.DISRUPTED_TAINT.equals(t.getKey()));
                }
                return n;
            });
        }
        LOG.warnf("NodeClaim %s: replacement %s failed, disruption cancelled", name, replacement);
    }

    private void annotate(String name, String key, String value) {
        kube.client().resources(NodeClaim.class).withName(name).edit(nc -> {
            Map<String, String> annotations = new LinkedHashMap<>(nc.getMetadata().getAnnotations());
            annotations.put(key, value);
            nc.getMetadata().setAnnotations(annotations);
            return nc;
        });
    }

    private static FleetLauncher.LaunchedInstance instanceOf(NodeClaim claim) {
        String providerId = claim.getStatus() == null ? null : claim.getStatus().getProviderID();
        if (providerId == null) {
            return null;
        }
        String[] parts = providerId.replace("aws:///", "").split("/");
        Map<String, String> labels = claim.getMetadata().getLabels();
        return new FleetLauncher.LaunchedInstance(parts[parts.length - 1], labels.get("node.kubernetes.io/instance-type"),
            parts.length > 1 ? parts[0] : null, labels.get("karpenter.sh/capacity-type"), claim.getStatus().getImageID());
    }
}
