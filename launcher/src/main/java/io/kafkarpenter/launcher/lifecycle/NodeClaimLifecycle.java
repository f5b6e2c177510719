package io.kafkarpenter.launcher.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.quarkus.scheduler.Scheduled;
import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.NodeClaimEvents;
import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.launcher.kube.NodeClaimFacts;
import io.kafkarpenter.launcher.launch.LaunchHandler;
import io.kafkarpenter.launcher.launch.PartitionOwnership;

/**
 * The NodeClaim lifecycle after launch (karpenter-core §4.2–4.4), for the NodePools whose launch partition this
 * replica owns: a launched NodeClaim whose Node appears (matched by providerID) becomes Registered (the Node gets the
 * NodeClaim's labels and loses {@code karpenter.sh/unregistered}); a registered one whose Node is Ready without
 * startup or known ephemeral taints becomes Initialized; one whose instance does not register within the
 * registration TTL has its instance terminated (only with this cluster's ownership tags) and is deleted; one with no
 * instance after the launch timeout is deleted. Each transition is published on {@code kk.nodeclaims.status}
 * before it is written, so a crash between the two republishes rather than loses it.
 */
@ApplicationScoped
public class NodeClaimLifecycle {

    private static final Logger LOG = Logger.getLogger(NodeClaimLifecycle.class);
    private static final Set<String> EPHEMERAL_TAINTS = Set.of("node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable", "node.cloudprovider.kubernetes.io/uninitialized", LaunchHandler.UNREGISTERED_TAINT);

    private final KubeState kube;
    private final PartitionOwnership ownership;
    private final LauncherConfig config;
    private final FleetLauncher fleet;
    private final LauncherEvents events;
    private final LauncherMetrics metrics;
    private final NodeClaimEvents kubeEvents;

    NodeClaimLifecycle(KubeState kube, PartitionOwnership ownership, LauncherConfig config, FleetLauncher fleet,
                       LauncherEvents events, LauncherMetrics metrics, NodeClaimEvents kubeEvents) {
        this.kubeEvents = kubeEvents;
        this.kube = kube;
        this.ownership = ownership;
        this.config = config;
        this.fleet = fleet;
        this.events = events;
        this.metrics = metrics;
    }

