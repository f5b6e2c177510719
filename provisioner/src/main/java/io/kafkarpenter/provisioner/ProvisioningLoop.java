package io.kafkarpenter.provisioner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kafkarpenter.service.ec2.InstanceTypeProvider;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.validation.NodePoolValidator;
import io.kafkarpenter.model.crd.validation.Violation;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.kube.DaemonSetPods;
import io.kafkarpenter.model.kube.KubeNodes;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.PreferencePolicy;
import io.kafkarpenter.model.scheduling.SchedulerOptions;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.service.EventMessages;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The batching loop (see DESIGN.md): pending pods and cluster changes arm Karpenter's batch window; a Quarkus
 * scheduler tick closes it; once the pending set has been replayed, the informers have synced and no launch of ours
 * is still unanswered, one {@link ProvisioningPass} runs and its NodeClaim launches ({@code kk.nodeclaims.launch},
 * key NodePool) and decision record ({@code kk.decisions}) are published.
 */
@ApplicationScoped
public class ProvisioningLoop {

    private static final Logger LOG = Logger.getLogger(ProvisioningLoop.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    ProvisionerConfig config;
    @Inject
    PendingPods pendingPods;
    @Inject
    PendingTopicRebalancer replay;
    @Inject
    ClusterState cluster;
    @Inject
    InFlightClaims inFlight;
    @Inject
    InFlightCapacity inFlightCapacity;
    @Inject
    FeedbackReplay feedbackReplay;
    @Inject
    UnavailableOfferings unavailable;
    @Inject
    InstanceTypeProvider instanceTypes;
    @Inject
    NodePoolConditions conditions;
    @Inject
    ProvisionerMetrics metrics;
    @Inject
    PodEvents podEvents;
    @Inject
    LaunchPublisher launches;
    @Inject
    @Channel("decisions")
    MutinyEmitter<byte[]> decisions;

    private final Clock clock = Clock.systemUTC();
    private BatchWindow window;
    private volatile boolean passDue;
    private volatile Instant windowClosedAt = Instant.EPOCH;
    /** How long the latest pending pod took from pod-watcher seeing it to this provisioner reading it. */
    private volatile long lastArrivalLagMillis;
    private volatile Instant lastPassAt = Instant.EPOCH;
    /** When the last pass that ran the engine started (a pass of held pods only may be skipped, see runPass). */
    private volatile Instant lastFullPassAt = Instant.EPOCH;
    private volatile Instant lastPreparedAt = Instant.EPOCH;
    private volatile String lastRecordFingerprint = "";
    private volatile String waitingFor = "";
    private volatile boolean launcherBehind;
    private volatile Instant lastBehindCheck = Instant.EPOCH;
    private final Set<String> invalidDaemonSetsLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @PostConstruct
    void init() {
        window = new BatchWindow(config.batchIdleDuration(), config.batchMaxDuration());
        metrics.launcherBacklog(this, loop -> loop.unansweredLaunches(loop.clock.instant()).size(),
            ProvisioningLoop::oldestUnansweredSeconds);
    }

    /** Launch decisions that count and are not answered yet, oldest first. */
    private List<InFlightClaims.Claim> unansweredLaunches(Instant now) {
        return inFlight.unanswered(now, config.launchExpiryGrace(), this::nodeClaimExists);
    }

    private double oldestUnansweredSeconds() {
        Instant now = clock.instant();
        return inFlight.oldestUnanswered(now, config.launchExpiryGrace(), this::nodeClaimExists)
            .map(c -> c.age(now).toMillis() / 1000.0).orElse(0.0);
    }

    private boolean nodeClaimExists(String name) {
        return cluster.nodeClaim(name).isPresent();
    }

    /**
     * Says so when the launcher falls behind (an unanswered decision older than {@code launcher-behind-after}) and
     * when it caught up; checked once a second.
     */
    private void watchLauncher(Instant now) {
        if (now.isBefore(lastBehindCheck.plusSeconds(1))) {
            return;
        }
        lastBehindCheck = now;
        List<InFlightClaims.Claim> unanswered = unansweredLaunches(now);
        boolean behind = !unanswered.isEmpty()
            && unanswered.get(0).age(now).compareTo(config.launcherBehindAfter()) > 0;
        if (behind && !launcherBehind) {
            InFlightClaims.Claim oldest = unanswered.get(0);
            LOG.warnf("the launcher is behind: %d launch decision(s) unanswered, the oldest (NodeClaim %s) for %d s; "
                    + "they count as in-flight capacity and their pods wait for them (AWAITING_LAUNCH) until the "
                    + "launcher answers or they expire (the oldest at %s)", unanswered.size(), oldest.name(),
                oldest.age(now).toSeconds(), oldest.launch().expiresAt());
        } else if (!behind && launcherBehind) {
            LOG.infof("the launcher caught up: %d launch decision(s) unanswered, none older than %s",
                unanswered.size(), config.launcherBehindAfter());
        }
        launcherBehind = behind;
    }

    /** A pending pod arrived or changed. */
    void podArrived(PendingPod pod) {
        Instant now = clock.instant();
        window.trigger(pod.key(), now);
        if (pod.observedAt() != null) {
            lastArrivalLagMillis = Duration.between(pod.observedAt(), now).toMillis();
        }
    }

    /** Something the decision depends on changed: pending pods are reconsidered. */
    void stateChanged(String what) {
        if (pendingPods.size() > 0) {
            LOG.debugf("re-batching: %s", what);
            window.nudge(clock.instant());
        }
    }

    @Scheduled(every = "${kk.provisioner.tick:50ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
        skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        Instant now = clock.instant();
        watchLauncher(now);
        if (!window.isOpen() && !passDue && pendingPods.size() > 0
            && !now.isBefore(lastPassAt.plus(config.requeuePeriod()))) {
            window.nudge(now); // Karpenter requeues still-pending pods every 10s
        }
        if (window.closeIfDue(now)) {
            passDue = true;
            windowClosedAt = now;
            metrics.batchWindowClosed(window.lastCloseReason(), window.lastLength());
        }
        if (!passDue) {
            if (!window.isOpen() && cluster.synced() && !now.isBefore(lastPreparedAt.plusSeconds(1))) {
                // idle: have the instance types of every NodePool ready, so a pass never waits for them
                lastPreparedAt = now;
                prepareInstanceTypes();
            }
            return;
        }
        String notReady = notReadyBecause(now);
        if (notReady != null) {
            if (!notReady.equals(waitingFor)) {
                LOG.infof("batch waits: %s", notReady);
                waitingFor = notReady;
            }
            return;
        }
        waitingFor = "";
        passDue = false;
        try {
            runPass(now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "provisioning pass failed: %s", e.getMessage());
            metrics.passError();
        } finally {
            lastPassAt = clock.instant();
        }
    }

    private String notReadyBecause(Instant now) {
        if (!replay.caughtUp()) {
            return "replaying kk.pods.pending";
        }
        if (!cluster.synced()) {
            return "informers not synced";
        }
        if (!feedbackReplay.caughtUp()) {
            return "replaying the launcher's topics (" + feedbackReplay.remaining() + ")";
        }
        // Karpenter's "cluster synced": wait until the launches in flight are answered, so their instance types and
        // zones are known; once one is older than launcher-behind-after the launcher is behind and the pass goes on,
        // counting the unanswered claims by what they may become (their pods wait for them)
        List<InFlightClaims.Claim> waiting = unansweredLaunches(now).stream()
            .filter(c -> c.age(now).compareTo(config.launcherBehindAfter()) <= 0)
            .filter(c -> inFlightCapacity.resolve(c).isEmpty()).toList();
        if (!waiting.isEmpty()) {
            return waiting.size() + " launch(es) not answered yet (" + waiting.get(0).name() + ")";
        }
        return null;
    }

    private void runPass(Instant now) {
        List<PendingPod> pending = new ArrayList<>(pendingPods.snapshot());
        // a pod already bound counts on its node; its tombstone on kk.pods.pending may still be on its way
        pending.removeIf(p -> cluster.isBound(p.pod().ref()));
        if (pending.isEmpty()) {
            metrics.nothingPending();
            return;
        }
        if (now.isBefore(lastFullPassAt.plus(config.requeuePeriod())) && inFlightCapacity.holdsAll(
            inFlight.active(now, config.launchExpiryGrace(), this::nodeClaimExists), pending)) {
            // every pending pod waits for the NodeClaim decided for it: a pass would decide nothing new (launch
            // progress nudges the window every few seconds during a burst; a pass over 20,000 held pods took 1.4 s);
            // the requeue still runs one every requeue-period
            LOG.debugf("pass skipped: all %d pending pods wait for their NodeClaims", pending.size());
            return;
        }
        lastFullPassAt = now;
        long start = System.nanoTime();
        unavailable.expire(now);

        // NodePools: valid ones to the engine; invalid ones reported on their status and skipped
        Map<String, ReasonMessage> invalid = new LinkedHashMap<>();
        List<NodePoolTemplate> pools = new ArrayList<>();
        Map<String, ProvisioningPass.PoolExtras> extras = new HashMap<>();
        Map<String, List<InstanceType>> typesByPool = new HashMap<>();
        for (NodePool np : cluster.nodePools()) {
            String name = np.getMetadata().getName();
            if (np.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            List<Violation> violations = NodePoolValidator.validate(np);
            if (!violations.isEmpty()) {
                String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
                invalid.put(name, Reason.NODEPOOL_INVALID.format(name, message));
                conditions.report(np, NodePoolConditions.VALIDATION_SUCCEEDED, false, "ValidationFailed", message);
                continue;
            }
            conditions.report(np, NodePoolConditions.VALIDATION_SUCCEEDED, true, "ValidationSucceeded", "");
            var ref = np.getSpec().getTemplate().getSpec().getNodeClassRef();
            Optional<EC2NodeClass> nodeClass = cluster.nodeClassOf(np);
            if (nodeClass.isEmpty()) {
                String message = "EC2NodeClass " + (ref == null ? "(none)" : ref.getName()) + " not found";
                invalid.put(name, Reason.NODEPOOL_NOT_READY.format(name, message));
                conditions.report(np, NodePoolConditions.NODE_CLASS_READY, false, "NodeClassNotFound", message);
                continue;
            }
            // the one readiness test: the tag-reconciler has resolved the class's status for its current spec
            Optional<String> notReady = EC2NodeClassConditions.notReady(nodeClass.get());
            if (notReady.isPresent()) {
                String message = Reason.NODECLASS_NOT_READY.format(ref.getName(), notReady.get()).text();
                invalid.put(name, Reason.NODEPOOL_NOT_READY.format(name, message));
                conditions.report(np, NodePoolConditions.NODE_CLASS_READY, false, "NodeClassNotReady", message);
                continue;
            }
            conditions.report(np, NodePoolConditions.NODE_CLASS_READY, true, "NodeClassReady", "");
            try {
                NodePoolTemplate bare = EngineInputs.nodePool(np, List.of());
                List<InstanceType> types = withUnavailableMarks(instanceTypes.forNodePool(bare, nodeClass.get()), now);
                NodePoolTemplate template = bare.withInstanceTypes(types);
                pools.add(template);
                typesByPool.put(name, types);
                extras.put(name, new ProvisioningPass.PoolExtras(
                    new NodeClassRef(ref.getGroup() == null ? "karpenter.k8s.aws" : ref.getGroup(),
                        ref.getKind() == null ? "EC2NodeClass" : ref.getKind(), ref.getName()),
                    np.getSpec().getTemplate().getSpec().getExpireAfter(),
                    np.getSpec().getTemplate().getSpec().getTerminationGracePeriod()));
            } catch (IllegalArgumentException e) {
                invalid.put(name, Reason.NODEPOOL_INVALID.format(name, e.getMessage()));
                conditions.report(np, NodePoolConditions.VALIDATION_SUCCEEDED, false, "ValidationFailed",
                    e.getMessage());
            }
        }

        instanceTypes.retainNodePools(cluster.nodePools().stream().map(np -> np.getMetadata().getName())
            .collect(Collectors.toSet()));

        Set<String> providerIds = new HashSet<>();
        Set<String> nodeNames = new HashSet<>();
        List<ExistingNode> nodes = existingNodes(providerIds, nodeNames);
        // a pod bound while this pass read the nodes is counted on its node: not pending too
        Set<String> boundUids = new HashSet<>();
        nodes.forEach(n -> n.pods().forEach(p -> boundUids.add(p.uid())));
        pending.removeIf(p -> boundUids.contains(p.pod().uid()));
        Map<String, PendingPod> pendingByUid = new HashMap<>();
        pending.forEach(p -> pendingByUid.put(p.pod().uid(), p));
        InFlightCapacity.Result inFlightNodes = inFlightCapacity.of(
            inFlight.active(now, config.launchExpiryGrace(), this::nodeClaimExists), typesByPool, providerIds,
            nodeNames, pendingByUid, now);
        nodes.addAll(inFlightNodes.nodes());

        List<SchedulingPod> daemonSets = DaemonSetPods.of(cluster.daemonSets(), cluster::newestPodOf,
            this::invalidDaemonSet);

        ProvisioningPass.Input input = new ProvisioningPass.Input(pending, pools, extras, nodes, daemonSets,
            inFlightNodes.names(), inFlightNodes.awaiting(), invalid,
            new SchedulerOptions(PreferencePolicy.Respect, true, config.maxInstanceTypes()), now,
            now.plus(config.launchTtl()));
        ProvisioningPass.Output out = ProvisioningPass.decide(input,
            name -> inFlight.released(name, now, config.launchExpiryGrace(), this::nodeClaimExists)
                || inFlightCapacity.deleting(name));
        metrics.pass(System.nanoTime() - start, out.unschedulable());

        Correlation correlation = Correlation.NONE.withDecision(out.decisionId());
        // every launch acknowledged before the decision record, as before, but LaunchPublisher.CHUNK at a time instead of
        // one (awaiting each ack took ~19 ms a launch: 71 s for the 3,762 of a 20,000-pod pass)
        for (NodeClaimLaunch launch : out.launches()) {
            inFlight.decided(launch);
            LOG.infof("NodeClaim %s (NodePool %s) for %d pods: %s", launch.nodeClaimName(), launch.nodePool(),
                launch.pods().size(), launch.instanceTypes().stream().limit(3).map(o -> o.name()).toList());
        }
        launches.publishAll(out.launches(),
            launch -> correlation.withNodePool(launch.nodePool()).withNodeClaim(launch.nodeClaimName()));
        for (PendingPod p : pending) {
            metrics.decided(Duration.between(p.observedAt(), now));
        }
        String fingerprint = out.fingerprint();
        if (!out.launches().isEmpty() || !fingerprint.equals(lastRecordFingerprint)) {
            for (DecisionRecord part : DecisionRecordParts.of(out.record())) {
                decisions.sendMessage(EventMessages.message(part.key(), part, correlation)).await().atMost(SEND_TIMEOUT);
            }
            lastRecordFingerprint = fingerprint;
            LOG.infof("batch %s: %s (%s, the last %d ms after pod-watcher saw it; pass started %d ms after the "
                    + "window closed, took %d ms)", out.decisionId(), out.record().message(), window.lastClose(),
                lastArrivalLagMillis, Duration.between(windowClosedAt, now).toMillis(),
                (System.nanoTime() - start) / 1_000_000);
        } else {
            LOG.debugf("batch %s (unchanged): %s", out.decisionId(), out.record().message());
        }
        for (PodOutcome o : out.record().podOutcomes()) {
            LOG.debugf("pod %s: %s", o.pod(), o.message());
        }
        podEvents.publish(out.record().podOutcomes(), cluster.nodeClaims());
    }

    /** Logged once per DaemonSet version: the DaemonSet is left out of the overhead. */
    private void invalidDaemonSet(DaemonSet ds, String why) {
        if (invalidDaemonSetsLogged.add(ds.getMetadata().getUid() + "@" + ds.getMetadata().getResourceVersion())) {
            LOG.warnf("DaemonSet %s/%s left out of the DaemonSet overhead: %s", ds.getMetadata().getNamespace(),
                ds.getMetadata().getName(), why);
        }
    }

    private List<InstanceType> withUnavailableMarks(List<InstanceType> types, Instant now) {
        if (unavailable.size() == 0) {
            return types;
        }
        List<InstanceType> out = new ArrayList<>(types.size());
        for (InstanceType t : types) {
            boolean marked = false;
            List<Offering> offerings = new ArrayList<>(t.offerings().size());
            for (Offering o : t.offerings()) {
                boolean off = unavailable.isUnavailable(t.name(), o.zone(), o.capacityType(), now);
                marked |= off;
                offerings.add(off ? o.withAvailable(false) : o);
            }
            out.add(marked ? t.withOfferings(offerings) : t);
        }
        return out;
    }

    // -- existing nodes and in-flight NodeClaims -----------------------------------------------------------------------

    /** The cluster's Nodes (not being deleted) with the pods bound to them; fills their provider IDs and names. */
    private List<ExistingNode> existingNodes(Set<String> providerIds, Set<String> nodeNames) {
        List<ExistingNode> out = new ArrayList<>();
        for (Node node : cluster.nodes()) {
            if (node.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            nodeNames.add(node.getMetadata().getName());
            if (node.getSpec() != null && node.getSpec().getProviderID() != null) {
                providerIds.add(node.getSpec().getProviderID());
            }
            out.add(existingNode(node));
        }
        return out;
    }

    /** Builds (or finds cached) the instance types of every valid NodePool whose EC2NodeClass exists. */
    private void prepareInstanceTypes() {
        for (NodePool np : cluster.nodePools()) {
            Optional<EC2NodeClass> nodeClass = cluster.nodeClassOf(np);
            if (np.getMetadata().getDeletionTimestamp() != null || nodeClass.isEmpty()) {
                continue;
            }
            try {
                instanceTypes.forNodePool(EngineInputs.nodePool(np, List.of()), nodeClass.get());
            } catch (RuntimeException e) {
                // an invalid NodePool: the pass reports it
            }
        }
    }

    private ExistingNode existingNode(Node node) {
        return KubeNodes.existingNode(node, cluster.podsOn(node.getMetadata().getName()),
            (pod, why) -> LOG.debugf("bound pod %s/%s not counted: %s", pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), why));
    }
}
