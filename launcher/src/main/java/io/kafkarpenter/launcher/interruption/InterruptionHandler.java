package io.kafkarpenter.launcher.interruption;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.NodeClaimEvents;
import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.launcher.ec2.Tags;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.interruption.InterruptionAction;
import io.kafkarpenter.model.interruption.InterruptionAction.Kind;
import io.kafkarpenter.model.interruption.InterruptionDecisions;
import io.kafkarpenter.model.interruption.InterruptionMessage;
import io.kafkarpenter.model.interruption.OwnedInstance;
import io.kafkarpenter.model.kube.InterruptionOwners;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.service.EventMessages;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The effects of one parsed interruption message ({@link InterruptionDecisions#decide}, pure, says what): per instance
 * it names, the events, the unavailable offering ({@code kk.offerings.unavailable}), the kk.decisions record and, for a
 * deletion, the NodeClaim's termination annotations and {@code DisruptionReason} condition, then its DELETE — the
 * finalizer hands it to the launcher's one termination flow ({@code Termination}: Node deleted and drained with
 * PodDisruptionBudgets respected, instance terminated; no disruption budgets, as Karpenter). Every step is idempotent
 * and a redelivered message whose deletion already happened does nothing: while the NodeClaim is being deleted
 * ({@link InterruptionMarks#alreadyHandled}) and once it is gone (its instance, of this cluster, is shutting down or
 * terminated: not recorded as an unowned instance).
 * A failure (Kubernetes, EC2 or Kafka) is thrown: the reader then leaves the message on the queue.
 */
@ApplicationScoped
public class InterruptionHandler {

    private static final Logger LOG = Logger.getLogger(InterruptionHandler.class);

    private final KubeState kube;
    private final FleetLauncher fleet;
    private final LauncherConfig config;
    private final LauncherEvents events;
    private final NodeClaimEvents kubeEvents;
    private final LauncherMetrics metrics;

    InterruptionHandler(KubeState kube, FleetLauncher fleet, LauncherConfig config, LauncherEvents events,
                        NodeClaimEvents kubeEvents, LauncherMetrics metrics) {
        this.kube = kube;
        this.fleet = fleet;
        this.config = config;
        this.events = events;
        this.kubeEvents = kubeEvents;
        this.metrics = metrics;
    }

    /** Acts on every instance {@code message} names; throws when a step failed (the message must stay). */
    public void handle(InterruptionMessage message) {
        Instant now = events.now();
        Map<String, OwnedInstance> cached = InterruptionOwners.of(kube.cachedNodeClaims(), kube.cachedNodes());
        Map<String, NodeClaim> live = new HashMap<>();
        List<InterruptionAction> actions = InterruptionDecisions.decide(message, id -> owner(cached.get(id), live), now);
        for (InterruptionAction action : actions) {
            Correlation correlation = Correlation.NONE.withDecision(InterruptionDecisions.schedulingId(action));
            if (action.owner() != null) {
                correlation = correlation.withNodeClaim(action.owner().nodeClaim());
                if (action.owner().nodePool() != null) {
                    correlation = correlation.withNodePool(action.owner().nodePool());
                }
            }
            EventMessages.putMdc(correlation);
            try {
                act(action, action.owner() == null ? null : live.get(action.owner().nodeClaim()), correlation, now);
            } finally {
                EventMessages.clearMdc();
            }
        }
    }

    /**
     * The owner as the informer cache has it, checked against the API server: a NodeClaim gone meanwhile owns nothing,
     * one being deleted is {@link OwnedInstance#deleting()} even when the cache does not show it yet.
     */
    private Optional<OwnedInstance> owner(OwnedInstance cached, Map<String, NodeClaim> live) {
        if (cached == null) {
            return Optional.empty();
        }
        Optional<NodeClaim> now = kube.nodeClaimNow(cached.nodeClaim());
        if (now.isEmpty()) {
            return Optional.empty();
        }
        live.put(cached.nodeClaim(), now.get());
        return Optional.of(now.get().getMetadata().getDeletionTimestamp() != null && !cached.deleting()
            ? cached.markedDeleting() : cached);
    }

    private void act(InterruptionAction action, NodeClaim live, Correlation correlation, Instant now) {
        switch (action.kind()) {
            case IGNORE_UNOWNED -> {
                Optional<String> gone = ownedAndAlreadyGone(action.instanceId());
                if (gone.isPresent()) {
                    LOG.infof("interruption %s: instance %s is this cluster's and already %s, its NodeClaim gone (the "
                        + "message handled before, delivered again): nothing to do", InterruptionDecisions.schedulingId(
                        action), action.instanceId(), gone.get());
                    return;
                }
                LOG.infof("interruption: %s", action.why().text());
                events.record(InterruptionDecisions.record(action, LauncherEvents.SERVICE, now), correlation);
            }
            case EVENT_ONLY -> {
                LOG.infof("interruption: %s", action.why().text());
                kubeEvents.publish(action.events());
                events.record(InterruptionDecisions.record(action, LauncherEvents.SERVICE, now), correlation);
            }
            case DELETE_NODECLAIM -> delete(action, live, correlation, now);
        }
    }

    private void delete(InterruptionAction action, NodeClaim live, Correlation correlation, Instant now) {
        OwnedInstance owner = action.owner();
        if (live != null && InterruptionMarks.alreadyHandled(live, action)) {
            LOG.infof("interruption %s: NodeClaim %s is already being deleted for it (message delivered again): nothing "
                + "to do", InterruptionDecisions.schedulingId(action), owner.nodeClaim());
            return;
        }
        Optional<String> notOwned = notOwned(owner);
        if (notOwned.isPresent()) {
            ReasonMessage why = new ReasonMessage(Reason.INTERRUPTION_UNOWNED_INSTANCE, action.type().label()
                + " message " + action.messageId() + " for instance " + owner.instanceId() + " of NodeClaim "
                + owner.nodeClaim() + ": " + notOwned.get() + "; ignored");
            LOG.warnf("interruption: %s", why.text());
            events.record(InterruptionDecisions.record(new InterruptionAction(action.messageId(), action.type(),
                action.instanceId(), Kind.IGNORE_UNOWNED, null, why, null, List.of(), List.of()),
                LauncherEvents.SERVICE, now), correlation);
            return;
        }
        kubeEvents.publish(action.events());
        action.unavailableOffering().ifPresent(o -> {
            events.unavailable(new UnavailableOffering(o.instanceType(), o.zone(), o.capacityType(), o.reason(),
                o.message(), o.markedAt(), o.markedAt().plus(config.unavailableOfferingsTtl())));
            metrics.unavailableOffering();
        });
        if (!action.startsTermination()) {
            LOG.infof("interruption: %s (NodeClaim already being deleted: termination not started again)",
                action.why().text());
            events.record(InterruptionDecisions.record(action, LauncherEvents.SERVICE, now), correlation);
            return;
        }
        String name = owner.nodeClaim();
        kube.updateNodeClaim(name, nc -> nc.getMetadata().getDeletionTimestamp() == null
            && InterruptionMarks.annotate(nc, action, now));
        kube.updateNodeClaimStatus(name, nc -> NodeClaimConditions.set(nc, NodeClaimConditions.DISRUPTION_REASON, "True",
            action.why().reason().camelCase(), action.why().text(), now));
        // recorded before the delete: a reader dying in between records it again on redelivery, never not at all
        events.record(InterruptionDecisions.record(action, LauncherEvents.SERVICE, now), correlation);
        kube.client().resources(NodeClaim.class).withName(name).delete();
        action.disruptedReasonLabel().ifPresent(reason -> metrics.nodeClaimDisrupted(reason, owner.nodePool(),
            owner.capacityType()));
        kubeEvents.publish(action.terminationEvents());
        LOG.infof("interruption: %s; NodeClaim %s deleted (termination follows)", action.why().text(), name);
    }

    /**
     * For an instance no NodeClaim owns: its state when EC2 says it carries this cluster's ownership tags and is
     * shutting down or terminated — a redelivered message whose NodeClaim already finished terminating (the first
     * delivery was handled, or the instance went another way) — else empty: a foreign instance, or one of ours still
     * running without a NodeClaim (the garbage collection's business), is recorded as unowned.
     */
    private Optional<String> ownedAndAlreadyGone(String instanceId) {
        return fleet.describeInstance(instanceId)
            .filter(i -> Tags.ownedBy(i.tags(), config.clusterName()) && FleetLauncher.shuttingDownOrTerminated(i))
            .map(FleetLauncher::stateName);
    }

    /** The instance, when EC2 still knows it, must carry this cluster's ownership tags (as for termination requests). */
    private Optional<String> notOwned(OwnedInstance owner) {
        Optional<Instance> described = fleet.describeInstance(owner.instanceId());
        if (described.isPresent() && !Tags.ownedBy(described.get().tags(), config.clusterName())) {
            return Optional.of("the instance does not carry cluster " + config.clusterName() + "'s ownership tags");
        }
        return Optional.empty();
    }
}