    @Scheduled(every = "${kk.launcher.lifecycle-interval}", delayed = "1s",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void reconcileAll() {
        for (NodeClaim claim : kube.cachedNodeClaims()) {
            String pool = NodeClaimFacts.nodePool(claim);
            if (claim.getMetadata().getDeletionTimestamp() != null || !ownership.ownsNodePool(pool)) {
                continue;
            }
            try {
                reconcile(claim, pool);
            } catch (RuntimeException e) {
                LOG.warnf(e, "NodeClaim %s: lifecycle step failed, retrying next round", claim.getMetadata().getName());
            }
        }
    }

    public void reconcile(NodeClaim claim, String pool) {
        Instant now = events.now();
        String name = claim.getMetadata().getName();
        String providerId = claim.getStatus() == null ? null : claim.getStatus().getProviderID();
        String decisionId = claim.getMetadata().getAnnotations() == null ? null
            : claim.getMetadata().getAnnotations().get(DisruptionKeys.DECISION_ANNOTATION);
        if (providerId == null) {
            Instant created = Instant.parse(claim.getMetadata().getCreationTimestamp());
            if (created.plus(config.launchTimeout()).isBefore(now)) {
                ReasonMessage why = Reason.LAUNCH_TIMEOUT.format(config.launchTimeout());
                events.status(name, pool, NodeClaimPhase.FAILED, null, null, decisionId, why);
                kube.client().resources(NodeClaim.class).withName(name).delete();
                metrics.nodeClaimDisrupted("launch_timeout", pool, "");
                LOG.warnf("NodeClaim %s: %s, deleted", name, why.text());
            }
            return;
        }
        FleetLauncher.LaunchedInstance instance = NodeClaimFacts.instance(claim).orElseThrow();
        if (!"True".equals(NodeClaimConditions.status(claim, NodeClaimConditions.REGISTERED))) {
            List<Node> nodes = kube.nodesWithProviderId(providerId);
            if (nodes.size() == 1) {
                register(claim, pool, nodes.get(0), instance, decisionId, now);
            } else if (nodes.isEmpty()) {
                Instant launched = NodeClaimConditions.transitionTime(claim, NodeClaimConditions.LAUNCHED, now);
                if (launched.plus(config.registrationTtl()).isBefore(now)) {
                    registrationTimeout(claim, pool, instance, decisionId);
                }
            }
            return;
        }
        if (!"True".equals(NodeClaimConditions.status(claim, NodeClaimConditions.INITIALIZED))) {
            List<Node> nodes = kube.nodesWithProviderId(providerId);
            if (nodes.size() == 1 && initialized(claim, nodes.get(0))) {
                Node node = nodes.get(0);
                ReasonMessage why = Reason.INITIALIZED.format(node.getMetadata().getName());
                events.status(name, pool, NodeClaimPhase.INITIALIZED, instance, node.getMetadata().getName(), decisionId, why);
                kube.client().nodes().withName(node.getMetadata().getName()).edit(n -> {
                    n.getMetadata().getLabels().put(Labels.INITIALIZED, "true");
                    return n;
                });
                AtomicReference<Map<String, String>> before = new AtomicReference<>();
                kube.updateNodeClaimStatus(name, nc -> {
                    before.set(NodeClaimEvents.statuses(nc));
                    NodeClaimConditions.set(nc, NodeClaimConditions.INITIALIZED, "True", NodeClaimConditions.INITIALIZED, "", now);
                    return true;
                }).ifPresent(after -> kubeEvents.transitions(after, before.get()));
                LOG.infof("NodeClaim %s initialized (node %s)", name, node.getMetadata().getName());
            }
        }
    }

    private void register(NodeClaim claim, String pool, Node node, FleetLauncher.LaunchedInstance instance,
                          String decisionId, Instant now) {
        String name = claim.getMetadata().getName();
        String nodeName = node.getMetadata().getName();
        ReasonMessage why = Reason.REGISTERED.format(nodeName);
        events.status(name, pool, NodeClaimPhase.REGISTERED, instance, nodeName, decisionId, why);
        kube.client().nodes().withName(nodeName).edit(n -> {
            Map<String, String> labels = new LinkedHashMap<>(n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels());
            claim.getMetadata().getLabels().forEach(labels::putIfAbsent);
            labels.put(Labels.REGISTERED, "true");
            n.getMetadata().setLabels(labels);
            List<String> finalizers = new ArrayList<>(n.getMetadata().getFinalizers() == null ? List.of()
                : n.getMetadata().getFinalizers());
            if (!finalizers.contains(DisruptionKeys.TERMINATION_FINALIZER)) {
                finalizers.add(DisruptionKeys.TERMINATION_FINALIZER);
            }
            n.getMetadata().setFinalizers(finalizers);
            if (n.getSpec().getTaints() != null) {
                List<Taint> taints = new ArrayList<>(n.getSpec().getTaints());
                taints.removeIf(t -> LaunchHandler.UNREGISTERED_TAINT.equals(t.getKey()));
                n.getSpec().setTaints(taints);
            }
            return n;
        });
        AtomicReference<Map<String, String>> before = new AtomicReference<>();
        kube.updateNodeClaimStatus(name, nc -> {
            before.set(NodeClaimEvents.statuses(nc));
            nc.getStatus().setNodeName(nodeName);
            NodeClaimConditions.set(nc, NodeClaimConditions.REGISTERED, "True", NodeClaimConditions.REGISTERED, "", now);
            return true;
        }).ifPresent(after -> kubeEvents.transitions(after, before.get()));
        metrics.nodeCreated(pool, instance.zone());
        LOG.infof("NodeClaim %s registered as node %s", name, nodeName);
    }

    /**
     * No Node within the registration TTL: FAILED published and the NodeClaim deleted; the termination flow
     * terminates its instance (only with this cluster's ownership tags) and then removes the finalizer.
     */
    private void registrationTimeout(NodeClaim claim, String pool, FleetLauncher.LaunchedInstance instance, String decisionId) {
        String name = claim.getMetadata().getName();
        ReasonMessage why = Reason.REGISTRATION_TIMEOUT.format(config.registrationTtl());
        events.status(name, pool, NodeClaimPhase.FAILED, instance, null, decisionId, why);
        kube.client().resources(NodeClaim.class).withName(name).delete();
        metrics.nodeClaimDisrupted("registration_timeout", pool, instance.capacityType());
        LOG.warnf("NodeClaim %s: %s; deleted (its instance %s is terminated by the termination flow)", name, why.text(),
            instance.instanceId());
    }

    /** Ready=True, no startup taint of the NodeClaim and no known ephemeral taint left (karpenter-core §4.3). */
    public static boolean initialized(NodeClaim claim, Node node) {
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions()
            .stream().anyMatch((NodeCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        if (!ready) {
            return false;
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Taint> startup = claim.getSpec() == null || claim.getSpec().getStartupTaints() == null ? List.of()
            : claim.getSpec().getStartupTaints();
        for (Taint t : taints) {
            if (EPHEMERAL_TAINTS.contains(t.getKey()) || t.getKey().startsWith("readiness.k8s.io/")) {
                return false;
            }
            if (startup.stream().anyMatch(s -> s.getKey().equals(t.getKey()) && s.getEffect().equals(t.getEffect()))) {
                return false;
            }
        }
        return true;
    }
}
