package io.kafkarpenter.launcher.termination;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Node;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.launcher.interruption.InterruptionMarks;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.launcher.kube.NodeClaimFacts;
import io.kafkarpenter.launcher.launch.PartitionOwnership;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.Durations;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.service.EventMessages;
import io.quarkus.scheduler.Scheduled;

/**
 * The one termination flow (karpenter-core §4.5 and §5.13), whoever deleted what: the launcher after an accepted
 * termination request, expiration, or a user's {@code kubectl delete nodeclaim|node}. Both objects carry the
 * finalizer {@code karpenter.sh/termination}, so a delete only sets their deletionTimestamp and this loop does the
 * rest, from the state on the objects (a restart resumes where it stopped):
 * <ul>
 *   <li>a deleting NodeClaim: stamp {@code karpenter.sh/nodeclaim-termination-timestamp} (deletion +
 *       terminationGracePeriod), publish TERMINATING once, delete its Node and wait for it to go (the Node's flow
 *       drains it); then its instance is terminated and, once gone, the finalizer removed and TERMINATED published;</li>
 *   <li>a deleting Node ({@link NodeDrain}): its NodeClaim deleted too, tainted and drained, the instance terminated,
 *       and once gone the Node's finalizer removed.</li>
 * </ul>
 * Only for NodePools whose launch partition this replica owns.
 */
@ApplicationScoped
public class Termination {

    private static final Logger LOG = Logger.getLogger(Termination.class);
    /** NodeClaim annotation: TERMINATING was published (once per termination). */
    public static final String TERMINATING_PUBLISHED = DisruptionKeys.TERMINATION_PREFIX + "-published";

    private final KubeState kube;
    private final PartitionOwnership ownership;
    private final NodeDrain drain;
    private final InstanceTermination instances;
    private final LauncherEvents events;
    private final LauncherMetrics metrics;

    Termination(KubeState kube, PartitionOwnership ownership, NodeDrain drain, InstanceTermination instances,
                LauncherEvents events, LauncherMetrics metrics) {
        this.kube = kube;
        this.ownership = ownership;
        this.drain = drain;
        this.instances = instances;
        this.events = events;
        this.metrics = metrics;
    }

