package io.kafkarpenter.launcher.launch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.ec2.FleetLauncher.LaunchedInstance;
import io.kafkarpenter.launcher.ec2.InstanceTypeCatalog;
import io.kafkarpenter.launcher.ec2.NodeClassStatusReader;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.launcher.launch.LaunchAdmission.Candidate;
import io.kafkarpenter.launcher.launch.LaunchAdmission.Verdict;
import io.kafkarpenter.launcher.launch.Reservations.Reservation;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;

/**
 * Handles one launch request, idempotently (see DESIGN.md): re-validate against the live NodePool and EC2NodeClass,
 * reserve the capacity under the NodePool's limits by creating the NodeClaim object ({@link Reservations}), find or
 * launch its one instance ({@link InstanceLauncher}), then record it on the NodeClaim and publish LAUNCHED
 * ({@link LaunchOutcomes}). Many requests are handled at once; two deliveries of the same NodeClaim never are (the
 * second waits for the first, then finds it done). Must be called while the request's partition is owned
 * ({@link PartitionOwnership#whileOwning}).
 */
@ApplicationScoped
public class LaunchHandler {

    private static final Logger LOG = Logger.getLogger(LaunchHandler.class);
    public static final String UNREGISTERED_TAINT = "karpenter.sh/unregistered";

    private final KubeState kube;
    private final LauncherConfig config;
    private final InstanceTypeCatalog catalog;
    private final NodeClassStatusReader nodeClasses;
    private final LauncherEvents events;
    private final LauncherMetrics metrics;
    private final Reservations reservations;
    private final InstanceLauncher instances;
    private final LaunchOutcomes outcomes;
    /** NodeClaims being handled now, by name: a second delivery of one waits for the first. */
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    LaunchHandler(KubeState kube, LauncherConfig config, InstanceTypeCatalog catalog, NodeClassStatusReader nodeClasses,
                  LauncherEvents events, LauncherMetrics metrics, Reservations reservations, InstanceLauncher instances,
                  LaunchOutcomes outcomes) {
        this.kube = kube;
        this.config = config;
        this.catalog = catalog;
        this.nodeClasses = nodeClasses;
        this.events = events;
        this.metrics = metrics;
        this.reservations = reservations;
        this.instances = instances;
        this.outcomes = outcomes;
    }

    public void handle(NodeClaimLaunch launch) {
        java.time.Duration age = java.time.Duration.between(launch.createdAt(), events.now());
        metrics.requestAge(age);
        LOG.debugf("NodeClaim %s: decision taken up %d ms after it was made", launch.nodeClaimName(), age.toMillis());
        CompletableFuture<Void> mine = new CompletableFuture<>();
        for (CompletableFuture<Void> other = inFlight.putIfAbsent(launch.nodeClaimName(), mine); other != null;
             other = inFlight.putIfAbsent(launch.nodeClaimName(), mine)) {
            other.exceptionally(e -> null).join(); // a redelivery while the first delivery runs: it finds it done
        }
        try {
            handle(launch, false);
        } finally {
            inFlight.remove(launch.nodeClaimName(), mine);
            mine.complete(null);
        }
    }

    /** Tests only: runs right after a reservation is written, to play a concurrent writer. */
    public void afterReservation(java.util.function.Consumer<NodeClaimLaunch> hook) {
        reservations.afterReservation(hook);
    }

    /**
     * {@code readLive}: read the NodeClaim from the API server even when the informer does not know it. A first
     * delivery (the common case) needs no read: the NodeClaim is created, and a 409 (a concurrent or earlier delivery
     * created it, the informer has not seen it yet) comes back here with {@code readLive}. An expired decision is
     * read live too: a NodeClaim an earlier delivery created in time is finished, otherwise nothing is done.
     */
    private void handle(NodeClaimLaunch launch, boolean readLive) {
        String name = launch.nodeClaimName();
        Instant expiry = expiry(launch);
        boolean expired = !events.now().isBefore(expiry);
        Optional<NodeClaim> existing = readLive || expired || kube.nodeClaimCached(name).isPresent()
            ? kube.nodeClaimNow(name) : Optional.empty();
        if (existing.isPresent() && existing.get().getStatus() != null && existing.get().getStatus().getProviderID() != null) {
            LOG.infof("NodeClaim %s already launched as %s: nothing to do", name, existing.get().getStatus().getProviderID());
            metrics.request("duplicate");
            return;
        }
        if (existing.isPresent() && "False".equals(NodeClaimConditions.status(existing.get(), NodeClaimConditions.LAUNCHED))) {
            LOG.infof("NodeClaim %s already failed to launch: nothing to do", name);
            metrics.request("duplicate");
            return;
        }
        if (existing.isPresent() && existing.get().getMetadata().getDeletionTimestamp() != null) {
            LOG.infof("NodeClaim %s is being deleted: not launched", name);
            metrics.request("duplicate");
            return;
        }
        if (existing.isEmpty() && expired) {
            outcomes.expired(launch, expiry);
            return;
        }
        Optional<NodePool> pool = kube.nodePool(launch.nodePool());
        if (pool.isEmpty()) {
            outcomes.refuse(launch, Reason.NODEPOOL_INVALID.format(launch.nodePool(), "NodePool not found"));
            return;
        }
        Optional<EC2NodeClass> nodeClass = kube.nodeClass(launch.nodeClassRef().name());
        Optional<String> unusable = nodeClass.flatMap(nodeClasses::unusable);
        if (nodeClass.isEmpty() || unusable.isPresent()) {
            // the informer may lag behind a class that just became Ready: read it live before saying no
            nodeClass = kube.nodeClassNow(launch.nodeClassRef().name());
            unusable = nodeClass.isEmpty() ? Optional.of("EC2NodeClass not found") : nodeClasses.unusable(nodeClass.get());
        }
        if (unusable.isPresent()) {
            ReasonMessage why = Reason.NODECLASS_NOT_READY.format(launch.nodeClassRef().name(), unusable.get());
            if (existing.isPresent()) {
                // reserved by an earlier delivery: adopt its instance if it launched one, else withdraw the reservation
                Optional<LaunchedInstance> found = instances.findExisting(existing.get(), launch.nodePool());
                if (found.isPresent()) {
                    outcomes.launched(launch, existing.get(), found.get());
                } else {
                    outcomes.fail(launch, existing.get(), why, true);
                }
            } else {
                outcomes.refuse(launch, why);
            }
            return;
        }
        Verdict verdict = LaunchAdmission.check(launch, pool.get(), catalog);
        if (!verdict.admitted()) {
            outcomes.refuse(launch, verdict.refusal());
            return;
        }
        List<Candidate> candidates = verdict.candidates();
        NodeClaim claim;
        if (existing.isPresent()) {
            // a previous delivery reserved it and stopped before launching: it is counted already, go on launching
            claim = existing.get();
            Set<String> reserved = Set.copyOf(reservedTypes(claim));
            candidates = candidates.stream().filter(c -> reserved.isEmpty() || reserved.contains(c.instanceType())).toList();
        } else {
            Reservation reservation = reservations.reserve(launch, pool.get(), nodeClass.get(), candidates);
            if (reservation.status() == Reservations.Status.REFUSED) {
                return;
            }
            if (reservation.status() == Reservations.Status.EXISTS) {
                if (readLive) {
                    throw new IllegalStateException("NodeClaim " + name + " exists (409 on create) but cannot be read");
                }
                handle(launch, true); // it exists already: decide again on what the API server has
                return;
            }
            claim = reservation.claim();
            candidates = reservation.candidates();
        }
        instances.launch(launch, claim, nodeClass.get(), candidates, existing.isPresent());
    }

    /**
     * When the decision stops being valid: its record's {@code expiresAt}, but never later than {@code createdAt +
     * max-launch-ttl} (distrust the topic: a record may be forged).
     */
    public Instant expiry(NodeClaimLaunch launch) {
        Instant cap = launch.createdAt().plus(config.maxLaunchTtl());
        return launch.expiresAt().isAfter(cap) ? cap : launch.expiresAt();
    }


    private static List<String> reservedTypes(NodeClaim claim) {
        if (claim.getSpec() == null || claim.getSpec().getRequirements() == null) {
            return List.of();
        }
        return claim.getSpec().getRequirements().stream()
            .filter(r -> Labels.INSTANCE_TYPE.equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null)
            .findFirst().map(r -> r.getValues()).orElse(List.of());
    }
}