    @Scheduled(every = "${kk.launcher.lifecycle-interval}", delayed = "1s",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void terminateAll() {
        for (Node node : kube.cachedNodes()) {
            if (node.getMetadata().getDeletionTimestamp() == null || !hasFinalizer(node)
                || !ownership.ownsNodePool(label(node, Labels.NODEPOOL))) {
                continue;
            }
            EventMessages.putMdc(Correlation.NONE.withNodePool(label(node, Labels.NODEPOOL)));
            try {
                drain.step(node.getMetadata().getName());
            } catch (RuntimeException e) {
                LOG.warnf(e, "node %s: termination step failed, retrying next round", node.getMetadata().getName());
            } finally {
                EventMessages.clearMdc();
            }
        }
        for (NodeClaim claim : kube.cachedNodeClaims()) {
            if (!NodeClaimFacts.deleting(claim) || !NodeClaimFacts.hasFinalizer(claim)
                || !ownership.ownsNodePool(NodeClaimFacts.nodePool(claim))) {
                continue;
            }
            EventMessages.putMdc(Correlation.NONE.withNodePool(NodeClaimFacts.nodePool(claim))
                .withNodeClaim(claim.getMetadata().getName()));
            try {
                step(claim.getMetadata().getName());
            } catch (RuntimeException e) {
                LOG.warnf(e, "NodeClaim %s: termination step failed, retrying next round", claim.getMetadata().getName());
            } finally {
                EventMessages.clearMdc();
            }
        }
    }

    /** One step of a deleting NodeClaim's termination, on its live state. */
    public void step(String name) {
        Optional<NodeClaim> live = kube.nodeClaimNow(name);
        if (live.isEmpty() || !NodeClaimFacts.deleting(live.get()) || !NodeClaimFacts.hasFinalizer(live.get())) {
            return;
        }
        NodeClaim claim = stampTerminationTimestamp(live.get());
        String pool = NodeClaimFacts.nodePool(claim);
        publishTerminatingOnce(claim);
        Optional<Node> node = nodeOf(claim);
        if (node.isPresent()) {
            if (node.get().getMetadata().getDeletionTimestamp() == null) {
                kube.client().nodes().withName(node.get().getMetadata().getName()).delete();
                LOG.infof("NodeClaim %s deleting: its node %s deleted, waiting for it to drain",
                    name, node.get().getMetadata().getName());
            }
            return;
        }
        Optional<FleetLauncher.LaunchedInstance> instance = NodeClaimFacts.instance(claim);
        if (instance.isPresent() && !instances.gone(instance.get().instanceId(), name, pool)) {
            return;
        }
        kube.updateNodeClaim(name, nc -> nc.getMetadata().getFinalizers().remove(DisruptionKeys.TERMINATION_FINALIZER));
        ReasonMessage why = why(claim);
        events.status(name, pool, NodeClaimPhase.TERMINATED, instance.orElse(null), NodeClaimFacts.nodeName(claim),
            NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_DECISION), why);
        String capacityType = instance.map(FleetLauncher.LaunchedInstance::capacityType).orElse("");
        metrics.nodeClaimTerminated(pool, capacityType, instance.map(FleetLauncher.LaunchedInstance::zone).orElse(""));
        // an interruption counted its disruption when it deleted the NodeClaim (as Karpenter's interruption controller)
        if (NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_REASON) != null
            && !InterruptionMarks.byInterruption(claim)) {
            metrics.nodeClaimDisrupted(why.reason().code().toLowerCase(), pool, capacityType);
        }
        LOG.infof("NodeClaim %s terminated (%s)", name, why.text());
    }

    /** {@code karpenter.sh/nodeclaim-termination-timestamp} = deletion + terminationGracePeriod, when it has one. */
    private NodeClaim stampTerminationTimestamp(NodeClaim claim) {
        String tgp = claim.getSpec() == null ? null : claim.getSpec().getTerminationGracePeriod();
        if (tgp == null || tgp.isBlank() || NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_TIMESTAMP) != null) {
            return claim;
        }
        Duration grace = Durations.parse(tgp);
        Instant deadline = Instant.parse(claim.getMetadata().getDeletionTimestamp()).plus(grace);
        return kube.updateNodeClaim(claim.getMetadata().getName(), nc -> putAnnotation(nc, DisruptionKeys.TERMINATION_TIMESTAMP,
            deadline.toString())).orElse(claim);
    }

    void publishTerminatingOnce(NodeClaim claim) {
        if (NodeClaimFacts.annotation(claim, TERMINATING_PUBLISHED) != null) {
            return;
        }
        events.status(claim.getMetadata().getName(), NodeClaimFacts.nodePool(claim), NodeClaimPhase.TERMINATING,
            NodeClaimFacts.instance(claim).orElse(null), NodeClaimFacts.nodeName(claim),
            NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_DECISION), why(claim));
        kube.updateNodeClaim(claim.getMetadata().getName(), nc -> putAnnotation(nc, TERMINATING_PUBLISHED, "true"));
    }

    /** The Node of a NodeClaim: {@code status.nodeName}, else the one with its providerID. */
    Optional<Node> nodeOf(NodeClaim claim) {
        String nodeName = NodeClaimFacts.nodeName(claim);
        if (nodeName != null) {
            Optional<Node> node = kube.nodeNow(nodeName);
            if (node.isPresent()) {
                return node;
            }
        }
        String providerId = NodeClaimFacts.providerId(claim);
        return providerId == null ? Optional.empty() : kube.nodesWithProviderId(providerId).stream().findFirst()
            .flatMap(n -> kube.nodeNow(n.getMetadata().getName()));
    }

    /** Why it terminates: the accepted request's reason, else a deletion by someone else. */
    static ReasonMessage why(NodeClaim claim) {
        String reason = NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_REASON);
        if (reason != null) {
            try {
                Reason r = Reason.valueOf(reason);
                String message = NodeClaimFacts.annotation(claim, DisruptionKeys.TERMINATION_MESSAGE);
                return new ReasonMessage(r, message == null || message.isBlank() ? r.code() : message);
            } catch (IllegalArgumentException e) {
                // an annotation someone else wrote: fall through
            }
        }
        return Reason.DELETED_BY_USER.format("NodeClaim", claim.getMetadata().getName());
    }

    static boolean putAnnotation(NodeClaim claim, String key, String value) {
        Map<String, String> annotations = new LinkedHashMap<>(claim.getMetadata().getAnnotations() == null ? Map.of()
            : claim.getMetadata().getAnnotations());
        if (value.equals(annotations.put(key, value))) {
            return false;
        }
        claim.getMetadata().setAnnotations(annotations);
        return true;
    }

    static boolean hasFinalizer(Node node) {
        return node.getMetadata().getFinalizers() != null
            && node.getMetadata().getFinalizers().contains(DisruptionKeys.TERMINATION_FINALIZER);
    }

    static String label(Node node, String key) {
        return node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(key);
    }
}
